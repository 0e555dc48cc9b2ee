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


# Where a county's hubs are put on the map until their managers set the address: the county's
# administrative centre (latitude, longitude).
COUNTY_CENTRES = {
    County.AGDER: ("58.14670", "7.99560"),  # Kristiansand
    County.AKERSHUS: ("59.91390", "10.75220"),  # Oslo, the county's seat
    County.BUSKERUD: ("59.74400", "10.20450"),  # Drammen
    County.FINNMARK: ("70.07340", "29.74940"),  # Vadsø
    County.INNLANDET: ("60.79450", "11.06800"),  # Hamar
    County.MORE_OG_ROMSDAL: ("62.73750", "7.15910"),  # Molde
    County.NORDLAND: ("67.28040", "14.40490"),  # Bodø
    County.OSLO: ("59.91390", "10.75220"),
    County.ROGALAND: ("58.97000", "5.73310"),  # Stavanger
    County.TELEMARK: ("59.20930", "9.60900"),  # Skien
    County.TROMS: ("69.64920", "18.95530"),  # Tromsø
    County.TRONDELAG: ("63.43050", "10.39510"),  # Trondheim
    County.VESTFOLD: ("59.26750", "10.40760"),  # Tønsberg
    County.VESTLAND: ("60.39130", "5.32210"),  # Bergen
    County.OSTFOLD: ("59.28390", "11.10960"),  # Sarpsborg
}
