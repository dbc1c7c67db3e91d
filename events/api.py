"""API viewsets of this app, registered on the `api/v1/` router by `register_routes`."""


def register_routes(router) -> None:
    """Add this app's viewsets to `router`."""
