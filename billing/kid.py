"""KID (kundeidentifikasjon): the reference the payer types, or the bank reads, so that a payment
finds its invoice. MOD10 (Luhn) or MOD11 check digit, as Nets defines them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn

ALGORITHMS = ("mod10", "mod11")
ORGANISATION_DIGITS = 5
# The organisation part of a KID for an invoice to a person: zeros, which no organisation's id
# is. The invoice number, unique, keeps every KID unique.
PERSON_ID = 0
# The shortest KID that leaves room for invoice numbers up to 9999.
MIN_LENGTH = ORGANISATION_DIGITS + 4 + 1


def mod10_check_digit(body: str) -> str:
    return luhn.calc_check_digit(body)


def mod11_check_digit(body: str) -> str:
    """Weights 2, 3, 4, 5, 6, 7, 2, 3… from the right; a remainder of 1 gives '-', which Nets
    accepts as the check digit of a MOD11 KID."""
    total = sum(int(digit) * (2 + index % 6) for index, digit in enumerate(reversed(body)))
    check = (11 - total % 11) % 11
    return "-" if check == 10 else str(check)


CHECK_DIGIT = {"mod10": mod10_check_digit, "mod11": mod11_check_digit}


def kid_build(
    *, organisation_id: int, invoice_number: int, length: int | None = None, algorithm: str = ""
) -> str:
    """The organisation's id (PERSON_ID for a person), the invoice number padded to the length,
    and the check digit."""
    length = length or settings.INVOICE_KID_LENGTH
    algorithm = algorithm or settings.INVOICE_KID_ALGORITHM
    number_digits = length - 1 - ORGANISATION_DIGITS
    organisation, number = str(organisation_id), str(invoice_number)
    if number_digits < 1 or len(organisation) > ORGANISATION_DIGITS or len(number) > number_digits:
        raise ValidationError(
            _(
                "A KID of %(length)s digits cannot hold invoice number %(number)s: "
                "raise INVOICE_KID_LENGTH."
            )
            % {"length": length, "number": invoice_number}
        )
    body = organisation.zfill(ORGANISATION_DIGITS) + number.zfill(number_digits)
    return body + CHECK_DIGIT[algorithm](body)


def kid_is_valid(kid: str, *, algorithm: str = "") -> bool:
    algorithm = algorithm or settings.INVOICE_KID_ALGORITHM
    if not kid or len(kid) < 2 or len(kid) > 25 or not kid[:-1].isdigit():
        return False
    return CHECK_DIGIT[algorithm](kid[:-1]) == kid[-1]
