"""`manage.py load_demo`: real, attributed demo records and demo users, loaded idempotently."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article, ArticleAuthor
from core.roles import EDITORS
from directory.demo import APA_2020, AVIM_2015, EMBASSY_2020
from events.apps import ORGANISERS
from events.models import AnniversaryEvent, Membership, Organisation
from memorials.models import HistoricalEvent, Memorial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each run hashes two passwords; the production hasher would make this module slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PASSWORD_LINE = re.compile(
    r"^Back office: http://127\.0\.0\.1:8000/admin/  user (\S+)  password (\S+)$", re.M
)


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    return dict(PASSWORD_LINE.findall(output))


def row_counts() -> dict[str, int]:
    models = [
        HistoricalEvent,
        Memorial,
        Memorial.historical_events.through,
        Organisation,
        Membership,
        AnniversaryEvent,
        Article,
        ArticleAuthor,
        Article.cites.through,
        Article.memorials.through,
        Article.historical_events.through,
        get_user_model(),
        Group,
        Memorial.history.model,
        Article.history.model,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_running_twice_creates_no_duplicates():
    load_demo()
    first = row_counts()
    load_demo()

    assert row_counts() == first
    assert first["memorials.Memorial"] == 1
    assert first["articles.Article"] == 7
    assert first["events.AnniversaryEvent"] == 1


def test_rerun_refreshes_text_changed_by_hand():
    load_demo()
    Memorial.objects.filter(slug="khojaly-memorial-the-hague").update(description="edited")

    load_demo()

    assert (
        "Nieuw Eykenduynen" in Memorial.objects.get(slug="khojaly-memorial-the-hague").description
    )


def test_historical_event_has_its_names_dates_and_place():
    load_demo()

    event = HistoricalEvent.objects.get(slug="khojaly-massacre")
    assert event.name == "Khojaly massacre"
    assert {"Xocalı soyqırımı", "Hocalı Katliamı"} <= set(event.other_names)
    assert (event.start_date, event.end_date) == (
        datetime.date(1992, 2, 25),
        datetime.date(1992, 2, 26),
    )
    assert event.country == "AZ"
    assert (round(float(event.latitude), 2), round(float(event.longitude), 2)) == (39.91, 46.79)
    assert "hocali" in event.search_document


def test_casualty_figures_are_attributed_to_their_sources():
    load_demo()

    description = HistoricalEvent.objects.get(slug="khojaly-massacre").description
    figures_paragraph, assessment_paragraph = description.split("\n\n")
    assert "AVİM" in figures_paragraph
    assert "Boztepe" in figures_paragraph
    assert "official Azerbaijani figures" in figures_paragraph
    for figure in ["613", "106", "63", "70", "487", "1,275", "150"]:
        assert figure in figures_paragraph
    assert "Human Rights Watch" in assessment_paragraph
    assert "1994" in assessment_paragraph


def test_memorial_records_where_it_is_and_how_sources_disagree():
    load_demo()

    memorial = Memorial.objects.get(slug="khojaly-memorial-the-hague")
    assert "Khojaly Genocide Memorial" in memorial.other_names
    assert memorial.is_published
    assert memorial.kind == Memorial.Kind.MONUMENT
    assert memorial.status == Memorial.Status.STANDING
    assert (memorial.address, memorial.city, memorial.country) == (
        "Nieuw Eykenduynen, Den Haag",
        "The Hague",
        "NL",
    )
    assert memorial.location_precision == "approximate"
    assert "exact spot" in memorial.description
    assert memorial.unveiled == "2007"
    assert memorial.inscription_language == "az, nl"
    assert memorial.inscription == ""
    for source in ["APA", "Embassy of the Republic of Azerbaijan", "Wikipedia"]:
        assert source in memorial.description
    assert "24 April 2020" in memorial.description
    assert "24 February 2008" in memorial.description
    assert "26 February" in memorial.visiting_information
    assert list(memorial.historical_events.values_list("slug", flat=True)) == ["khojaly-massacre"]


def test_memorial_is_linked_to_the_apa_and_embassy_reports():
    load_demo()

    memorial = Memorial.objects.get(slug="khojaly-memorial-the-hague")
    assert set(memorial.articles.values_list("slug", flat=True)) == {APA_2020, EMBASSY_2020}


def test_avim_commentary_cites_exactly_the_four_works():
    load_demo()

    avim = Article.objects.get(slug=AVIM_2015)
    cited = {(a.title, a.published) for a in avim.cites.all()}
    assert cited == {
        ("Azerbaijan: Seven Years of Conflict in Nagorno-Karabakh", "1994-12"),
        ("22. Yıldönümünde Hocalı Katliamı", "2014-02"),
        ("Hocalı Sorumluluğu", "2013-02-28"),
        (
            "Soykırım Suçunun Önlenmesi ve Cezalandırılması Sözleşmesi Açısından Hocalı Katliamı",
            "2014",
        ),
    }
    assert not avim.cited_by.exists()


def test_avim_commentary_full_record():
    load_demo()

    avim = Article.objects.get(slug=AVIM_2015)
    assert {
        "title": avim.title,
        "kind": avim.kind,
        "publisher": avim.publisher,
        "publisher_place": avim.publisher_place,
        "container_title": avim.container_title,
        "number": avim.number,
        "published": avim.published,
        "url": avim.url,
        "accessed_on": avim.accessed_on,
        "language": avim.language,
        "is_published": avim.is_published,
        "authors": [(a.given_name, a.family_name) for a in avim.authors.all()],
        "historical_events": list(avim.historical_events.values_list("slug", flat=True)),
    } == {
        "title": "23rd Anniversary of the Khojaly Massacre",
        "kind": "commentary",
        "publisher": "Center for Eurasian Studies (AVİM)",
        "publisher_place": "Ankara",
        "container_title": "AVİM Commentary",
        "number": "2015/26",
        "published": "2015-03-04",
        "url": "https://avim.org.tr/public/en/Yorum/23rd-ANNIVERSARY-OF-THE-KHOJALY-MASSACRE",
        "accessed_on": datetime.date(2026, 2, 7),
        "language": "en",
        "is_published": True,
        "authors": [("Cemre Dilay", "Boztepe")],
        "historical_events": ["khojaly-massacre"],
    }


def test_every_article_is_published_with_authors_and_an_abstract():
    load_demo()

    for article in Article.objects.prefetch_related("authors"):
        assert article.is_published, article.slug
        assert article.abstract, article.slug
        assert [a.position for a in article.authors.all()] == [0], article.slug
        assert article.published_on is not None, article.slug


def test_organisation_authors_are_recorded_as_organisations():
    load_demo()

    names = {
        a.organisation_name
        for a in ArticleAuthor.objects.exclude(organisation_name="").order_by("id")
    }
    assert names == {
        "Human Rights Watch",
        "İHH İnsani Yardım Vakfı",
        "APA",
        "Embassy of the Republic of Azerbaijan in the Netherlands",
    }


def test_example_organisation_and_event_are_labelled_as_examples():
    load_demo()

    organisation = Organisation.objects.get(slug="example-commemoration-committee")
    assert "(demo)" in organisation.name
    assert organisation.contact_email.endswith("@example.org")
    assert "example.org" in organisation.website

    event = AnniversaryEvent.objects.get()
    assert "(example entry)" in event.title
    assert "not a record of a real event" in event.description
    assert event.organisation == organisation
    assert event.memorial.slug == "khojaly-memorial-the-hague"
    assert event.status == AnniversaryEvent.Status.PUBLISHED
    assert event.anniversary == 23
    assert event.starts_at == datetime.datetime(2015, 2, 26, 10, 0, tzinfo=datetime.UTC)
    assert event.ends_at - event.starts_at == datetime.timedelta(minutes=90)
    assert event.time_zone == "Europe/Amsterdam"


def test_demo_users_get_usable_passwords_printed_once_on_creation():
    output = load_demo()

    passwords = printed_passwords(output)
    assert set(passwords) == {"demo-editor", "demo-organiser"}
    User = get_user_model()
    for username, password in passwords.items():
        user = User.objects.get(username=username)
        assert user.is_staff
        assert user.check_password(password)

    again = load_demo()
    assert printed_passwords(again) == {}
    assert "make reset-demo-passwords" in again
    for username in passwords:
        assert f"Demo user {username} already exists" in again
        assert passwords[username] not in again


def test_demo_users_are_in_their_groups():
    load_demo()

    User = get_user_model()
    editor = User.objects.get(username="demo-editor")
    organiser = User.objects.get(username="demo-organiser")
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(organiser.groups.values_list("name", flat=True)) == [ORGANISERS]
    assert list(organiser.organisations.values_list("slug", flat=True)) == [
        "example-commemoration-committee"
    ]
    assert not editor.organisations.exists()


def test_reset_passwords_prints_new_working_passwords():
    first = printed_passwords(load_demo())

    second = printed_passwords(load_demo("--reset-passwords"))
    third = printed_passwords(load_demo("--reset-passwords"))

    User = get_user_model()
    for username in ["demo-editor", "demo-organiser"]:
        assert len({first[username], second[username], third[username]}) == 3
        user = User.objects.get(username=username)
        assert user.check_password(third[username])
        assert not user.check_password(first[username])
