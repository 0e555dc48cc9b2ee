"""Events' item on the admin's front page (coworking_norge/admin_todo.py): what hub managers
proposed and the secretariat has not yet published."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coworking_norge.admin_todo import TodoItem
from events.admin.filters import ProposalFilter, proposals_open
from events.models import Event


def admin_todo_items(sender, *, site, request, **kwargs) -> list[TodoItem]:
    if not site.get_model_admin(Event).has_view_or_change_permission(request):
        return []
    url = reverse("admin:events_event_changelist", current_app=site.name)
    query = f"{ProposalFilter.parameter_name}={ProposalFilter.OPEN}"
    label = _("event proposals to publish")
    return [TodoItem(label, proposals_open(Event.objects.all()).count(), f"{url}?{query}", 80)]
