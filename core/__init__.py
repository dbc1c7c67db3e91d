"""Building blocks with no domain knowledge: model mixins (timestamps and creator, slugs,
derived search documents and sort keys, partial dates, coordinates), full-text search,
text folding, the shape of every access policy (`access.py`) and the roles mechanism
(`roles.py`), API tokens, the shared API machinery (`core/api/`), and `/healthz`.

Core imports no other app of this project and names none of their models.
"""
