from billing.checks import kid_settings_check, seller_settings_check


def test_the_test_settings_pass_both_checks():
    assert kid_settings_check(None) == []
    assert seller_settings_check(None) == []


def test_an_unknown_kid_algorithm_or_length_is_an_error(settings):
    settings.INVOICE_KID_ALGORITHM = "mod12"
    settings.INVOICE_KID_LENGTH = 30
    assert [error.id for error in kid_settings_check(None)] == ["billing.E001", "billing.E002"]


def test_a_made_up_seller_is_reported_before_deploying(settings):
    settings.INVOICE_SELLER = {
        **settings.INVOICE_SELLER,
        "organisation_number": "123456789",
        "account": "12345678901",
        "address": " ",
    }
    messages = [warning.msg for warning in seller_settings_check(None)]
    assert messages == [
        "INVOICE_SELLER_ORGANISATION_NUMBER is not a valid organisation number.",
        "INVOICE_SELLER_ACCOUNT is not a valid Norwegian bank account number.",
        "INVOICE_SELLER_ADDRESS is empty.",
    ]
