from django.apps import AppConfig

from core.roles import ALL, EDITORS

ORGANISERS = "Organisers"


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and organisations"

    # Organisers are members of organisations: they manage their own organisations'
    # events (the rows are narrowed by the events' access policy), issue their own API
    # tokens, and read the memorials their events take place at.
    roles = {
        EDITORS: ALL,
        ORGANISERS: (
            "events.view_anniversaryevent",
            "events.add_anniversaryevent",
            "events.change_anniversaryevent",
            "events.delete_anniversaryevent",
            "memorials.view_historicalevent",
            "memorials.view_memorial",
            "memorials.view_photo",
            "core.view_apitoken",
            "core.add_apitoken",
            "core.change_apitoken",
        ),
    }
