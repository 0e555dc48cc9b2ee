"""Who may see or do what with vouches and visits; used by views, services and templates. Only a
hub's own managers (and the secretariat) see its visitors and vouch for its coworkers; a coworker
sees only their own."""

from django.db.models import QuerySet

from hubs.models import Hub
from hubs.permissions import hubs_editable_by
from visits.models import Visit, Vouch

MEMBER = "member"


def hubs_run_by(user) -> QuerySet[Hub]:
    """The hubs whose guests and coworkers this person manages."""
    return hubs_editable_by(user)


def hubs_vouching_by(user) -> QuerySet[Hub]:
    """The hubs this person may vouch for coworkers of: theirs, while a member's."""
    return hubs_run_by(user).filter(organisation__status=MEMBER)


def can_take_part(hub: Hub) -> bool:
    """Only hubs of member organisations vouch and host."""
    return hub.organisation_id is not None and hub.organisation.status == MEMBER


def vouches_managed_by(user) -> QuerySet[Vouch]:
    return Vouch.objects.filter(home_hub__in=hubs_run_by(user))


def visits_hosted_for(user) -> QuerySet[Visit]:
    """The visits to the hubs this person manages: the only ones whose visitors they see."""
    return Visit.objects.filter(host__in=hubs_run_by(user))


def visits_own(user) -> QuerySet[Visit]:
    if not user.is_authenticated:
        return Visit.objects.none()
    return Visit.objects.filter(visitor=user)


def can_mark_visit(user, visit: Visit) -> bool:
    return visits_hosted_for(user).filter(pk=visit.pk).exists()
