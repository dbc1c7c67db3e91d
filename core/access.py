"""The shape of every access policy: who may see, change and publish a record.

Each model that has rules answers three questions in one place, its queryset and model:

- `Model.objects.visible_to(user)`: the rows `user` may read;
- `Model.objects.editable_by(user)`: the rows `user` may change or delete;
- `Model.can_create(user)` and `Model.can_publish(user)`.

`visible_to` is `visible_condition(user)` as a filter. The condition can also be asked
`through` a relation (`Memorial.objects.visible_condition(user, through="memorial")`),
so a query that already joins the model tests the rule on the joined row instead of
running a subquery per row.

The defaults here are the rule most records follow: everyone reads what is public
(`public()`), editors (`core.roles.is_editor`) read and change everything, nobody else
changes anything. A model with other rules (anniversary events and their organisers)
overrides them. The admin, the API and the pages call these and restate nothing.
"""

from django.db import models
from django.db.models import Q

from core.roles import is_editor


def lookup(through: str, name: str) -> str:
    """`name` on this model's rows, or on the rows `through` a relation path leads to."""
    return f"{through}__{name}" if through else name


class AccessQuerySet(models.QuerySet):
    def public_condition(self, through: str = "") -> Q:
        """What anyone may read (`public()`) as a condition; empty (everything) unless
        the model has a publication state."""
        return Q()

    def public(self):
        return self.filter(self.public_condition())

    def visible_condition(self, user, through: str = "") -> Q:
        """What `user` may read (`visible_to(user)`) as a condition: empty (everything)
        for editors. May cost a query the first time `user` is asked about
        (`core.roles.is_editor`)."""
        return Q() if is_editor(user) else self.public_condition(through)

    def visible_to(self, user):
        return self.filter(self.visible_condition(user))

    def editable_by(self, user):
        return self if is_editor(user) else self.none()


class PublishableQuerySet(AccessQuerySet):
    """Records with an `is_published` flag: only published ones are public."""

    def public_condition(self, through: str = "") -> Q:
        return Q(**{lookup(through, "is_published"): True})

    def published(self):
        return self.filter(self.public_condition())


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
