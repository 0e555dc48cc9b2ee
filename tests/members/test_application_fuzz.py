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

# What the attack sent (issue 10): line breaks with header names, NULs, overlong numbers, markup.
hostile = st.sampled_from(
    [
        "Berg & Co AS\r\nBcc: x@example.org",
        "Berg\nCo",
        "\r\n",
        "a\x00b",
        "9" * 40,
        "-" + "9" * 40,
        "1e400",
        "２０２６",
        "<b>&amp;</b>'\"",
        "x" * 300,
    ]
) | st.text(alphabet="\r\n\x00 9aæ&\"'<>-.,", max_size=60)
# Text of every kind: control characters, right-to-left marks, emoji, very long strings, NULs.
anything = (
    st.text(max_size=300)
    | st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5000)
    | hostile
)
numbers = st.integers(-(10**12), 10**12).map(str) | st.integers(10**18, 10**40).map(str)
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


ODD_QUERIES = [
    "next=%0D%0ALocation:%20https://example.org",
    "organisation_number=" + "9" * 40,
    "q=%EF%BF%BF%E2%80%AE",
    "step=-1",
    "lookup=" + "9" * 40,
    "lang=%0A",
]


@pytest.mark.parametrize("signed_in", [False, True])
def test_odd_query_strings_on_the_join_pages_never_fail_the_server(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    client.raise_request_exception = False
    answers = {
        f"{path}?{query}": client.get(f"{path}?{query}").status_code
        for path in ("/join/", "/en/join/", "/join/lookup/")
        for query in ODD_QUERIES
    }
    assert {url: status for url, status in answers.items() if status >= 500} == {}
    assert set(answers.values()) <= {200, 302, 400, 404}
