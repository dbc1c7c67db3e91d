"""Query parameters documented from the FilterSets themselves: each filter's `help_text`
is its description, `example()` attaches an example, and a ChoiceFilter's choices are
its enum. Nothing about a filter is written twice.

drf-spectacular's django-filter extension already reads `help_text` and choices, but
drops the description of a filter whose type is annotated with `extend_schema_field`
(a typed filter such as `StrictBooleanFilter`) and knows no examples;
`FilterSetParameters` adds both. It is registered when `CoreConfig` is ready.
"""

import django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_examples_list
from drf_spectacular.utils import OpenApiExample


def example[F: django_filters.Filter](filter_: F, value, name: str | None = None) -> F:
    """`filter_`, with an example `value` for the API documentation, named `name`
    (default: the value itself)."""
    filter_.example = OpenApiExample(name or str(value), value=value)
    return filter_


class FilterSetParameters(DjangoFilterExtension):
    """The django-filter extension, plus each filter's `help_text` whatever its type and
    its `example()`."""

    priority = 1  # chosen over the extension it extends

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        help_text = filter_field.extra.get("help_text")
        filter_example = getattr(filter_field, "example", None)
        for parameter in parameters:
            if help_text and not parameter.get("description"):
                parameter["description"] = str(help_text)
            if filter_example is not None:
                parameter["examples"] = build_examples_list([filter_example])
        return parameters
