"""The users' admin: staff who are not superusers grant nobody, themselves included, more than
they have; superusers and staff passwords are out of their reach."""

import pytest
from django.contrib.auth.models import Group, Permission

from members.models import User
from tests.admin_forms import change_form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def change(client, user, **changes):
    url = f"/en/admin/members/user/{user.pk}/change/"
    return client.post(url, change_form_data(client.get(url), **changes))


def test_the_secretariat_cannot_make_itself_superuser_or_give_itself_permissions(
    staff, secretariat_user
):
    extra = Permission.objects.get(codename="add_group")
    change(staff, secretariat_user, is_superuser="on", user_permissions=[str(extra.pk)])
    secretariat_user.refresh_from_db()
    assert (secretariat_user.is_superuser, list(secretariat_user.user_permissions.all())) == (
        False,
        [],
    )


def test_nor_anyone_else(staff):
    member = UserFactory()
    change(staff, member, is_superuser="on", is_staff="on")
    member.refresh_from_db()
    assert (member.is_superuser, member.is_staff) == (False, True)


def test_only_groups_within_ones_own_permissions_can_be_given(staff):
    powerful = Group.objects.create(name="Alt")
    powerful.permissions.add(Permission.objects.get(codename="add_group"))
    page = staff.get(f"/en/admin/members/user/{UserFactory().pk}/change/")
    offered = {group.name for group in page.context["adminform"].form.fields["groups"].queryset}
    assert offered == {"Sekretariat"}


def test_staff_passwords_and_superusers_are_out_of_reach(staff, secretariat_user):
    colleague = UserFactory(is_staff=True)
    boss = UserFactory(is_staff=True, is_superuser=True)
    member = UserFactory()
    assert staff.get(f"/en/admin/members/user/{colleague.pk}/password/").status_code == 403
    assert staff.get(f"/en/admin/members/user/{boss.pk}/password/").status_code == 403
    assert staff.get(f"/en/admin/members/user/{member.pk}/password/").status_code == 200
    old = User.objects.get(pk=boss.pk).email
    response = change(staff, boss, email="meg@example.org")
    assert response.status_code == 403
    assert User.objects.get(pk=boss.pk).email == old
    email = colleague.email
    change(staff, colleague, email="overtatt@example.org", name="Ny")
    colleague.refresh_from_db()
    assert (colleague.email, colleague.name) == (email, "Ny")


def test_a_superuser_grants_what_it_likes(client):
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(boss)
    member = UserFactory()
    change(client, member, is_superuser="on", is_staff="on")
    member.refresh_from_db()
    assert member.is_superuser is True
    assert client.get(f"/en/admin/members/user/{member.pk}/password/").status_code == 200
