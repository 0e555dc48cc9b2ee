"""Min side's card for a hub one manages: its seven actions in three groups, each a row of the
design system's `.actions` (spaced), and the managers set apart below them (issue 11)."""

import re

import pytest

from tests.factories import HubFactory, HubManagerFactory

pytestmark = pytest.mark.django_db


def _card(html: str) -> str:
    return re.search(r'<article class="card h-100">.*?</article>', html, re.DOTALL).group(0)


def _groups(card: str) -> list[tuple[str, list[str]]]:
    """(heading, the links' texts) of each group of actions, in the card's order."""
    return [
        (title, re.findall(r"<a [^>]*>([^<]+)</a>", actions))
        for title, actions in re.findall(
            r'<h4 class="hub-manage__title">([^<]+)</h4>\s*<ul class="actions[^"]*">(.*?)</ul>',
            card,
            re.DOTALL,
        )
    ]


@pytest.mark.parametrize(
    ("prefix", "expected", "managers"),
    [
        (
            "",
            [
                ("Profil", ["Rediger profilen", "Bilder og logo", "Se den offentlige profilen"]),
                ("Arrangementer", ["Foreslå et arrangement"]),
                ("Nettverkspass", ["Gjester", "Coworkere", "Vertskap"]),
            ],
            "Ansvarlige",
        ),
        (
            "/en",
            [
                ("Profile", ["Edit profile", "Photos and logo", "See the public profile"]),
                ("Events", ["Propose an event"]),
                ("Network pass", ["Guests", "Coworkers", "Hosting"]),
            ],
            "Managers",
        ),
    ],
)
def test_the_hub_cards_actions_come_in_spaced_groups_with_the_managers_below(
    client, prefix, expected, managers
):
    manager = HubManagerFactory(hub=HubFactory(name="Fabrikken", slug="fabrikken")).user
    client.force_login(manager)
    card = _card(client.get(f"{prefix}/me/").content.decode())
    assert _groups(card) == expected
    assert "list-inline" not in card  # Bootstrap's inline list, with no gap between its rows
    # The managers' heading is set apart from the last row of buttons.
    last_button = expected[-1][1][-1]
    heading = f'<h4 class="h6 hub-manage__managers">{managers}</h4>'
    assert card.index(heading) > card.index(last_button)
