"""The shape of every access policy: who may see, change and publish a record.

Each model that has rules answers three questions in one place, its queryset and model:

- `Model.objects.visible_to(user)`: the rows `user` may read;
- `Model.objects.editable_by(user)`: the rows `user` may change or delete;
- `Model.can_create(user)` and `Model.can_publish(user)`.

The defaults here are the rule most records follow: everyone reads what is public
(`public()`), editors (`core.roles.is_editor`) read and change everything, nobody else
changes anything. A model with other rules (anniversary events and their organisers)
overrides them. The admin, the API and the pages call these and restate nothing.
"""

from django.db import models

from core.roles import is_editor


class AccessQuerySet(models.QuerySet):
    def public(self):
        """What anyone may read; everything unless the model has a publication state."""
        return self

    def visible_to(self, user):
        return self if is_editor(user) else self.public()

    def editable_by(self, user):
        return self if is_editor(user) else self.none()


class PublishableQuerySet(AccessQuerySet):
    """Records with an `is_published` flag: only published ones are public."""

    def published(self):
        return self.filter(is_published=True)

    def public(self):
        return self.published()


class AccessPolicyModel(models.Model):
    """Model-level answers that do not depend on one row."""

    class Meta:
        abstract = True

    @classmethod
    def can_create(cls, user) -> bool:
        return is_editor(user)

    @classmethod
    def can_publish(cls, user) -> bool:
        return is_editor(user)

    def is_editable_by(self, user) -> bool:
        """Whether `user` may change this stored row; one query unless an editor."""
        if is_editor(user):
            return True
        return type(self)._default_manager.editable_by(user).filter(pk=self.pk).exists()
