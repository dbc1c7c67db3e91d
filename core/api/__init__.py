"""Shared API machinery: error format, pagination, conditional requests, rendering.

Resource viewsets live in each app's `api.py` and compose these pieces.
"""
