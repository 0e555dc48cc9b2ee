"""E-mail backends for tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

FAILING = "tests.mail_backends.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
