"""Helpers for admin tests: post a change form the way a browser would."""

import datetime
import decimal

from django import forms


def _as_post_value(value):
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.date | datetime.time | decimal.Decimal | int):
        return str(value)
    return value


def _add_form(data: dict, form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else field.widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else _as_post_value(part)
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(field, forms.FileField) or value is None:
            continue
        else:
            data[key] = _as_post_value(value)


def admin_form_data(response, **changes) -> dict:
    """The data of the admin change form in `response` (a GET of the add, change or
    history-version page), with its inline formsets, updated with `changes`."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return data
