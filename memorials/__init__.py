"""Historical events (what is remembered), memorials (the sites that commemorate them)
and their photos: models with their access policy, back office, API and filters.

Imports `core` only; never `events` or `articles`.
"""
