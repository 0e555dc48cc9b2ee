"""The admin's front page is the secretariat's to-do list. coworking_norge imports no app, so each
app adds its own items: a receiver of `admin_todo`, connected in its AppConfig.ready()."""

from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class TodoItem:
    """What waits for the secretariat: how many, and the admin list that shows them."""

    label: str
    count: int
    url: str
    # Where the item stands in the list, lowest first, whichever app answered first.
    order: int = 100


# Sent while the admin's front page is drawn, with `site` (the AdminSite) and `request`. A
# receiver returns a list of TodoItem: only those the request's user may see (leave the others
# out), counted in a fixed number of queries however many rows there are.
admin_todo = Signal()


def todo_items(*, site, request) -> list[TodoItem]:
    answers = admin_todo.send(sender=type(site), site=site, request=request)
    items = [item for _receiver, answer in answers for item in answer or ()]
    return sorted(items, key=lambda item: item.order)
