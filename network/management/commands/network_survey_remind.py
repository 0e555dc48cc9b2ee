from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from network.selectors.survey import survey_open
from network.services import survey_remind


class Command(BaseCommand):
    help = (
        "E-mail a reminder to the managers of every member hub that has not answered the open "
        "hub survey. Meant for a weekly cron job; a hub is reminded at most once a day, so it is "
        "safe to run again. Does nothing when no survey is open."
    )

    def handle(self, *args, **options) -> None:
        survey = survey_open()
        if survey is None:
            self.stdout.write("No survey is open: nobody reminded.")
            return
        try:
            count = survey_remind(survey)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Hub survey {survey.year}: {count} hub(s) reminded.")
