"""Norway's 15 counties (fylker) from 1 January 2024; the value is the ASCII name used in URLs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.TextChoices):
    AGDER = "agder", _("Agder")
    AKERSHUS = "akershus", _("Akershus")
    BUSKERUD = "buskerud", _("Buskerud")
    FINNMARK = "finnmark", _("Finnmark")
    INNLANDET = "innlandet", _("Innlandet")
    MORE_OG_ROMSDAL = "more-og-romsdal", _("Møre og Romsdal")
    NORDLAND = "nordland", _("Nordland")
    OSLO = "oslo", _("Oslo")
    ROGALAND = "rogaland", _("Rogaland")
    TELEMARK = "telemark", _("Telemark")
    TROMS = "troms", _("Troms")
    TRONDELAG = "trondelag", _("Trøndelag")
    VESTFOLD = "vestfold", _("Vestfold")
    VESTLAND = "vestland", _("Vestland")
    OSTFOLD = "ostfold", _("Østfold")
