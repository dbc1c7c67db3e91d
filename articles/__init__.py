"""Articles: published works about memorials, historical events and anniversary events,
with their ordered authors and the works they cite; back office, API and filters.

Imports `core`, `memorials` and `events`.
"""
