"""Full-text indexes for search (SQLite FTS5 or PostgreSQL GIN), see core.search."""

from django.db import migrations

from core.search import install_search_index


class Migration(migrations.Migration):
    dependencies = [("memorials", "0001_initial")]

    operations = [install_search_index("memorials", "HistoricalEvent", "Memorial")]
