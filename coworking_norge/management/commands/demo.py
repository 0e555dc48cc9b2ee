from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.module_loading import import_string, module_has_submodule

from coworking_norge.secretariat import portal_app_labels


class Command(BaseCommand):
    help = (
        "Add clearly fake demo content and accounts for local use. Safe to run again; DEBUG only."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo content is for local use: it refuses to run with DEBUG off."
            )
        call_command("seed", verbosity=0)
        # The e-mails the demo's made-up people would get (tickets, visits, a survey) are kept
        # back: sent to the console, they would bury the demo's logins under pages of MIME.
        outbox = getattr(mail, "outbox", None)  # a test's, kept as it was
        mail.outbox = []
        locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        try:
            with override_settings(MAILERS=locmem):
                lines = [
                    line
                    # Each app's own demo.py, in the order the apps build on each other, so that
                    # this command imports none of them.
                    for config in map(apps.get_app_config, portal_app_labels())
                    if module_has_submodule(config.module, "demo")
                    for line in import_string(f"{config.name}.demo.demo_create")()
                ]
            kept_back = len(mail.outbox)
        finally:
            if outbox is None:
                del mail.outbox
            else:
                mail.outbox = outbox
        for line in lines:
            self.stdout.write(line)
        if kept_back:
            self.stdout.write(f"{kept_back} e-mails to the demo's made-up people were not sent.")
