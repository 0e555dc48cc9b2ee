"""E-mails about hubs: the secretariat's digest of what hub managers changed on their profiles."""

from datetime import datetime

from django.conf import settings
from django.utils import translation

from coworking_norge.admin_site import admin_url
from coworking_norge.mail import email_render, email_send
from coworking_norge.secretariat import secretariat_addresses
from hubs.selectors import hub_change_summary, hub_changes_by_managers


def hub_changes_digest_send(*, since: datetime) -> int:
    """E-mail the secretariat the managers' changes since a moment; returns how many changes
    were sent (0 when there were none, or the e-mail could not be sent)."""
    changes = hub_changes_by_managers(since=since)
    recipients = secretariat_addresses()
    if not changes or not recipients:
        return 0
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        rows = [
            (record, hub_change_summary(record), admin_url("hubs_hub_history", record.id))
            for record in changes
        ]
    context = {
        "rows": rows,
        "since": since,
        "count": len(rows),
        "changes_url": admin_url("hubs_historicalhub_changelist", language=language)
        + "?by=managers",
    }
    subject, body = email_render(
        "hubs/email/changes_digest", context, language=settings.LANGUAGE_CODE
    )
    return len(rows) if email_send(subject=subject, body=body, to=recipients) else 0
