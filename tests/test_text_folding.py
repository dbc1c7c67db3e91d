"""Folding text to searchable words (`core.text`): lower-case ASCII letters and digits,
everything else a separator. Digits are words like any other, and a run of letters and
digits stays one word."""

import pytest

from core.text import fold, search_terms
from events.models import AnniversaryEvent
from memorials.models import HistoricalEvent, Memorial
from tests.factories import (
    AnniversaryEventFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
)

# --- fold ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hocalı", "hocali"),
        ("HOCALI", "hocali"),
        ("Xocalı soyqırımı", "xocali soyqirimi"),
        ("Ходжалы", "khodzhaly"),
        ("Straße", "strasse"),
        ("  Hocalı---Katliamı!  ", "hocali katliami"),
        ("26.02.1992", "26 02 1992"),
        ("Xocalı2015", "xocali2015"),
        ("١٩٩٢", "1992"),  # Arabic-Indic digits
        ("１９９２", "1992"),  # full-width digits
        ("", ""),
        ("!!!", ""),
    ],
)
def test_fold_gives_lower_case_ascii_words_separated_by_single_spaces(text, folded):
    assert fold(text) == folded


def test_fold_treats_none_as_empty():
    assert fold(None) == ""


def test_search_terms_are_the_folded_words_in_order():
    assert search_terms("Khojaly 1992, Hocalı-2015") == ["khojaly", "1992", "hocali", "2015"]


def test_search_terms_keep_the_first_ten_words():
    words = [f"w{n}" for n in range(12)]

    assert search_terms(" ".join(words)) == words[:10]


def test_search_terms_of_punctuation_are_none():
    assert search_terms(" -- !! ") == []


# --- digits in searches --------------------------------------------------------------
@pytest.mark.django_db
def test_a_year_finds_the_records_that_mention_it():
    in_1992 = HistoricalEventFactory(name="Khojaly massacre of 1992")
    khojaly = HistoricalEventFactory(name="Khojaly massacre")
    # Their own historical event: a factory's numbered name could be "...event 1992".
    in_2015 = AnniversaryEventFactory(title="Khojaly 2015 commemoration", historical_event=khojaly)
    AnniversaryEventFactory(title="Khojaly commemoration", historical_event=khojaly)

    assert list(HistoricalEvent.objects.search("1992")) == [in_1992]
    assert list(AnniversaryEvent.objects.search("2015")) == [in_2015]
    assert list(AnniversaryEvent.objects.search("khojaly 2015")) == [in_2015]


@pytest.mark.django_db
def test_a_year_matches_as_a_prefix_like_any_word():
    in_2015 = AnniversaryEventFactory(title="Khojaly 2015")
    AnniversaryEventFactory(title="Khojaly 2016")

    assert list(AnniversaryEvent.objects.search("2015")) == [in_2015]
    assert AnniversaryEvent.objects.search("201").count() == 2


@pytest.mark.django_db
def test_a_date_is_found_by_its_parts():
    memorial = MemorialFactory(name="Monument of 26.02.1992")
    MemorialFactory(name="Monument")

    assert list(Memorial.objects.search("1992")) == [memorial]
    assert list(Memorial.objects.search("26 02 1992")) == [memorial]


@pytest.mark.django_db
def test_letters_and_digits_together_are_one_word():
    joined = MemorialFactory(name="Xocalı2015")
    apart = MemorialFactory(name="Xocalı 2015")

    assert list(Memorial.objects.search("Xocali2015")) == [joined]
    assert sorted(Memorial.objects.search("xocali"), key=lambda m: m.pk) == [joined, apart]
    assert list(Memorial.objects.search("2015")) == [apart]


@pytest.mark.django_db
def test_digits_in_another_script_find_the_same_records():
    in_1992 = HistoricalEventFactory(name="Khojaly 1992")

    assert list(HistoricalEvent.objects.search("١٩٩٢")) == [in_1992]


# --- what a record's search document holds -------------------------------------------
@pytest.mark.django_db
def test_an_organisations_document_holds_its_name_and_country():
    assert OrganisationFactory(name="Hocalı Vakfı", country="NL").search_document == (
        "hocali vakfi netherlands"
    )
    assert OrganisationFactory(name="Hocalı Vakfı", country="").search_document == "hocali vakfi"


@pytest.mark.django_db
def test_an_events_document_holds_its_title_and_venue():
    at_venue = AnniversaryEventFactory(
        title="Anma töreni", venue_name="Town hall", venue_city="Baku", venue_country="AZ"
    )
    at_memorial = AnniversaryEventFactory(title="Anma töreni")

    assert at_venue.search_document == "anma toreni town hall baku azerbaijan"
    assert at_memorial.search_document == "anma toreni"
