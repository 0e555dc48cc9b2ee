"""Sections an app adds to the pages of an app below it, which never imports it: the lower app
sends the signal while drawing its page; the higher app answers it from a receiver connected in
its AppConfig.ready(), and names the page-cache scopes its answers read, so that the page is kept
only while their data is unchanged too."""

from django.dispatch import Signal

# Sent while a hub's public profile is drawn, with `hub` (published or not), in the page's
# language. A receiver returns a dict {"template": …, …} (the section, rendered with the dict as
# `part`) or None to add nothing, in a fixed number of queries. events adds the hub's upcoming
# events.
hub_profile_sections = Signal()

_hub_profile_scopes: list[str] = []


def hub_profile_depends_on(*scopes: str) -> None:
    """What the receivers' sections show: a profile is kept until any of these changes too
    (fragments.MINUTE for sections that change with the clock)."""
    for scope in scopes:
        if scope not in _hub_profile_scopes:
            _hub_profile_scopes.append(scope)


def hub_profile_scopes(own: str) -> tuple[str, ...]:
    """The profile's own scope and those of the sections other apps add to it."""
    return (own, *(scope for scope in _hub_profile_scopes if scope != own))


def hub_profile_parts(hub) -> list[dict]:
    """The sections other apps add to the hub's profile, in the order they answered."""
    replies = hub_profile_sections.send(sender=type(hub), hub=hub)
    return [reply for _receiver, reply in replies if reply]
