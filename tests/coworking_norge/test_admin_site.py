"""The secretariat's admin carries the network's name, in the page's language."""

from html import escape

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "name", "index"),
    [
        ("/admin/", "Coworking Norge – administrasjon", "Sekretariatets kontor"),
        ("/en/admin/", "Coworking Norge – administration", "The secretariat's back office"),
    ],
)
def test_the_admin_is_branded_in_the_pages_language(client, secretariat_user, path, name, index):
    client.force_login(secretariat_user)
    html = client.get(path).content.decode()
    assert f"<title>{escape(index)} | {name}</title>" in html
    assert f'<a href="{path}">{name}</a>' in html
    assert "Django" not in html.split("<body", 1)[1].split("</header>", 1)[0]
