"""Hypothesis feeds the application form: never a 500, every rejection an error next to a field."""

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.forms import APPLICATION_FIELDS
from members.models import MembershipApplication
from tests.factories import UserFactory
from tests.members.test_applications import form_data

pytestmark = pytest.mark.django_db

# Text of every kind: control characters, right-to-left marks, emoji, very long strings, NULs.
anything = st.text(max_size=300) | st.text(
    alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5000
)
numbers = st.integers(-(10**12), 10**12).map(str)
organisation_numbers = st.from_regex(r"\A[0-9 ]{0,14}\Z") | numbers | anything
field_values = {
    "organisation_number": organisation_numbers,
    "postcode": st.from_regex(r"\A[0-9]{0,6}\Z") | anything,
    "hub_capacity": numbers | anything,
    "hub_county": st.sampled_from(["oslo", "innlandet", "troms", "", "atlantis"]) | anything,
    "invoice_email": st.emails() | anything,
    "hub_website": st.just("https://example.org") | anything,
}


@st.composite
def submissions(draw) -> dict:
    """A valid application with some of its fields replaced by anything at all."""
    data = form_data()
    for name in draw(st.sets(st.sampled_from(APPLICATION_FIELDS), max_size=6)):
        data[name] = draw(field_values.get(name, anything))
    return data


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=submissions())
def test_generated_applications_never_fail_the_server(client, data):
    client.force_login(APPLICANT.get() or APPLICANT.make())
    before = MembershipApplication.objects.count()
    response = client.post("/join/", data)
    assert response.status_code in (302, 400)
    if response.status_code == 400 and any("\x00" in str(value) for value in data.values()):
        # A NUL character is refused before any view: no form, nothing saved.
        assert b'class="application-form"' not in response.content
        assert MembershipApplication.objects.count() == before
    elif response.status_code == 400:
        errors = response.context["form"].errors
        assert errors
        assert set(errors) <= set(APPLICATION_FIELDS)
        assert MembershipApplication.objects.count() == before
    else:
        assert MembershipApplication.objects.count() == before + 1
        # Let the next example apply for the same organisation again, with the rate limit of
        # applications (3 an hour) spent afresh: it has tests of its own.
        MembershipApplication.objects.update(status="withdrawn")
        caches["default"].clear()


class APPLICANT:
    """One applicant for all examples (the test database is shared by them)."""

    user = None

    @classmethod
    def get(cls):
        return (
            cls.user
            if cls.user and type(cls.user).objects.filter(pk=cls.user.pk).exists()
            else None
        )

    @classmethod
    def make(cls):
        cls.user = UserFactory()
        return cls.user
