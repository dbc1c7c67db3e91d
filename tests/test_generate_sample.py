"""`manage.py generate_sample`: repeatable, clearly labelled synthetic data in real cities."""

import collections
import functools
import zoneinfo
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleAuthor
from directory.sample import JITTER_DEGREES, City, plan_memorials, sample_cities
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial

pytestmark = pytest.mark.django_db


@functools.cache
def cities_named() -> dict[tuple[str, str], list[City]]:
    named = collections.defaultdict(list)
    for city in sample_cities():
        named[(city.name, city.country)].append(city)
    return named


def city_of(memorial: Memorial) -> City:
    """The sample city a memorial was placed in (several cities share a name)."""
    (city,) = [
        c
        for c in cities_named()[(memorial.city, memorial.country.code)]
        if abs(float(memorial.latitude) - c.latitude) <= JITTER_DEGREES
        and abs(float(memorial.longitude) - c.longitude) <= JITTER_DEGREES
    ]
    return city


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_sample", *args, stdout=out)
    return out.getvalue()


def delete_everything() -> None:
    Article.objects.all().delete()
    AnniversaryEvent.objects.all().delete()
    Memorial.objects.all().delete()
    HistoricalEvent.objects.all().delete()
    Organisation.objects.all().delete()


def snapshot() -> dict[str, list]:
    """Everything a seed decides, without database ids."""
    return {
        "memorials": list(
            Memorial.objects.order_by("slug").values_list(
                "slug", "name", "kind", "city", "country", "latitude", "longitude", "unveiled_on"
            )
        ),
        "events": list(
            AnniversaryEvent.objects.order_by("slug").values_list(
                "slug", "title", "memorial__slug", "starts_at", "ends_at", "status", "time_zone"
            )
        ),
        "articles": list(
            Article.objects.order_by("slug").values_list("slug", "title", "kind", "published_on")
        ),
        "authors": list(
            ArticleAuthor.objects.order_by("article__slug", "position").values_list(
                "article__slug", "position", "family_name"
            )
        ),
        "cites": sorted(
            Article.cites.through.objects.values_list("from_article__slug", "to_article__slug")
        ),
        "historical_events": list(
            HistoricalEvent.objects.order_by("slug").values_list("slug", "name", "start_date")
        ),
    }


SMALL = ("--memorials", "20", "--events", "45", "--articles", "10")


def test_same_seed_gives_the_same_records():
    generate(*SMALL, "--seed", "7")
    first = snapshot()
    delete_everything()

    generate(*SMALL, "--seed", "7")

    assert snapshot() == first
    assert len(first["memorials"]) == 20


def test_different_seed_gives_different_places():
    generate(*SMALL, "--seed", "1")
    seed_1 = [m[3:7] for m in snapshot()["memorials"]]
    delete_everything()

    generate(*SMALL, "--seed", "2")

    seed_2 = [m[3:7] for m in snapshot()["memorials"]]
    assert seed_1 != seed_2


def test_planning_without_a_database_is_repeatable():
    cities = sample_cities()

    def planned(seed):
        return [
            (m.name, m.latitude, m.longitude)
            for m, _, _ in plan_memorials(seed=seed, count=50, cities=cities)
        ]

    assert planned(3) == planned(3)
    assert planned(3) != planned(4)


def test_counts_with_events_in_total():
    output = generate("--memorials", "12", "--events", "30", "--articles", "8", "--seed", "5")

    assert Memorial.objects.count() == 12
    assert AnniversaryEvent.objects.count() == 30
    assert Article.objects.count() == 8
    assert HistoricalEvent.objects.count() == 3
    assert Organisation.objects.count() == 1
    per_memorial = sorted(m.anniversary_events.count() for m in Memorial.objects.all())
    assert per_memorial == [2] * 6 + [3] * 6
    assert "12 memorials, 30 anniversary events, 8 articles" in output


def test_counts_with_events_per_memorial():
    generate("--memorials", "7", "--events-per-memorial", "5", "--seed", "5")

    assert AnniversaryEvent.objects.count() == 35
    assert {m.anniversary_events.count() for m in Memorial.objects.all()} == {5}


def test_another_seed_adds_more_without_clashes():
    generate(*SMALL, "--seed", "1")

    generate(*SMALL, "--seed", "2")

    assert Memorial.objects.count() == 40
    assert AnniversaryEvent.objects.count() == 90
    assert Article.objects.count() == 20
    assert Organisation.objects.count() == 2


def test_the_same_seed_twice_is_refused_and_adds_nothing():
    generate(*SMALL, "--seed", "1")

    with pytest.raises(CommandError, match="seed 1 exists already"):
        generate(*SMALL, "--seed", "1")
    assert Memorial.objects.count() == 20


def test_events_need_memorials():
    with pytest.raises(CommandError, match="give memorials too"):
        generate("--memorials", "0", "--events", "3")
    assert not HistoricalEvent.objects.exists()


def test_every_record_is_labelled_synthetic():
    generate(*SMALL, "--seed", "3")

    for memorial in Memorial.objects.all():
        assert memorial.name.startswith("Sample memorial 3-")
        assert memorial.name.endswith("(synthetic)")
        assert "Synthetic record" in memorial.description
        assert memorial.is_published
    for event in AnniversaryEvent.objects.all():
        assert event.title.endswith("(synthetic)")
        assert "Synthetic record" in event.description
    for article in Article.objects.all():
        assert article.title.endswith("(synthetic)")
        assert "Synthetic record" in article.abstract
        assert article.is_published
    for historical_event in HistoricalEvent.objects.all():
        assert historical_event.name.endswith("(synthetic)")
        assert "never happened" in historical_event.summary
    assert Organisation.objects.get().name == "Sample organisation 3 (synthetic)"
    assert set(ArticleAuthor.objects.values_list("given_name", flat=True)) == {"Sample"}


def test_memorials_are_placed_within_real_cities():
    generate("--memorials", "30", "--seed", "9")

    for memorial in Memorial.objects.all():
        assert city_of(memorial)  # one real city of that name within the jitter
        assert memorial.location_precision == "city"


def test_events_fall_on_the_anniversary_in_the_citys_time_zone():
    generate(*SMALL, "--seed", "4")

    events = AnniversaryEvent.objects.select_related("memorial", "historical_event")
    for event in events:
        memorial = event.memorial
        assert event.time_zone == city_of(memorial).time_zone
        local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone))
        remembered = event.historical_event.start_date
        assert (local.month, local.day) == (remembered.month, remembered.day)
        assert event.ends_at > event.starts_at
        assert memorial.historical_events.filter(pk=event.historical_event_id).exists()
        if event.status == AnniversaryEvent.Status.CANCELLED:
            assert event.cancellation_note


def test_search_document_is_what_save_would_store():
    generate("--memorials", "3", "--events", "3", "--articles", "3", "--seed", "6")

    for model in [Memorial, AnniversaryEvent, Article, HistoricalEvent]:
        for record in model.objects.all():
            bulk_document = record.search_document
            record.save()
            record.refresh_from_db()
            assert bulk_document == record.search_document
            assert "synthetic" in bulk_document


def test_articles_link_to_the_new_records_and_cite_earlier_articles():
    generate(*SMALL, "--seed", "8")

    for article in Article.objects.prefetch_related("authors", "memorials", "cites"):
        positions = [a.position for a in article.authors.all()]
        assert positions == list(range(len(positions)))
        assert 1 <= len(positions) <= 3
        assert 1 <= article.memorials.count() <= 3
        assert article.historical_events.count() == 1
        number = int(article.slug.rsplit("-", 1)[1])
        assert all(int(c.slug.rsplit("-", 1)[1]) < number for c in article.cites.all())
