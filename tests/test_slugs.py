"""Slugs are made once from the name, folded to ASCII, unique, and never change afterwards."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from memorials.models import Memorial
from tests.factories import (
    AnniversaryEventFactory,
    ArticleFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

SLUGGED = [
    pytest.param(MemorialFactory, "name", id="memorial"),
    pytest.param(HistoricalEventFactory, "name", id="historical-event"),
    pytest.param(OrganisationFactory, "name", id="organisation"),
    pytest.param(AnniversaryEventFactory, "title", id="anniversary-event"),
    pytest.param(ArticleFactory, "title", id="article"),
]


@pytest.mark.parametrize(("factory", "source"), SLUGGED)
def test_the_slug_is_made_from_the_name_with_accents_folded(factory, source):
    record = factory(**{source: "Hocalı Katliamı"})

    assert record.slug == "hocali-katliami"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Xocalı soyqırımı", "xocali-soyqirimi"),
        ("Şəhidlər Xiyabanı", "sehidler-xiyabani"),
        ("Monument voor de Slachtoffers van Hocalı", "monument-voor-de-slachtoffers-van-hocali"),
        ("  Çanakkale — Şehitler Abidesi!  ", "canakkale-sehitler-abidesi"),
    ],
)
def test_turkish_azerbaijani_and_punctuated_names_fold_to_plain_words(name, slug):
    assert MemorialFactory(name=name).slug == slug


def test_names_in_other_scripts_are_transliterated_to_an_ascii_slug():
    memorial = MemorialFactory(name="Ходжалинская трагедия")

    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", memorial.slug)
    assert memorial.slug == "khodzhalinskaya-tragediya"


def test_a_name_without_letters_or_digits_falls_back_to_the_model_name():
    assert MemorialFactory(name="—!?").slug == "memorial"


def test_a_very_long_name_gives_a_slug_that_fits_the_field():
    memorial = MemorialFactory(name="Memorial " * 22)
    second = MemorialFactory(name="Memorial " * 22)

    assert len(memorial.slug) <= 120
    assert second.slug == f"{memorial.slug}-2"


def test_a_long_slug_cut_at_a_word_break_does_not_end_in_a_hyphen():
    memorial = MemorialFactory(name="a" * 99 + " monument")

    assert memorial.slug == "a" * 99


@pytest.mark.parametrize(("factory", "source"), SLUGGED)
def test_the_same_name_twice_gets_a_numbered_slug(factory, source):
    first = factory(**{source: "Hocalı Katliamı"})
    second = factory(**{source: "Hocalı Katliamı"})
    third = factory(**{source: "HOCALI katliamı"})

    assert [first.slug, second.slug, third.slug] == [
        "hocali-katliami",
        "hocali-katliami-2",
        "hocali-katliami-3",
    ]


def test_a_numbered_slug_skips_numbers_already_taken_by_other_names():
    MemorialFactory(name="Liberation Monument")
    MemorialFactory(name="Liberation Monument 2")

    assert MemorialFactory(name="Liberation Monument").slug == "liberation-monument-3"


def test_a_name_that_only_starts_like_another_gets_its_own_slug():
    MemorialFactory(name="Khojaly Memorial Park")

    assert MemorialFactory(name="Khojaly Memorial").slug == "khojaly-memorial"


@pytest.mark.parametrize(("factory", "source"), SLUGGED)
def test_the_slug_does_not_change_when_the_name_is_edited(factory, source):
    record = factory(**{source: "Hocalı Katliamı"})

    setattr(record, source, "Khojaly massacre")
    record.save()
    record.refresh_from_db()

    assert record.slug == "hocali-katliami"
    assert factory(**{source: "Khojaly massacre"}).slug == "khojaly-massacre"


def test_an_explicit_slug_is_kept():
    assert MemorialFactory(name="Hocalı Katliamı", slug="khojaly").slug == "khojaly"


def test_the_database_refuses_a_duplicate_slug():
    MemorialFactory(slug="khojaly")
    other = MemorialFactory(slug="other")

    with pytest.raises(IntegrityError), transaction.atomic():
        Memorial.objects.filter(pk=other.pk).update(slug="khojaly")

    other.refresh_from_db()
    assert other.slug == "other"


def test_the_database_refuses_a_new_record_with_a_taken_slug():
    MemorialFactory(slug="khojaly")

    with pytest.raises(IntegrityError), transaction.atomic():
        MemorialFactory(slug="khojaly")

    assert Memorial.objects.filter(slug="khojaly").count() == 1


def test_full_clean_refuses_a_duplicate_slug_on_the_slug_field():
    MemorialFactory(slug="khojaly")
    other = MemorialFactory.build(slug="khojaly")

    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()

    assert list(excinfo.value.message_dict) == ["slug"]


def test_full_clean_accepts_an_empty_slug_that_save_will_fill_in():
    memorial = MemorialFactory.build(name="Hocalı Katliamı", slug="")

    memorial.full_clean()
    memorial.save()

    assert memorial.slug == "hocali-katliami"
