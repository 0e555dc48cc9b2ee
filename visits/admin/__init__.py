"""The secretariat's admin of the network pass, by subject: vouches (looked at, revoked), hubs'
hosting with their closed dates, and visits (looked at, decided and marked through the services)
with the fairness ledger between hubs and its CSV for settling."""

from visits.admin import hosting, visits, vouches

__all__ = ["hosting", "visits", "vouches"]
