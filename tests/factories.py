from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory
from stdnum.no import orgnr

from billing.models import Invoice, InvoiceLine
from events.models import Event, ProgrammeItem
from hubs.counties import County
from hubs.models import Facility, Hub, HubManager, HubPhoto
from knowledge.models import Resource, Tag
from members.models import MembershipTier, Organisation, OrganisationContact, User
from network.models import Partner, Survey, SurveyAnswer
from visits.models import ClosedDay, HostSettings, Visit, Vouch


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="no_NO")
    password = factory.django.Password("a-long-test-password")


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"facility-{n}")
    name_nb = factory.Sequence(lambda n: f"Fasilitet {n}")
    name_en = factory.Sequence(lambda n: f"Facility {n}")


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hub {n:03d}")
    slug = factory.Sequence(lambda n: f"hub-{n:03d}")
    city = "Hamar"
    county = County.INNLANDET
    latitude = factory.Sequence(lambda n: Decimal("58.5") + Decimal(n % 100) / 10)
    longitude = factory.Sequence(lambda n: Decimal("6.0") + Decimal(n % 90) / 10)
    tagline_nb = factory.Sequence(lambda n: f"Et kreativt fellesskap nummer {n}")
    tagline_en = factory.Sequence(lambda n: f"A creative community number {n}")
    description_nb = "Lyse lokaler, gode folk og kaffe."
    capacity = 20
    is_published = True

    @factory.post_generation
    def facilities(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilities.set(extracted)


class HubPhotoFactory(DjangoModelFactory):
    class Meta:
        model = HubPhoto

    hub = factory.SubFactory(HubFactory)
    image = factory.django.ImageField(color="green", width=40, height=30, format="JPEG")
    alt_text = "Folk som jobber ved langbord i et lyst lokale"


class HubManagerFactory(DjangoModelFactory):
    class Meta:
        model = HubManager

    user = factory.SubFactory(UserFactory)
    hub = factory.SubFactory(HubFactory)


class MembershipTierFactory(DjangoModelFactory):
    class Meta:
        model = MembershipTier

    name_nb = factory.Sequence(lambda n: f"Nivå {n}")
    name_en = factory.Sequence(lambda n: f"Tier {n}")
    yearly_fee = Decimal("6000.00")
    vat_rate = Decimal("25.00")


def _organisation_number(n: int) -> str:
    """A valid organisation number for each n: the first body from n on that has a check digit."""

    body = 90000000 + n * 11
    while True:
        for digit in "0123456789":
            if orgnr.is_valid(f"{body}{digit}"):
                return f"{body}{digit}"
        body += 1


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Kontorfellesskap {n} AS")
    organisation_number = factory.Sequence(_organisation_number)
    address = "Storgata 1"
    postcode = "2317"
    city = "Hamar"
    invoice_email = factory.Sequence(lambda n: f"faktura{n}@example.org")
    status = Organisation.Status.MEMBER
    member_since = factory.LazyFunction(lambda: __import__("datetime").date(2020, 1, 1))
    tier = factory.SubFactory(MembershipTierFactory)


class OrganisationContactFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationContact

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationContact.Role.ADMIN


class InvoiceFactory(DjangoModelFactory):
    """A draft invoice; add lines with InvoiceLineFactory and issue it with the service."""

    class Meta:
        model = Invoice

    organisation = factory.SubFactory(OrganisationFactory)


class InvoiceLineFactory(DjangoModelFactory):
    class Meta:
        model = InvoiceLine

    invoice = factory.SubFactory(InvoiceFactory)
    description = "Medlemskontingent"
    quantity = Decimal(1)
    unit_price = Decimal("6000.00")
    vat_rate = Decimal("25.00")


def verified_user(email: str, **fields) -> User:
    """An account whose e-mail address is verified, as after sign-up (allauth)."""
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def application_data(**changes) -> dict:
    """What members.services.application_submit takes, as the form cleans it."""
    return {
        "organisation_name": "Søker AS",
        "organisation_number": "974760673",
        "address": "Gata 1",
        "postcode": "0150",
        "city": "Oslo",
        "invoice_email": "faktura@example.org",
        "hub_name": "Huben",
        "hub_city": "Oslo",
        "hub_county": "oslo",
        "hub_capacity": 10,
        "hub_description": "-",
        "physical_place": "-",
        "community": "-",
        "facilitation": "-",
        "motivation": "-",
        **changes,
    }


def _in_days(days: int, hour: int = 9):
    """A time `days` from now, at `hour` o'clock in Oslo."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Seminar {n}")
    title_nb = factory.LazyAttribute(lambda event: event.title)
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    kind = Event.Kind.SEMINAR
    starts_at = factory.LazyFunction(lambda: _in_days(30, 9))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=7))
    venue_name = "Fabrikken"
    venue_address = "Fabrikkgata 1, 2317 Hamar"
    description_nb = "Et seminar for dem som driver kontorfellesskap."
    capacity = 10
    published = True


class ProgrammeItemFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory, kind=Event.Kind.CONFERENCE)
    starts_at = factory.LazyAttribute(lambda item: item.event.starts_at)
    title = factory.Sequence(lambda n: f"Innlegg {n}")
    title_nb = factory.LazyAttribute(lambda item: item.title)
    speakers = "Kari Nordmann"
    room = "Sal 1"


class MemberHubFactory(HubFactory):
    """A published hub of a member organisation: one that may vouch and host."""

    organisation = factory.SubFactory(OrganisationFactory)


class HostSettingsFactory(DjangoModelFactory):
    """A hub hosting network guests: 3 guest desks Monday to Friday, confirmed automatically."""

    class Meta:
        model = HostSettings

    hub = factory.SubFactory(MemberHubFactory)
    hosts_guests = True
    desks_monday = 3
    desks_tuesday = 3
    desks_wednesday = 3
    desks_thursday = 3
    desks_friday = 3
    confirmation = HostSettings.Confirmation.AUTOMATIC


class ClosedDayFactory(DjangoModelFactory):
    class Meta:
        model = ClosedDay

    hub = factory.SubFactory(MemberHubFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    reason = "Juleferie"


class VouchFactory(DjangoModelFactory):
    """An accepted vouch by a member hub for a coworker with a verified address, for 180 days."""

    class Meta:
        model = Vouch

    home_hub = factory.SubFactory(MemberHubFactory)
    coworker = factory.Sequence(lambda n: verified_user(f"coworker{n}@example.org"))
    email = factory.LazyAttribute(lambda vouch: vouch.coworker.email if vouch.coworker else "")
    until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    accepted_at = factory.LazyAttribute(lambda vouch: timezone.now() if vouch.coworker else None)


class VisitFactory(DjangoModelFactory):
    """A confirmed visit by a vouched coworker to a hosting hub, a week from today."""

    class Meta:
        model = Visit

    visitor = factory.LazyAttribute(lambda visit: VouchFactory(home_hub=visit.home_hub).coworker)
    visitor_name = factory.LazyAttribute(lambda visit: visit.visitor.name or visit.visitor.email)
    home_hub = factory.SubFactory(MemberHubFactory)
    host = factory.LazyFunction(lambda: HostSettingsFactory().hub)
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    status = Visit.Status.CONFIRMED


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name_nb = factory.Sequence(lambda n: f"Emne {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"emne-{n}")


class ResourceFactory(DjangoModelFactory):
    """A published, public guide with a short Markdown body (no file)."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title_nb = factory.Sequence(lambda n: f"Veileder nummer {n}")
    title_en = factory.Sequence(lambda n: f"Guide number {n}")
    slug = factory.Sequence(lambda n: f"veileder-{n}")
    kind = Resource.Kind.GUIDE
    phase = Resource.Phase.RUNNING
    summary_nb = "Kort om hvordan et kontorfellesskap drives."
    summary_en = "In short, how a coworking space is run."
    body_nb = "## Første steg\n\nSnakk med medlemmene."
    body_en = "## First steps\n\nTalk to the members."
    status = Resource.Status.PUBLISHED
    visibility = Resource.Visibility.PUBLIC
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class SurveyFactory(DjangoModelFactory):
    """An open survey of last year, answerable until a month from now."""

    class Meta:
        model = Survey

    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class SurveyAnswerFactory(DjangoModelFactory):
    class Meta:
        model = SurveyAnswer

    survey = factory.SubFactory(SurveyFactory)
    hub = factory.SubFactory(MemberHubFactory)
    desks = 30
    area = 600
    members = 40
    creative_share = 70
    day_pass_price = Decimal("250.00")
    events_held = 12
    occupancy = SurveyAnswer.Occupancy.FROM_75


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner network {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Partner.Kind.NETWORK
    place_nb = "Brussel, Belgia"
    place_en = "Brussels, Belgium"
    description_nb = "Et europeisk nettverk av kontorfellesskap."
    description_en = "A European network of coworking spaces."
