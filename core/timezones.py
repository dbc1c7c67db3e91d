"""IANA time zones: the names this server knows, and the validator every time zone
field uses (kept out of `choices`, so that a tzdata update never needs a migration)."""

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Read once per process: listing the zones scans tzdata, about 30 ms a call."""
    return frozenset(zoneinfo.available_timezones())


@functools.lru_cache(maxsize=1024)
def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone `name`, read once per process: ZoneInfo itself keeps only the 8
    zones used last, so a page of events in more zones read their files again."""
    return zoneinfo.ZoneInfo(name)


def validate_time_zone(value: str) -> None:
    """An IANA zone name such as `Europe/Amsterdam` (fields that may be empty skip
    validators for empty values)."""
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as Europe/Amsterdam."),
            params={"value": value},
        )
