"""Signals other apps listen to, so that members never imports them."""

from django.dispatch import Signal

# Sent while /me/organisation/ is drawn, with `user`, `organisations` (the person's, each with its
# contacts prefetched) and `roles` ({organisation pk: the person's role}). A receiver returns
# {organisation pk: {"template": …, …}}: a section shown under that organisation's hubs, rendered
# with `organisation` and the dict as `part`. It runs the same number of queries whatever the
# number of organisations. billing adds the invoices this way.
organisation_page_sections = Signal()

# Sent while "Min side" (/me/) is drawn, with `user`. A receiver returns {"template": …,
# "engaged": bool, …} (a section, rendered with the dict as `part`) or None; "engaged" says the
# person has something there to look after, so the page's "nothing to manage yet" is not shown.
# Each receiver runs a fixed number of queries. visits adds the network pass this way.
me_page_sections = Signal()
