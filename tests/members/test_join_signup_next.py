import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_a_visitor_can_sign_up_from_the_membership_page_and_come_back(client):
    join = client.get("/join/").content.decode()
    assert 'href="/accounts/signup/?next=/join/%23apply"' in join
    signup = client.get("/accounts/signup/?next=/join/%23apply").content.decode()
    assert 'value="/join/#apply"' in signup


def test_after_signing_up_and_confirming_the_visitor_is_back_at_the_form(client):
    password = "en-lang-og-trygg-frase-42"
    client.post(
        "/accounts/signup/",
        {
            "name": "Siri Søker",
            "email": "siri@example.org",
            "password1": password,
            "password2": password,
            "next": "/join/",
        },
    )
    link = re.search(r"coworkingnorge\.no(/\S*confirm-email/\S+/)", mail.outbox[0].body).group(1)
    response = client.post(link)
    assert response["Location"] == "/join/"
    assert client.get("/join/").status_code == 200
