"""What every page may show about the network itself (the footer's contact details)."""

from django.conf import settings
from django.http import HttpRequest


def network(request: HttpRequest) -> dict:
    seller = settings.INVOICE_SELLER
    return {
        "network": {
            "name": seller["name"],
            "email": settings.NETWORK_EMAIL,
            "address": seller["address"],
            "organisation_number": seller["organisation_number"],
        }
    }
