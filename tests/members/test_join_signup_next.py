import pytest

pytestmark = pytest.mark.django_db


def test_a_visitor_can_sign_up_from_the_join_redirect_and_come_back(client):
    login = client.get("/join/", follow=True)
    html = login.content.decode()
    assert login.redirect_chain == [("/accounts/login/?next=/join/", 302)]
    assert 'href="/accounts/signup/?next=%2Fjoin%2F"' in html
