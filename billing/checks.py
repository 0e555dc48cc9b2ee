"""System checks for the fee settings: a wrong KID setup or seller would print bad invoices."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from stdnum.no import kontonr, orgnr

from billing.kid import ALGORITHMS, MIN_LENGTH


@register()
def kid_settings_check(app_configs, **kwargs) -> list:
    errors = []
    if settings.INVOICE_KID_ALGORITHM not in ALGORITHMS:
        errors.append(
            Error(
                f"INVOICE_KID_ALGORITHM must be one of {', '.join(ALGORITHMS)}.",
                id="billing.E001",
            )
        )
    if not MIN_LENGTH <= settings.INVOICE_KID_LENGTH <= 25:
        errors.append(
            Error(f"INVOICE_KID_LENGTH must be between {MIN_LENGTH} and 25.", id="billing.E002")
        )
    return errors


@register(Tags.security, deploy=True)
def seller_settings_check(app_configs, **kwargs) -> list:
    """Invoices must name the network's real organisation number, address and bank account."""
    seller = settings.INVOICE_SELLER
    problems = []
    if not orgnr.is_valid(seller["organisation_number"]):
        problems.append("INVOICE_SELLER_ORGANISATION_NUMBER is not a valid organisation number")
    if not kontonr.is_valid(seller["account"]):
        problems.append("INVOICE_SELLER_ACCOUNT is not a valid Norwegian bank account number")
    if not seller["address"].strip():
        problems.append("INVOICE_SELLER_ADDRESS is empty")
    return [Warning(f"{problem}.", id="billing.W001") for problem in problems]
