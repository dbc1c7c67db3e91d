"""Demo data: real, attributed records about the Khojaly memorial in The Hague.

Everything presented as fact below comes from a cited source, and every text is written
in our own words. The example organisation and the example anniversary event are labelled
as examples wherever they are shown. `demo_load()` is idempotent: records are keyed by
explicit slugs, refreshed when the text here changes and left alone (no new history row)
when nothing changed.
"""

import datetime
import secrets
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from articles.models import Article, ArticleAuthor
from core.models import DatePrecision, LocationPrecision
from events.models import AnniversaryEvent, Membership, Organisation
from memorials.models import HistoricalEvent, Memorial

BACK_OFFICE_URL = "http://127.0.0.1:8000/admin/"
RESET_PASSWORDS_HINT = "make reset-demo-passwords  (runs: manage.py load_demo --reset-passwords)"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

KHOJALY_MASSACRE = "khojaly-massacre"
KHOJALY_MEMORIAL = "khojaly-memorial-the-hague"
EXAMPLE_ORGANISATION = "example-commemoration-committee"
EXAMPLE_EVENT = "example-khojaly-commemoration-the-hague-2015"

AVIM_2015 = "avim-2015-23rd-anniversary-of-the-khojaly-massacre"
HRW_1994 = "hrw-1994-azerbaijan-seven-years-of-conflict-in-nagorno-karabakh"
IHH_2014 = "ihh-2014-22-yildonumunde-hocali-katliami"
KOPTAS_2013 = "koptas-2013-hocali-sorumlulugu"
OZARSLAN_2014 = "ozarslan-2014-soykirim-sozlesmesi-acisindan-hocali-katliami"
APA_2020 = "apa-2020-place-of-khojaly-monument-in-hague-changed"
EMBASSY_2020 = "embassy-nl-2020-khojaly-monument-reopened-after-reconstruction"

HISTORICAL_EVENT = {
    "name": "Khojaly massacre",
    # Only names we are sure of: the Azerbaijani and Turkish names given in the sources,
    # and the English name used by the memorial itself.
    "other_names": ["Xocalı soyqırımı", "Hocalı Katliamı", "Khojaly genocide"],
    "start_date": datetime.date(1992, 2, 25),
    "end_date": datetime.date(1992, 2, 26),
    # Remembered on 26 February, the day the sources give for the massacre.
    "remembered_on": "end",
    "place_name": "Khojaly (Xocalı), Nagorno-Karabakh",
    "country": "AZ",
    # The town of Khojaly, approximately.
    "latitude": Decimal("39.913300"),
    "longitude": Decimal("46.790300"),
    "summary": (
        "Civilians of the town of Khojaly (Xocalı) in Nagorno-Karabakh were killed during "
        "the night of 25 to 26 February 1992, in the war over Nagorno-Karabakh."
    ),
    "description": (
        "Casualty figures. The AVİM commentary by Cemre Dilay Boztepe (2015) cites official "
        "Azerbaijani figures: 613 civilians killed, of whom 106 were women, 63 children and "
        "70 elderly people; 487 people injured; 1,275 taken hostage; and 150 still missing "
        "at the time of writing.\n\n"
        "Assessment. In its 1994 report on the conflict, Human Rights Watch called Khojaly "
        "the largest massacre of the conflict up to that point."
    ),
    # Left blank: we are not certain of the Wikidata item.
    "wikidata_id": "",
}

MEMORIAL = {
    "name": "Khojaly Memorial, The Hague",
    # "Xocalı soyqırımı abidəsi" is the name in the embassy's page address (genitive form).
    "other_names": ["Khojaly Genocide Memorial", "Xocalı soyqırımı abidəsi"],
    "kind": Memorial.Kind.MONUMENT,
    "status": Memorial.Status.STANDING,
    "description": (
        "A monument to the victims of Khojaly at the Nieuw Eykenduynen cemetery in The "
        "Hague. The sources we have disagree about its history:\n\n"
        "- APA (news agency, August 2020) reports that it was put up in 2007, that in 2020 "
        "it was moved to a new place within the cemetery, and that it carries a plaque in "
        "Azerbaijani and Dutch.\n"
        "- The Embassy of the Republic of Azerbaijan in the Netherlands reports that it "
        "re-opened after reconstruction on 24 April 2020.\n"
        "- Pages derived from Wikipedia date its unveiling to 24 February 2008, in a park "
        "on Kamperfoeliestraat.\n\n"
        "The unveiling year shown here (2007) follows APA. The coordinates mark the "
        "cemetery only; the exact spot of the monument within it is not recorded."
    ),
    "inscription": "",
    # The plaque languages according to APA.
    "inscription_language": "az, nl",
    "address": "Nieuw Eykenduynen, Den Haag",
    "city": "The Hague",
    "country": "NL",
    "latitude": Decimal("52.087000"),
    "longitude": Decimal("4.263000"),
    "location_precision": LocationPrecision.APPROXIMATE,
    "unveiled_on": datetime.date(2007, 1, 1),
    "unveiled_on_precision": DatePrecision.YEAR,
    "visiting_information": (
        "According to APA (2020), people gather at the monument every year on 26 February."
    ),
    "wikidata_id": "",
    "openstreetmap_id": "",
    "is_published": True,
}

ORGANISATION = {
    "name": "Example Commemoration Committee (demo)",
    "website": "https://example.org/",
    "contact_email": "committee@example.org",
    "country": "NL",
}

ANNIVERSARY_EVENT = {
    "title": "Commemoration of the 23rd anniversary of the Khojaly massacre (example entry)",
    "starts_at": datetime.datetime(2015, 2, 26, 11, 0, tzinfo=AMSTERDAM),
    "ends_at": datetime.datetime(2015, 2, 26, 12, 30, tzinfo=AMSTERDAM),
    "time_zone": "Europe/Amsterdam",
    "status": AnniversaryEvent.Status.PUBLISHED,
    "language": "en",
    "description": (
        "This is an example entry for demonstrating the service. It is not a record of a "
        "real event: the organiser, the times and this text were made up for the demo."
    ),
}


@dataclass(frozen=True)
class DemoArticle:
    """An article with its authors: (given, family) for people, a str for organisations."""

    slug: str
    fields: dict[str, Any]
    authors: list[tuple[str, str] | str]
    about_event: bool = False
    about_memorial: bool = False
    cites: list[str] = field(default_factory=list)


ARTICLES = [
    DemoArticle(
        slug=HRW_1994,
        fields={
            "title": "Azerbaijan: Seven Years of Conflict in Nagorno-Karabakh",
            "kind": Article.Kind.REPORT,
            "publisher": "Human Rights Watch/Helsinki",
            # The citation reads "Helsinki, December": Helsinki names the Human Rights
            # Watch division, not the place of publication, so no place is recorded.
            "publisher_place": "",
            "published_on": datetime.date(1994, 12, 1),
            "published_on_precision": DatePrecision.MONTH,
            "language": "en",
            "abstract": (
                "A Human Rights Watch report on the Nagorno-Karabakh conflict. The AVİM "
                "commentary (2015) cites it for calling Khojaly the largest massacre of the "
                "conflict up to then."
            ),
        },
        authors=["Human Rights Watch"],
        about_event=True,
    ),
    DemoArticle(
        slug=IHH_2014,
        fields={
            "title": "22. Yıldönümünde Hocalı Katliamı",
            "kind": Article.Kind.REPORT,
            "publisher": "İHH İnsani ve Sosyal Araştırmalar Merkezi",
            "publisher_place": "İstanbul",
            "published_on": datetime.date(2014, 2, 1),
            "published_on_precision": DatePrecision.MONTH,
            "language": "tr",
            "abstract": (
                "A Turkish-language report from İHH's research centre, published for the "
                "22nd anniversary of Khojaly."
            ),
        },
        authors=["İHH İnsani Yardım Vakfı"],
        about_event=True,
    ),
    DemoArticle(
        slug=KOPTAS_2013,
        fields={
            "title": "Hocalı Sorumluluğu",
            "kind": Article.Kind.COMMENTARY,
            "publisher": "Agos",
            "container_title": "Agos",
            "published_on": datetime.date(2013, 2, 28),
            "published_on_precision": DatePrecision.DAY,
            "url": "http://www.agos.com.tr/tr/yazi/4434/rober-koptas-yazdi-hocali-sorumlulugu",
            "language": "tr",
            "abstract": (
                "A Turkish-language opinion piece in the weekly Agos on the question of "
                "responsibility for Khojaly."
            ),
        },
        # His byline (and the Agos address) spell the given name "Rober"; the AVİM
        # commentary's reference list writes "Robert".
        authors=[("Rober", "Koptaş")],
        about_event=True,
    ),
    DemoArticle(
        slug=OZARSLAN_2014,
        fields={
            "title": (
                "Soykırım Suçunun Önlenmesi ve Cezalandırılması Sözleşmesi Açısından "
                "Hocalı Katliamı"
            ),
            "kind": Article.Kind.JOURNAL_ARTICLE,
            "publisher": "Hacettepe Üniversitesi Hukuk Fakültesi",
            "pages": "187-214",
            "published_on": datetime.date(2014, 1, 1),
            "published_on_precision": DatePrecision.YEAR,
            "language": "tr",
            "abstract": (
                "A Turkish-language legal study that examines Khojaly in the light of the "
                "Convention on the Prevention and Punishment of the Crime of Genocide."
            ),
        },
        authors=[("Bahadır Bumin", "Özarslan")],
        about_event=True,
    ),
    DemoArticle(
        slug=AVIM_2015,
        fields={
            "title": "23rd Anniversary of the Khojaly Massacre",
            "kind": Article.Kind.COMMENTARY,
            "publisher": "Center for Eurasian Studies (AVİM)",
            "publisher_place": "Ankara",
            "container_title": "AVİM Commentary",
            "number": "2015/26",
            "published_on": datetime.date(2015, 3, 4),
            "published_on_precision": DatePrecision.DAY,
            "url": "https://avim.org.tr/public/en/Yorum/23rd-ANNIVERSARY-OF-THE-KHOJALY-MASSACRE",
            "accessed_on": datetime.date(2026, 2, 7),
            "language": "en",
            "abstract": (
                "A commentary written for the 23rd anniversary of Khojaly. It reports the "
                "official Azerbaijani casualty figures and draws on a Human Rights Watch "
                "report, an İHH report, a piece in Agos and a Turkish legal study."
            ),
        },
        authors=[("Cemre Dilay", "Boztepe")],
        about_event=True,
        cites=[HRW_1994, IHH_2014, KOPTAS_2013, OZARSLAN_2014],
    ),
    DemoArticle(
        slug=APA_2020,
        fields={
            # The title is taken from the page address; we have not seen the headline.
            "title": "Place of Khojaly monument in Hague changed",
            "kind": Article.Kind.NEWS,
            "publisher": "APA",
            "published_on": datetime.date(2020, 8, 1),
            "published_on_precision": DatePrecision.MONTH,
            "url": "https://apa.az/en/xeber/europe/Place-of-Khojaly-monument-in-Hague-changed-327289",
            "language": "en",
            "abstract": (
                "A news report that the Khojaly monument in The Hague was moved to a new "
                "place within the Nieuw Eykenduynen cemetery. It says the monument dates "
                "from 2007, bears a plaque in Azerbaijani and Dutch, and that people gather "
                "there every 26 February. (Title taken from the page address.)"
            ),
        },
        authors=["APA"],
        about_memorial=True,
    ),
    DemoArticle(
        slug=EMBASSY_2020,
        fields={
            # Our translation of the Azerbaijani page address
            # "xocali-soyqirimi-abidesinin-berpadan-sonra-yeniden-acilisi".
            "title": "Re-opening of the Khojaly genocide monument after reconstruction",
            "kind": Article.Kind.NEWS,
            "publisher": "Embassy of the Republic of Azerbaijan in the Netherlands",
            # The re-opening was on 24 April 2020; the item's own date is not recorded.
            "published_on": datetime.date(2020, 4, 1),
            "published_on_precision": DatePrecision.MONTH,
            "url": (
                "https://hague.mfa.gov.az/en/news/3384/"
                "xocali-soyqirimi-abidesinin-berpadan-sonra-yeniden-acilisi"
            ),
            "abstract": (
                "A news item from the embassy reporting that the Khojaly monument in The "
                "Hague re-opened after reconstruction on 24 April 2020. (Title translated by "
                "us from the Azerbaijani page address.)"
            ),
        },
        authors=["Embassy of the Republic of Azerbaijan in the Netherlands"],
        about_memorial=True,
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str
    member_of_example_organisation: bool = False


@dataclass
class DemoLoadResult:
    """What `demo_load()` did with the demo users.

    `passwords` holds the new passwords, only for users created in this run (or all of
    them with `reset_passwords`); `existing` names users whose password was left alone.
    """

    passwords: dict[str, str] = field(default_factory=dict)
    existing: list[str] = field(default_factory=list)


def _upsert[M: models.Model](model: type[M], *, slug: str, values: dict[str, Any]) -> M:
    """The row with `slug`, created or brought up to date with `values`.

    Unlike `update_or_create`, an unchanged row is not saved again, so re-runs add no
    history rows. Costs one query, plus one write when something changed.
    """
    obj = model._default_manager.filter(slug=slug).first()
    if obj is None:
        return model._default_manager.create(slug=slug, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def _article_authors_set(article: Article, authors: list[tuple[str, str] | str]) -> None:
    """Authors in the given order, keyed by position; surplus old rows are removed."""
    for position, author in enumerate(authors):
        if isinstance(author, str):
            names = {"given_name": "", "family_name": "", "organisation_name": author}
        else:
            given, family = author
            names = {"given_name": given, "family_name": family, "organisation_name": ""}
        ArticleAuthor.objects.update_or_create(article=article, position=position, defaults=names)
    article.authors.filter(position__gte=len(authors)).delete()


def _demo_users_load(
    *, organisation: Organisation, reset_passwords: bool, result: DemoLoadResult
) -> None:
    from core.roles import EDITORS
    from events.apps import ORGANISERS

    User = get_user_model()
    demo_users = [
        DemoUser("demo-editor", EDITORS),
        DemoUser("demo-organiser", ORGANISERS, member_of_example_organisation=True),
    ]
    for demo in demo_users:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={"email": f"{demo.username}@example.org", "is_staff": True},
        )
        if created or reset_passwords:
            password = secrets.token_urlsafe(16)
            user.set_password(password)
            result.passwords[demo.username] = password
        else:
            result.existing.append(demo.username)
        user.is_staff = True
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=demo.group))
        if demo.member_of_example_organisation:
            Membership.objects.get_or_create(user=user, organisation=organisation)


@transaction.atomic
def demo_load(*, reset_passwords: bool = False) -> DemoLoadResult:
    """Load or refresh the demo records and demo users; safe to run any number of times.

    Calls `core.roles.setup_roles()` first, since the demo users join its groups. New
    users get random passwords, returned once in the result; existing users keep theirs
    unless `reset_passwords` is set.
    """
    from core.roles import setup_roles

    setup_roles()

    historical_event = _upsert(HistoricalEvent, slug=KHOJALY_MASSACRE, values=HISTORICAL_EVENT)
    memorial = _upsert(Memorial, slug=KHOJALY_MEMORIAL, values=MEMORIAL)
    memorial.historical_events.set([historical_event])

    organisation = _upsert(Organisation, slug=EXAMPLE_ORGANISATION, values=ORGANISATION)
    _upsert(
        AnniversaryEvent,
        slug=EXAMPLE_EVENT,
        values={
            **ANNIVERSARY_EVENT,
            "historical_event": historical_event,
            "memorial": memorial,
            "organisation": organisation,
        },
    )

    articles: dict[str, Article] = {}
    for demo in ARTICLES:
        article = _upsert(Article, slug=demo.slug, values={**demo.fields, "is_published": True})
        _article_authors_set(article, demo.authors)
        article.historical_events.set([historical_event] if demo.about_event else [])
        article.memorials.set([memorial] if demo.about_memorial else [])
        articles[demo.slug] = article
    for demo in ARTICLES:
        articles[demo.slug].cites.set([articles[slug] for slug in demo.cites])

    result = DemoLoadResult()
    _demo_users_load(organisation=organisation, reset_passwords=reset_passwords, result=result)
    return result
