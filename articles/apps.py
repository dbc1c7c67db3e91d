from django.apps import AppConfig

from core.roles import ALL, EDITORS
from events.apps import ORGANISERS


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    roles = {
        EDITORS: ALL,
        # Organisers read published articles (the access policy narrows the rows).
        ORGANISERS: ("articles.view_article", "articles.view_articleauthor"),
    }
