"""factory_boy factories: the smallest valid record of each model, overridable per test."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, ArticleAuthor
from events.models import AnniversaryEvent, Membership, Organisation
from memorials.models import HistoricalEvent, Memorial, Photo


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class HistoricalEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HistoricalEvent

    name = factory.Sequence(lambda n: f"Historical event {n}")
    start_date = datetime.date(1992, 2, 26)
    country = "AZ"


class MemorialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Memorial
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Memorial {n}")
    city = "The Hague"
    country = "NL"
    # Decimals, as the database returns them: a float such as 52.013 fails full_clean()
    # ("no more than 6 decimal places") until the record is read back.
    latitude = factory.Sequence(lambda n: Decimal("52.000000") + Decimal(n % 100) / 1000)
    longitude = factory.Sequence(lambda n: Decimal("4.300000") + Decimal(n % 100) / 1000)
    is_published = True

    @factory.post_generation
    def historical_events(self, create, extracted, **kwargs):
        if create and extracted:
            self.historical_events.set(extracted)


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    memorial = factory.SubFactory(MemorialFactory)
    image = factory.django.ImageField(width=40, height=30, color="grey")
    alt_text = "A stone monument with a plaque"
    licence = Photo.Licence.CC_BY_4
    credit = "Test photographer"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example organisation {n}")
    country = "NL"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class AnniversaryEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnniversaryEvent

    title = factory.Sequence(lambda n: f"Commemoration {n}")
    historical_event = factory.SubFactory(HistoricalEventFactory)
    memorial = factory.SubFactory(MemorialFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2030, 2, 26, 10, 0, tzinfo=datetime.UTC)
    )
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=2))
    time_zone = "Europe/Amsterdam"
    status = AnniversaryEvent.Status.PUBLISHED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    kind = Article.Kind.COMMENTARY
    published_on = datetime.date(2015, 3, 4)
    is_published = True


class ArticleAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleAuthor

    article = factory.SubFactory(ArticleFactory)
    given_name = "Cemre Dilay"
    family_name = "Boztepe"


class EditorFactory(UserFactory):
    """A staff user in the Editors group (the groups are made on first use)."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            from core.roles import EDITORS, setup_roles

            setup_roles()
            self.groups.add(Group.objects.get(name=EDITORS))


class OrganiserFactory(UserFactory):
    """A staff user in the Organisers group and a member of `organisations=[...]`."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            from core.roles import setup_roles
            from events.apps import ORGANISERS

            setup_roles()
            self.groups.add(Group.objects.get(name=ORGANISERS))
            for organisation in extracted or []:
                Membership.objects.create(user=self, organisation=organisation)
