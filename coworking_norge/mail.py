"""The portal's e-mails, one way for every app: rendered from <name>_subject.txt and <name>.txt in
a language, the subject on one line whatever the text in it (no header can be injected, no name
with a line break breaks the sending), and a failure to send logged with what was not sent,
never turned into an error for someone whose action is already saved."""

import logging
from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from coworking_norge.text import one_line

logger = logging.getLogger(__name__)


def email_render(template: str, context: dict, *, language: str) -> tuple[str, str]:
    """(subject, body) of the e-mail `template` in `language`."""
    with translation.override(language):
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def email_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    reply_to: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
    raise_errors: bool = False,
) -> bool:
    """Send it; False, with the failure logged, when it could not be sent or there is nobody to
    send it to. With `raise_errors` a failure is raised instead, for a caller that reports it to
    the person waiting (the admin's "send again")."""
    if not to:
        return False
    message = EmailMessage(
        subject=one_line(subject), body=body, to=to, reply_to=[reply_to] if reply_to else None
    )
    for attachment in attachments:
        message.attach(*attachment)
    try:
        message.send()
    except Exception:  # SMTP, DNS, a refused address: say what was not sent, and go on
        if raise_errors:
            raise
        logger.exception("E-mail not sent to %s: %s", ", ".join(to), message.subject)
        return False
    return True
