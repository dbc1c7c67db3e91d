"""The directory as a whole: what spans every domain app.

Owns the home page, the demo data (`manage.py load_demo`, the Khojaly records with their
sources) and the synthetic sample generator (`manage.py generate_sample`). It has no
models; it depends on `memorials`, `events` and `articles`, and nothing depends on it.
"""
