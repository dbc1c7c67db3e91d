"""The admin for memorials, historical events and articles: what staff see and the
model rules the change forms enforce, each error on its own field."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from memorials.models import HistoricalEvent, Memorial
from tests.admin_forms import admin_form_data
from tests.factories import (
    AnniversaryEventFactory,
    ArticleAuthorFactory,
    ArticleFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return EditorFactory()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory(organisations=[OrganisationFactory()]))
    return client


def admin_url(model, name: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def post_change(client, obj, **changes):
    change_url = admin_url(type(obj), "change", obj.pk)
    return client.post(change_url, admin_form_data(client.get(change_url), **changes))


OUR_MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in {"core", "memorials", "events"}),
    key=str,
)


@pytest.mark.parametrize("model", OUR_MODELS)
def test_editor_opens_every_list_and_add_page(editor_client, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200


def test_event_list_queries_do_not_grow_with_rows(editor_client):
    AnniversaryEventFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(admin_url(AnniversaryEventFactory._meta.model, "changelist"))
    AnniversaryEventFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        editor_client.get(admin_url(AnniversaryEventFactory._meta.model, "changelist"))

    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (MemorialFactory, "name", "Edited by an organiser"),
        (ArticleFactory, "title", "Edited by an organiser"),
        (HistoricalEventFactory, "name", "Edited by an organiser"),
    ],
)
def test_organiser_can_view_but_not_change_the_directory(organiser_client, factory, field, value):
    obj = factory()
    change_url = admin_url(type(obj), "change", obj.pk)

    page = organiser_client.get(change_url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = organiser_client.post(change_url, {field: value})

    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) != value


def test_organiser_cannot_delete_or_add_memorials(organiser_client):
    memorial = MemorialFactory()

    assert organiser_client.get(admin_url(Memorial, "add")).status_code == 403
    assert organiser_client.post(admin_url(Memorial, "delete", memorial.pk)).status_code == 403
    assert Memorial.objects.filter(pk=memorial.pk).exists()


def test_organiser_cannot_revert_a_memorial_from_its_history(organiser_client):
    memorial = MemorialFactory(name="Original name")
    memorial.name = "Current name"
    memorial.save()
    version = memorial.history.earliest()
    revert_url = admin_url(Memorial, "simple_history", memorial.pk, version.history_id)
    page = organiser_client.get(revert_url)

    response = organiser_client.post(revert_url, admin_form_data(page))

    assert response.status_code == 403
    memorial.refresh_from_db()
    assert memorial.name == "Current name"


def test_organiser_cannot_publish_memorials(organiser_client):
    memorial = MemorialFactory(is_published=False)

    organiser_client.post(
        admin_url(Memorial, "changelist"),
        {"action": "publish", "_selected_action": [memorial.pk]},
    )

    memorial.refresh_from_db()
    assert memorial.is_published is False


@pytest.mark.parametrize("factory", [MemorialFactory, ArticleFactory])
def test_editor_publishes_and_unpublishes_with_actions(editor_client, editor, factory):
    obj = factory(is_published=False)
    changelist = admin_url(type(obj), "changelist")

    editor_client.post(changelist, {"action": "publish", "_selected_action": [obj.pk]})
    obj.refresh_from_db()
    assert obj.is_published is True
    assert obj.history.first().history_user == editor

    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [obj.pk]})
    obj.refresh_from_db()
    assert obj.is_published is False


def test_search_finds_a_memorial_by_other_name_without_accents(editor_client):
    wanted = MemorialFactory(name="Khojaly Memorial", other_names=["Xocalı soyqırımı abidəsi"])
    MemorialFactory(name="Unrelated")

    response = editor_client.get(admin_url(Memorial, "changelist"), {"q": "XOCALI"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_search_finds_a_historical_event_by_other_name(editor_client):
    wanted = HistoricalEventFactory(name="Khojaly massacre", other_names=["Hocalı Katliamı"])

    response = editor_client.get(admin_url(HistoricalEvent, "changelist"), {"q": "hocali"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_memorial_page_shows_photo_thumbnails(editor_client):
    photo = PhotoFactory(alt_text='A grey "stone" <plaque>')

    response = editor_client.get(admin_url(Memorial, "change", photo.memorial.pk))

    assert f'<img src="{photo.image.url}"' in response.text
    assert 'alt="A grey &quot;stone&quot; &lt;plaque&gt;"' in response.text


def test_article_authors_are_listed_in_position_order(editor_client):
    article = ArticleFactory()
    ArticleAuthorFactory(article=article, position=2, family_name="Second")
    ArticleAuthorFactory(article=article, position=1, family_name="First")

    response = editor_client.get(admin_url(Article, "change", article.pk))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.family_name for form in formset.forms] == ["First", "Second"]


def test_created_by_is_the_editor_who_added_the_record(editor_client, editor):
    data = {
        "name": "Siege",
        "start_date": "1992-02-26",
        "start_date_precision": "day",
        "remembered_on": "start",
        "leap_day": "february-28",
        "other_names": "[]",
        "_save": "Save",
    }

    response = editor_client.post(admin_url(HistoricalEvent, "add"), data)

    assert response.status_code == 302
    assert HistoricalEvent.objects.get(name="Siege").created_by == editor


def test_timestamps_and_created_by_are_read_only(editor_client):
    memorial = MemorialFactory()

    form = editor_client.get(admin_url(Memorial, "change", memorial.pk)).context["adminform"]

    assert {"created", "updated", "created_by"} <= set(form.readonly_fields)
    assert not {"created", "updated", "created_by"} & set(form.form.fields)


def test_invalid_latitude_is_refused_on_the_latitude_field(editor_client):
    memorial = MemorialFactory()

    response = post_change(editor_client, memorial, latitude="91")

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["latitude"]


def test_latitude_without_longitude_is_refused_on_the_longitude_field(editor_client):
    memorial = MemorialFactory()

    response = post_change(editor_client, memorial, longitude="")

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["longitude"]


def test_reversed_dates_are_refused_on_the_end_date_field(editor_client):
    historical_event = HistoricalEventFactory()

    response = post_change(editor_client, historical_event, end_date="1990-01-01")

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["end_date"]


def test_event_ending_before_it_starts_is_refused_on_ends_at(editor_client):
    event = AnniversaryEventFactory()

    response = post_change(editor_client, event, ends_at_0="2000-01-01")

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["ends_at"]


@pytest.mark.parametrize("factory", [MemorialFactory, ArticleFactory, HistoricalEventFactory])
def test_duplicate_slug_is_refused_on_the_slug_field(editor_client, factory):
    taken = factory()
    obj = factory()

    response = post_change(editor_client, obj, slug=taken.slug)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["slug"]


def test_an_author_added_in_the_article_form_records_who_added_it(editor_client, editor):
    article = ArticleFactory()
    page = editor_client.get(admin_url(Article, "change", article.pk))
    new_author_row = {
        "authors-TOTAL_FORMS": "1",
        "authors-0-position": "1",
        "authors-0-family_name": "Boztepe",
    }
    data = admin_form_data(page, **new_author_row, _save="Save")

    response = editor_client.post(admin_url(Article, "change", article.pk), data)

    assert response.status_code == 302
    author = article.authors.get()
    assert (author.family_name, author.created_by) == ("Boztepe", editor)
    assert author.created is not None


def test_other_names_are_edited_one_per_line(editor_client):
    memorial = MemorialFactory(other_names=["Khojaly Genocide Memorial"])
    page = editor_client.get(admin_url(Memorial, "change", memorial.pk))
    assert page.context["adminform"].form["other_names"].value() == "Khojaly Genocide Memorial"

    data = admin_form_data(
        page, other_names="Khojaly Genocide Memorial\n\n  Xocalı soyqırımı abidəsi \n", _save="Save"
    )
    response = editor_client.post(admin_url(Memorial, "change", memorial.pk), data)

    assert response.status_code == 302
    memorial.refresh_from_db()
    assert memorial.other_names == ["Khojaly Genocide Memorial", "Xocalı soyqırımı abidəsi"]


def test_other_names_pasted_as_a_json_list_are_read_as_that_list(editor_client):
    memorial = MemorialFactory(other_names=[])
    page = editor_client.get(admin_url(Memorial, "change", memorial.pk))

    data = admin_form_data(page, other_names='["Hocalı anıtı", "Xocalı"]', _save="Save")
    editor_client.post(admin_url(Memorial, "change", memorial.pk), data)

    memorial.refresh_from_db()
    assert memorial.other_names == ["Hocalı anıtı", "Xocalı"]
