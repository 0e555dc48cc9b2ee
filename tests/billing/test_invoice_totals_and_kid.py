"""Invoice arithmetic (øre, VAT per rate) and KID check digits (MOD10 and MOD11)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import kontonr

from billing.kid import kid_build, kid_is_valid, mod10_check_digit, mod11_check_digit
from billing.totals import round_ore, totals


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English; the default language is Norwegian."""
    with translation.override("en"):
        yield


@dataclass
class Line:
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal


def line(quantity: str, price: str, rate: str = "25") -> Line:
    return Line(Decimal(quantity), Decimal(price), Decimal(rate))


def test_three_times_333_33_at_25_percent_rounds_vat_half_up_to_ore():
    result = totals([line("3", "333.33")])
    assert (result.net, result.vat, result.total) == (
        Decimal("999.99"),
        Decimal("250.00"),  # 249.9975
        Decimal("1249.99"),
    )


def test_vat_is_computed_once_per_rate_on_the_sum_of_that_rates_lines():
    # Per line, 0.05 * 25 % = 0.0125 would round to 0.01 three times (0.03); on the sum: 0.04.
    result = totals([line("1", "0.05"), line("1", "0.05"), line("1", "0.05")])
    assert (result.net, result.vat, result.total) == (
        Decimal("0.15"),
        Decimal("0.04"),
        Decimal("0.19"),
    )


def test_mixed_rates_are_summarised_per_rate_in_order():
    result = totals(
        [
            line("2", "1999.995", "25"),  # 3999.99 after rounding the line
            line("0.333", "100.00", "15"),  # 33.30
            line("1", "149.50", "12"),
            line("1", "1000.00", "0"),
        ]
    )
    assert [(g.rate, g.net, g.vat) for g in result.groups] == [
        (Decimal(0), Decimal("1000.00"), Decimal("0.00")),
        (Decimal(12), Decimal("149.50"), Decimal("17.94")),
        (Decimal(15), Decimal("33.30"), Decimal("5.00")),  # 4.995
        (Decimal(25), Decimal("3999.99"), Decimal("1000.00")),  # 999.9975
    ]
    assert (result.net, result.vat, result.total) == (
        Decimal("5182.79"),
        Decimal("1022.94"),
        Decimal("6205.73"),
    )


def test_a_credit_notes_negative_lines_round_symmetrically():
    assert totals([line("-3", "333.33")]).total == -totals([line("3", "333.33")]).total
    assert round_ore(Decimal("-0.005")) == Decimal("-0.01")
    assert round_ore(Decimal("0.005")) == Decimal("0.01")


def test_no_lines_total_zero():
    assert (totals([]).net, totals([]).vat, totals([]).total) == (0, 0, 0)


# KID ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "digit"),
    [("7992739871", "3"), ("1234567", "4"), ("4992739871", "6")],
)
def test_mod10_check_digits_of_known_numbers(body, digit):
    assert mod10_check_digit(body) == digit
    assert kid_is_valid(body + digit, algorithm="mod10")


@pytest.mark.parametrize("account", ["12345678903", "86011117947"])
def test_mod11_is_the_norwegian_account_number_check(account):
    """Bank account numbers use the same MOD11 weights (2 to 7 from the right) as a MOD11 KID."""
    assert kontonr.is_valid(account)
    assert mod11_check_digit(account[:-1]) == account[-1]
    assert kid_is_valid(account, algorithm="mod11")


def test_mod11_remainder_one_gives_a_dash_and_remainder_zero_gives_zero():
    assert mod11_check_digit("1") == "9"  # 1*2 = 2 → 11 - 2
    assert mod11_check_digit("6") == "-"  # 6*2 = 12, remainder 1: 11 - 1 = 10 is written "-"
    assert mod11_check_digit("0") == "0"
    assert kid_is_valid("6-", algorithm="mod11")
    assert not kid_is_valid("60", algorithm="mod11")


def test_kid_holds_the_organisation_and_the_invoice_number_at_the_configured_length(settings):
    settings.INVOICE_KID_LENGTH = 10
    kid = kid_build(organisation_id=42, invoice_number=1234, algorithm="mod10")
    assert kid == "00042" + "1234" + mod10_check_digit("000421234")
    assert len(kid) == 10
    assert kid_is_valid(kid, algorithm="mod10")
    long = kid_build(organisation_id=42, invoice_number=1234, length=15, algorithm="mod11")
    assert long[:14] == "00042000001234"
    assert kid_is_valid(long, algorithm="mod11")


def test_a_kid_too_short_for_the_number_is_refused_rather_than_truncated():
    with pytest.raises(ValidationError, match="cannot hold"):
        kid_build(organisation_id=1, invoice_number=10000, length=9, algorithm="mod10")


@pytest.mark.parametrize("kid", ["", "1", "12a4", "0" * 26, "0000100018x"])
def test_malformed_kids_are_invalid(kid):
    assert not kid_is_valid(kid, algorithm="mod10")
    assert not kid_is_valid(kid, algorithm="mod11")


@given(
    organisation_id=st.integers(1, 99999),
    number=st.integers(1, 9999),
    algorithm=st.sampled_from(["mod10", "mod11"]),
    position=st.integers(0, 8),
    change=st.integers(1, 9),
)
def test_every_single_digit_error_is_caught(organisation_id, number, algorithm, position, change):
    kid = kid_build(
        organisation_id=organisation_id, invoice_number=number, length=10, algorithm=algorithm
    )
    assert kid_is_valid(kid, algorithm=algorithm)
    wrong = kid[:position] + str((int(kid[position]) + change) % 10) + kid[position + 1 :]
    assert not kid_is_valid(wrong, algorithm=algorithm)
