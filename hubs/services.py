"""Writes to hubs."""

from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hubs import map_layout
from hubs.images import ProcessedImage
from hubs.models import Facility, Hub, HubManager, HubPhoto
from hubs.permissions import can_leave_hub_without_managers
from hubs.reference_data import FACILITIES, FOUNDING_HUBS, FoundingHub
from hubs.selectors import hub_record_changes


@transaction.atomic
def seed_reference_data() -> dict[str, int]:
    """Create the missing facility tags and founding hubs, and give each founding hub what public
    sources say about it (reference_data). Never changes what is there: a fact fills a field only
    where the field is empty and no person has edited it, so a manager's text stays, and so does
    a field a manager emptied on purpose. Running it again changes nothing."""
    created = {"facilities": 0, "hubs": 0, "facts": 0}
    facilities = {}
    for order, (slug, name_nb, name_en) in enumerate(FACILITIES):
        facilities[slug], new = Facility.objects.get_or_create(
            slug=slug, defaults={"name_nb": name_nb, "name_en": name_en, "order": order}
        )
        created["facilities"] += new
    for founding in FOUNDING_HUBS:
        hub = Hub.objects.filter(slug=founding.slug).first()
        if hub is None:
            hub = _founding_hub_create(founding)
            created["hubs"] += 1
        created["facts"] += _founding_facts_fill(hub, founding, facilities)
    return created


def _founding_hub_create(founding: FoundingHub) -> Hub:
    return hub_create(
        name=founding.name,
        slug=founding.slug,
        city=founding.city,
        county=founding.county,
        latitude=Decimal(founding.latitude),
        longitude=Decimal(founding.longitude),
        is_founding=True,
        is_published=True,
    )


def _founding_facts_fill(hub: Hub, founding: FoundingHub, facilities: dict) -> int:
    """The founding hub's public facts, in the fields still empty and untouched; how many."""
    edited = _fields_edited_by_people(hub)
    empty = [
        name for name in founding.facts if name not in edited and getattr(hub, name) in ("", None)
    ]
    for name in empty:
        setattr(hub, name, founding.facts[name])
    if empty:
        hub.full_clean()
        hub.save()
    wanted = [facilities[slug] for slug in founding.facilities]
    if wanted and "facilities" not in edited and not hub.facilities.exists():
        hub.facilities.set(wanted)
        return len(empty) + 1
    return len(empty)


def _fields_edited_by_people(hub: Hub) -> set[str]:
    """The fields of the hub that someone, a manager or the secretariat, has changed."""
    records = hub.history.filter(history_user__isnull=False, history_type="~")
    return {field for record in records for field, _old, _new in hub_record_changes(record)}


@transaction.atomic
def hub_map_positions_update() -> int:
    """Place every published hub's marker on the map, apart from its neighbours; returns how many.

    Run after hubs change, so pages only read positions. Unpublished hubs keep their own spot."""
    hubs = list(Hub.objects.select_for_update().only("pk", "latitude", "longitude", "is_published"))
    published = {
        h.pk: map_layout.projected(h.latitude, h.longitude) for h in hubs if h.is_published
    }
    positions = map_layout.spread(published)
    for hub in hubs:
        x, y = positions.get(hub.pk) or map_layout.projected(hub.latitude, hub.longitude)
        hub.map_x, hub.map_y = round(x, 1), round(y, 1)
    Hub.objects.bulk_update(hubs, ["map_x", "map_y"], batch_size=500)
    return len(published)


def hub_create(**fields) -> Hub:
    hub = Hub(**fields)
    hub.full_clean()
    hub.save()
    return hub


def hub_lock(hub_id: int) -> None:
    """The one place that locks a hub: its row, until the transaction ends. Its photos are counted
    and its managers removed under it, so that two such changes at once run one after the other
    and the second sees the first."""
    list(Hub.objects.select_for_update().filter(pk=hub_id).values("pk"))


def hub_manager_add(*, hub: Hub, user) -> HubManager:
    """Make the person one of the hub's managers; a manager already is one, and stays."""
    manager, _created = HubManager.objects.get_or_create(hub=hub, user=user)
    return manager


@transaction.atomic
def hub_manager_remove(*, manager: HubManager, by=None) -> None:
    """Remove a hub manager. A hub always keeps at least one manager: the last one cannot be
    removed, by themselves or anyone else, except by the secretariat (`by`), which edits every
    hub itself and may take a hub's last manager away when that person leaves."""
    hub_lock(manager.hub_id)
    manager = HubManager.objects.filter(pk=manager.pk).select_related("hub").first()
    if manager is None:
        return  # removed a moment ago by someone else
    refusal = hub_manager_removal_refusal(manager, by=by)
    if refusal:
        raise ValidationError(refusal)
    manager.delete()


def hub_manager_removal_refusal(manager: HubManager, *, by=None) -> str:
    """Why removing this manager would be refused, or "": asked before the confirmation page too,
    so that nobody is asked a question whose answer is no."""
    others = HubManager.objects.filter(hub_id=manager.hub_id).exclude(pk=manager.pk)
    if others.exists() or can_leave_hub_without_managers(by):
        return ""
    return _(
        "%(hub)s must keep at least one manager: add another manager before this one is removed."
    ) % {"hub": manager.hub.name}


@transaction.atomic
def hub_manager_replace(*, manager: HubManager, hub: Hub, user, by=None) -> HubManager:
    """Another person, or another hub, in a manager's place: the new one is added (as of now),
    then the old one goes, so the hub is never without a manager in between."""
    current = HubManager.objects.get(pk=manager.pk)
    if (current.hub_id, current.user_id) == (hub.pk, user.pk):
        return current
    added = hub_manager_add(hub=hub, user=user)
    hub_manager_remove(manager=current, by=by)
    return added


@transaction.atomic
def hub_update_profile(*, hub: Hub, changes: dict, user) -> Hub:
    """Apply a manager's edits to the public profile; the history records who changed what."""
    facilities = changes.pop("facilities", None)
    for name, value in changes.items():
        setattr(hub, name, value)
    hub.full_clean()
    hub._history_user = user
    hub.save()
    if facilities is not None:
        hub.facilities.set(facilities)
    return hub


# Enough to show a space well; a profile is not an archive.
MAX_PHOTOS = 24


def hub_photo_room_check(hub: Hub) -> None:
    """Refuse another photo when the hub has MAX_PHOTOS. Takes the hub's lock, so that two
    uploads at once are counted one after the other."""
    hub_lock(hub.pk)
    if HubPhoto.objects.filter(hub=hub).count() >= MAX_PHOTOS:
        raise ValidationError(
            {
                "image": _("A hub shows at most %(count)d photos: delete one to add another.")
                % {"count": MAX_PHOTOS}
            }
        )


def hub_photo_add(
    *, hub: Hub, image: ProcessedImage, alt_text: str, alt_text_en: str = "", user
) -> HubPhoto:
    """`alt_text` is the Norwegian alt text (required), `alt_text_en` the optional English."""
    photo = HubPhoto(
        hub=hub,
        alt_text_nb=alt_text.strip(),
        alt_text_en=alt_text_en.strip(),
        order=_next_photo_order(hub),
    )
    photo._history_user = user
    with _files_removed_on_failure() as written:
        for field, content in (
            ("image", image.renditions["full"]),
            ("card", image.renditions["card"]),
            ("thumbnail", image.renditions["thumb"]),
        ):
            getattr(photo, field).save(content.name, content, save=False)
            written.append(getattr(photo, field))
        photo.full_clean()
        with transaction.atomic():
            hub_photo_room_check(hub)
            photo.save()
    return photo


def _next_photo_order(hub: Hub) -> int:
    last = hub.photos.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


@contextmanager
def _files_removed_on_failure():
    """Files are written before their row; if the row is not saved, the files must go too."""
    written: list = []
    try:
        yield written
    except BaseException:
        for field_file in written:
            field_file.storage.delete(field_file.name)
        raise


@transaction.atomic
def hub_photo_update(
    *, photo: HubPhoto, alt_text: str, order: int, user, alt_text_en: str | None = None
) -> HubPhoto:
    """`alt_text` is the Norwegian alt text; the English is left as it is unless given."""
    photo.alt_text_nb = alt_text.strip()
    if alt_text_en is not None:
        photo.alt_text_en = alt_text_en.strip()
    photo.order = order
    photo.full_clean()
    photo._history_user = user
    photo.save(update_fields=["alt_text", "alt_text_nb", "alt_text_en", "order"])
    return photo


@transaction.atomic
def hub_photo_delete(*, photo: HubPhoto, user) -> None:
    files = [photo.image, photo.card, photo.thumbnail]
    photo._history_user = user
    photo.delete()
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files) -> None:
    for field_file in files:
        if field_file:
            field_file.storage.delete(field_file.name)


def hub_logo_set(*, hub: Hub, upload: ProcessedImage, user) -> Hub:
    old = hub.logo.name
    with _files_removed_on_failure() as written:
        content = upload.renditions["card"]
        hub.logo.save(content.name, content, save=False)
        written.append(hub.logo)
        hub._history_user = user
        with transaction.atomic():
            hub.save(update_fields=["logo", "updated_at"])
    if old:
        hub.logo.storage.delete(old)
    return hub


@transaction.atomic
def hub_logo_remove(*, hub: Hub, user) -> Hub:
    old = hub.logo
    hub.logo = ""
    hub._history_user = user
    hub.save(update_fields=["logo", "updated_at"])
    transaction.on_commit(lambda: _delete_files([old]))
    return hub
