"""Signals other apps listen to, so that members never imports them."""

from django.dispatch import Signal

# Sent while /me/organisation/ is drawn, with `user`, `organisations` (the person's, each with its
# contacts prefetched) and `roles` ({organisation pk: the person's role}). A receiver returns
# {organisation pk: {"template": …, …}}: a section shown under that organisation's hubs, rendered
# with `organisation` and the dict as `part`. It runs the same number of queries whatever the
# number of organisations. billing adds the invoices this way.
organisation_page_sections = Signal()
