"""Every write of the network app: the yearly survey (`survey`). Partners are kept in the admin."""

from network.services.survey import (  # noqa: F401
    survey_answer_file,
    survey_close,
    survey_open,
    survey_remind,
)
