"""E-mails about hubs: the secretariat's digest of what hub managers changed on their profiles."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from coworking_norge.secretariat import secretariat_addresses
from hubs.selectors import hub_change_summary, hub_changes_by_managers


def hub_changes_digest_send(*, since: datetime) -> int:
    """E-mail the secretariat the managers' changes since a moment; returns how many changes."""
    changes = hub_changes_by_managers(since=since)
    recipients = secretariat_addresses()
    if not changes or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        rows = [(record, hub_change_summary(record)) for record in changes]
        body = render_to_string("hubs/email/changes_digest.txt", {"rows": rows, "since": since})
        subject = render_to_string("hubs/email/changes_digest_subject.txt", {"count": len(rows)})
    EmailMessage(subject=subject.strip(), body=body, to=recipients).send()
    return len(rows)
