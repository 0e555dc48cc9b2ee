"""The founding hubs and the reference data, for `manage.py seed`."""

from hubs.services import seed_reference_data


def seed_create() -> list[str]:
    created = seed_reference_data()
    return [
        f"Seed: {created['hubs']} founding hubs and {created['facilities']} facilities created, "
        f"{created['facts']} public facts filled in."
    ]
