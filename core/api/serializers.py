"""Serializer pieces shared by the resource serializers."""

import re
from copy import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]+")


class ModelRulesMixin:
    """Runs the model's own `full_clean()` (fields, `clean()`, constraints) on write.

    On PATCH the submitted values are merged into a copy of the stored record first,
    so a cross-field rule (end after start) is checked against the values kept.
    Errors keep the model's field names, mapped to this serializer's field names.
    """

    def to_internal_value(self, data):
        self.refuse_loose_countries(data)
        return super().to_internal_value(data)

    def refuse_loose_countries(self, data) -> None:
        """Country fields take the documented ISO 3166-1 alpha-2 codes only:
        django-countries would also read a `{"code": ...}` object or a country name."""
        from django_countries import countries
        from django_countries.serializer_fields import CountryField

        if not isinstance(data, dict):
            return
        errors = {
            name: ["Enter an ISO 3166-1 alpha-2 country code, such as NL."]
            for name, field in self.fields.items()
            if isinstance(field, CountryField)
            and not field.read_only
            and name in data
            and not (data[name] == "" or (isinstance(data[name], str) and data[name] in countries))
        }
        if errors:
            raise serializers.ValidationError(errors)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            field = model._meta.get_field(name) if _is_field(model, name) else None
            if field is not None and not field.many_to_many and not field.one_to_many:
                setattr(candidate, name, value)
        candidate = self.before_model_clean(candidate, attrs)
        try:
            candidate.full_clean(exclude=self.model_clean_exclude(model))
        except DjangoValidationError as error:
            raise serializers.ValidationError(self._serializer_keys(error.message_dict)) from None
        return attrs

    def before_model_clean(self, candidate, attrs):
        """Hook: set server-owned values (such as an organisation) before the rules run."""
        return candidate

    def model_clean_exclude(self, model) -> list[str]:
        """Model fields the client cannot set and the server fills in later."""
        return [
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "concrete", False) and not f.editable
        ]

    def _serializer_keys(self, message_dict: dict) -> dict:
        by_source = {
            field.source: name
            for name, field in self.fields.items()
            if not field.read_only and field.source
        }
        return {
            ("non_field_errors" if key == "__all__" else by_source.get(key, key)): messages
            for key, messages in message_dict.items()
        }


def _is_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except models.FieldDoesNotExist:
        return False
    return True


class SlugReferenceField(serializers.SlugRelatedField):
    """A related record named by its slug. A value that cannot be a slug is refused
    before the lookup (PostgreSQL would refuse a NUL byte with an error, not a miss)."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "invalid": "Enter a slug: letters, numbers, hyphens and underscores.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG_PATTERN.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Dotted path of the field, or non_field_errors.")
    message = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, the shape of every error answer."""

    type = serializers.CharField(default="about:blank")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for people.")
    errors = ProblemFieldErrorSerializer(
        many=True, required=False, help_text="Present on 400: one entry per invalid field."
    )
