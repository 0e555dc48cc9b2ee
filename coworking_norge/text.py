"""Text as people type or paste it, and as pages write it."""

import html

from django.utils.text import slugify

# slugify() drops what ASCII lacks: "Møte" would become "mte".
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def one_line(text: str) -> str:
    """Any text as one line: runs of white space, line breaks included, become one space, and none
    is left at either end. For names and addresses, and for e-mail subjects."""
    return " ".join(str(text).split())


def one_line_fields(instance, *names: str) -> None:
    """The named text fields of a model instance as one line each (called from its clean())."""
    for name in names:
        setattr(instance, name, one_line(getattr(instance, name) or ""))


def escape(value) -> str:
    """What django.utils.html.escape writes (&, <, >, " and ' as entities), without its lazy
    wrapper: the directory escapes some thousand values a request; the wrapper cost most of it."""
    return html.escape(str(value), quote=True)


def slug_words(text: str, *, max_length: int) -> str:
    """A slug of Norwegian text, æ, ø and å written out ("Økonomi" → "okonomi"), at most
    `max_length` long; empty when nothing is left."""
    return slugify(str(text).translate(NORWEGIAN_LETTERS))[:max_length].strip("-")
