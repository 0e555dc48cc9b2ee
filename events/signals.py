"""Connected in EventsConfig.ready(): a hub's profile lists its upcoming events (hubs sends
coworking_norge.page_sections.hub_profile_sections and never imports events), and is kept in the
page cache only while the events are unchanged, for the current minute (an event ends)."""

from coworking_norge import fragments, page_sections
from events.selectors import hub_events

HUB_EVENTS_TEMPLATE = "events/includes/_hub_events.html"


def hub_events_section(sender, *, hub, **kwargs) -> dict | None:
    """The hub's next events, in one query; nothing when it has none."""
    events = hub_events(hub)
    if not events:
        return None
    return {"template": HUB_EVENTS_TEMPLATE, "hub": hub, "events": events}


page_sections.hub_profile_sections.connect(hub_events_section, dispatch_uid="events")
page_sections.hub_profile_depends_on("events", fragments.MINUTE)
