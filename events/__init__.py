"""Organisations, their members (organisers) and the anniversary events they hold: the
events' access policy (who sees, changes and publishes), their state changes
(`services.py`), back office, API and filters.

Imports `core` and `memorials`.
"""
