"""Every write the network pass makes, by subject: vouches (who may travel), hosting (a hub's guest
desks and closed days) and visits (the desks and quotas, locked in one place)."""

from visits.services.hosting import closed_day_add, closed_day_remove, host_settings_save
from visits.services.visits import (
    desks_and_quota_lock,
    visit_cancel,
    visit_confirm,
    visit_decline,
    visit_mark,
    visit_request,
    visits_forget_visitor,
)
from visits.services.vouches import (
    vouch_accept,
    vouch_for,
    vouch_invite,
    vouch_renew,
    vouch_revoke,
    vouches_end_for_organisation,
)

__all__ = [
    "closed_day_add",
    "closed_day_remove",
    "desks_and_quota_lock",
    "host_settings_save",
    "visit_cancel",
    "visit_confirm",
    "visit_decline",
    "visit_mark",
    "visit_request",
    "visits_forget_visitor",
    "vouch_accept",
    "vouch_for",
    "vouch_invite",
    "vouch_renew",
    "vouch_revoke",
    "vouches_end_for_organisation",
]
