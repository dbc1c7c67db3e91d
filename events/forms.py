"""Form pieces of the event back office."""

import functools

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.timezones import time_zone_names


@functools.cache
def _time_zone_options() -> SafeString:
    """The <option>s of every IANA zone in name order, built once per process."""
    return format_html_join(
        "", '<option value="{}">', ((name,) for name in sorted(time_zone_names()))
    )


class TimeZoneInput(forms.TextInput):
    """A text box with the IANA zones as a <datalist>: browsers offer the names that
    contain what is typed ("amster" finds Europe/Amsterdam), with no script (so nothing
    for the admin's Content Security Policy to allow) and nothing to load. What is typed
    is still checked by the model's validator."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "size": 32, **(attrs or {})}
        )

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}_choices"
        attrs["list"] = list_id
        text_box = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<datalist id="{}">{}</datalist>', text_box, list_id, _time_zone_options()
        )
