from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from billing.models import Invoice
from hubs.models import Facility, Hub, HubManager
from members.models import Organisation, User
from tests.admin_forms import change_form_data
from tests.factories import HubFactory, UserFactory

pytestmark = pytest.mark.django_db

FOUNDING = {
    ("657", "Oslo", "oslo"),
    ("Impact HUB Bergen", "Bergen", "vestland"),
    ("WorkWork", "Trondheim", "trondelag"),
    ("Flow", "Tromsø", "troms"),
    ("Innovation Dock", "Stavanger", "rogaland"),
    ("Blender Collective", "Fredrikstad", "ostfold"),
    ("Fabrikken", "Lillehammer", "innlandet"),
    ("Beta", "Vågå", "innlandet"),
    ("InkubatorSalten", "Bodø", "nordland"),
    ("CoWorks", "Kristiansand", "agder"),
    ("Brodahls GummivareFabrikk", "Drammen", "buskerud"),
}


def test_seed_creates_the_eleven_founding_hubs_published():
    call_command("seed", verbosity=0)
    hubs = Hub.objects.all()
    assert {(h.name, h.city, h.county) for h in hubs} == FOUNDING
    assert all(h.is_founding and h.is_published for h in hubs)
    assert Facility.objects.count() == 13
    assert Facility.objects.get(slug="motterom").name_en == "Meeting room"


def test_seed_twice_changes_nothing_and_keeps_edits():
    call_command("seed", verbosity=0)
    flow = Hub.objects.get(slug="flow")
    flow.tagline_nb = "Satt av en hubansvarlig"
    flow.latitude = "69.65000"
    flow.save()
    before = list(Hub.objects.order_by("pk").values())
    call_command("seed", verbosity=0)
    assert list(Hub.objects.order_by("pk").values()) == before
    assert Facility.objects.count() == 13


def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("demo", verbosity=0)
    assert not User.objects.exists()


def test_demo_accounts_can_sign_in_and_running_it_twice_adds_nothing(settings, client):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)
    emails = sorted(User.objects.values_list("email", flat=True))
    assert emails == sorted(
        f"{who}@example.org" for who in ("secretariat", "manager", "contact", "coworker", "member")
    )
    assert Hub.objects.filter(is_founding=True).count() == 11
    assert Hub.objects.count() == 12
    # Fabrikken's, Blender Collective's (visits/demo.py: only a member hub vouches), and 657's and
    # WorkWork's (network/demo.py: three member hubs answer the survey, so its figures show).
    assert Organisation.objects.count() == 4
    for email in emails:
        client.post("/accounts/login/", {"login": email, "password": "coworking-demo"})
        assert client.get("/").wsgi_request.user.email == email
        client.logout()
    assert User.objects.get(email="secretariat@example.org").is_secretariat
    assert HubManager.objects.filter(
        user__email="manager@example.org", hub__slug="fabrikken"
    ).exists()
    # Last year's fee paid, this year's outstanding; each billed once however often demo runs.
    year = timezone.localdate().year
    assert list(
        Invoice.objects.order_by("number").values_list("membership_year", "status", "total_amount")
    ) == [(year - 1, "paid", Decimal("5000.00")), (year, "issued", Decimal("5000.00"))]


@pytest.fixture
def admin_client_secretariat(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_admin_hub_list_searches_and_filters(admin_client_secretariat):
    call_command("seed", verbosity=0)
    html = admin_client_secretariat.get("/admin/hubs/hub/", {"q": "bergen"}).content.decode()
    assert "Impact HUB Bergen" in html
    assert "WorkWork" not in html
    html = admin_client_secretariat.get(
        "/admin/hubs/hub/", {"county__exact": "innlandet"}
    ).content.decode()
    assert "Fabrikken" in html
    assert "Beta" in html
    assert "Flow" not in html
    html = admin_client_secretariat.get(
        "/admin/hubs/hub/", {"is_founding__exact": "1"}
    ).content.decode()
    assert "11 hubber" in html


def test_admin_edits_every_field_with_photos_inline(admin_client_secretariat):
    call_command("seed", verbosity=0)
    hub = Hub.objects.get(slug="beta")
    html = admin_client_secretariat.get(f"/admin/hubs/hub/{hub.pk}/change/").content.decode()
    for field in (
        "name",
        "slug",
        "is_published",
        "tagline_nb",
        "tagline_en",
        "description_en",
        "address",
        "postcode",
        "latitude",
        "longitude",
        "website",
        "capacity",
        "area",
        "facilities",
        "step_free_entrance",
        "hearing_loop",
        "visitor_info_nb",
        "logo",
        "photos-__prefix__-image",
        "photos-__prefix__-alt_text_nb",
        "photos-__prefix__-alt_text_en",
        "managers-__prefix__-user",
    ):
        assert f'name="{field}"' in html, field


def test_the_admin_adds_and_removes_a_hubs_managers_through_the_services(
    admin_client_secretariat,
):
    hub = HubFactory(slug="huben")
    keeper, leaver, newcomer = UserFactory(), UserFactory(), UserFactory()
    HubManager.objects.create(hub=hub, user=keeper)
    leaving = HubManager.objects.create(hub=hub, user=leaver)
    change = f"/admin/hubs/hub/{hub.pk}/change/"
    page = admin_client_secretariat.get(change)
    index = [form.instance.pk for form in _managers_formset(page).initial_forms].index(leaving.pk)
    data = change_form_data(
        page,
        **{
            f"managers-{index}-DELETE": "on",
            "managers-TOTAL_FORMS": "3",
            "managers-2-user": str(newcomer.pk),
            "managers-2-hub": str(hub.pk),
        },
    )
    response = admin_client_secretariat.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert sorted(HubManager.objects.filter(hub=hub).values_list("user_id", flat=True)) == sorted(
        [keeper.pk, newcomer.pk]
    )


def _managers_formset(response):
    return next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is HubManager
    )


def test_the_hub_managers_admin_adds_and_deletes_through_the_services(admin_client_secretariat):
    hub, person = HubFactory(slug="huben"), UserFactory()
    response = admin_client_secretariat.post(
        "/admin/hubs/hubmanager/add/", {"hub": hub.pk, "user": person.pk}
    )
    assert response.status_code == 302
    manager = HubManager.objects.get()
    assert (manager.hub, manager.user) == (hub, person)
    admin_client_secretariat.post(f"/admin/hubs/hubmanager/{manager.pk}/delete/", {"post": "yes"})
    assert not HubManager.objects.exists()


def test_changing_a_hub_manager_in_the_admin_puts_another_person_in_their_place(
    admin_client_secretariat,
):
    hub, before, after = HubFactory(slug="huben"), UserFactory(), UserFactory()
    manager = HubManager.objects.create(hub=hub, user=before)
    response = admin_client_secretariat.post(
        f"/admin/hubs/hubmanager/{manager.pk}/change/", {"hub": hub.pk, "user": after.pk}
    )
    assert response.status_code == 302
    assert list(HubManager.objects.values_list("hub_id", "user_id")) == [(hub.pk, after.pk)]
