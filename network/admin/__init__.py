"""The network's admin: the yearly survey with the grant report's downloads, and the partners."""

from network.admin import partners, survey  # noqa: F401
