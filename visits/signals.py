"""Connected in VisitsConfig.ready(): when a hub's organisation leaves the network (by the
resignation service or in the admin), its hubs stop vouching and hosting (members never imports
visits, so the model's own signal carries it)."""

from django.db.models.signals import post_save

from members.models import Organisation
from visits.services import vouches_end_for_organisation


def organisation_saved(sender, *, instance: Organisation, raw: bool = False, **kwargs) -> None:
    if raw or instance.status == Organisation.Status.MEMBER:
        return
    vouches_end_for_organisation(instance)


post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="visits")
