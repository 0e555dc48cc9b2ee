"""A cell that a spreadsheet would run as a formula is kept as text, whatever it starts with."""

import pytest

from coworking_norge.csv_responses import spreadsheet_safe


@pytest.mark.parametrize("text", ["=1+1", "+47", "-2", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_a_cell_that_would_be_a_formula_gets_a_leading_quote(text):
    assert spreadsheet_safe(text) == f"'{text}"


def test_ordinary_text_is_left_as_it_is():
    assert spreadsheet_safe("Fabrikken = 2 etasjer") == "Fabrikken = 2 etasjer"
