"""Writes to hubs."""

from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hubs import map_layout
from hubs.images import ProcessedImage
from hubs.models import Facility, Hub, HubManager, HubPhoto
from hubs.reference_data import FACILITIES, FOUNDING_HUBS


@transaction.atomic
def seed_reference_data() -> dict[str, int]:
    """Create the missing facility tags and founding hubs; never change existing ones."""
    created = {"facilities": 0, "hubs": 0}
    for order, (slug, name_nb, name_en) in enumerate(FACILITIES):
        _, new = Facility.objects.get_or_create(
            slug=slug, defaults={"name_nb": name_nb, "name_en": name_en, "order": order}
        )
        created["facilities"] += new
    for name, slug, city, county, lat, lng in FOUNDING_HUBS:
        if not Hub.objects.filter(slug=slug).exists():
            hub_create(
                name=name,
                slug=slug,
                city=city,
                county=county,
                latitude=Decimal(lat),
                longitude=Decimal(lng),
                is_founding=True,
                is_published=True,
            )
            created["hubs"] += 1
    return created


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


def hub_manager_add(*, hub: Hub, user) -> HubManager:
    """Make the person one of the hub's managers; a manager already is one, and stays."""
    manager, _created = HubManager.objects.get_or_create(hub=hub, user=user)
    return manager


def hub_manager_remove(*, manager: HubManager) -> None:
    manager.delete()


@transaction.atomic
def hub_manager_replace(*, manager: HubManager, hub: Hub, user) -> HubManager:
    """Another person, or another hub, in a manager's place: the old one goes, the new one is
    added (as of now)."""
    hub_manager_remove(manager=HubManager.objects.get(pk=manager.pk))
    return hub_manager_add(hub=hub, user=user)


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
    """Refuse another photo when the hub has MAX_PHOTOS. Takes the hub's row lock, so that two
    uploads at once are counted one after the other."""
    list(Hub.objects.select_for_update().filter(pk=hub.pk).values("pk"))
    if HubPhoto.objects.filter(hub=hub).count() >= MAX_PHOTOS:
        raise ValidationError(
            {
                "image": _("A hub shows at most %(count)d photos: delete one to add another.")
                % {"count": MAX_PHOTOS}
            }
        )


def hub_photo_add(*, hub: Hub, image: ProcessedImage, alt_text: str, user) -> HubPhoto:
    photo = HubPhoto(hub=hub, alt_text=alt_text.strip(), order=_next_photo_order(hub))
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
def hub_photo_update(*, photo: HubPhoto, alt_text: str, order: int, user) -> HubPhoto:
    photo.alt_text = alt_text.strip()
    photo.order = order
    photo.full_clean()
    photo._history_user = user
    photo.save(update_fields=["alt_text", "order"])
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
