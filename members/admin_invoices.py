"""The admin of invoices: read-only once issued, credit notes, the overdue list, the dashboard."""
