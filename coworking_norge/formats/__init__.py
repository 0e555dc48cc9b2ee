"""The portal's date and number formats, one module per language (FORMAT_MODULE_PATH), and
`money()` and `quantity()` that write amounts and quantities with them (money.py).

What Django's own locale modules say is kept unless a module here says otherwise: Django looks
here first, then in django/conf/locale/<language>/formats.py.

    nb: 15.01.2026 · 15.01.2026 14:30 · 5 000,00 kr · \u2212150,00 kr · 1 · 2,5
    en: 15 Jan 2026 · 15 Jan 2026, 14:30 · NOK 5,000.00 · \u2212NOK 150.00 · 1 · 2.5

(\u2212 is the minus sign, U+2212.)

USE_THOUSAND_SEPARATOR stays off: it would group every number Django writes, years and ids
in links and form values included. Amounts are grouped by money(), which forces it.
"""
