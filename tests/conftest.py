import pytest
from django.core.cache import caches
from django.utils import translation

from members.services import user_make_secretariat
from tests.factories import FacilityFactory, HubFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Page fragments and rate limits must never leak from one test into another."""
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request to an /en/ page leaves English active in the thread: reset it after each test."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KNOWLEDGE_FILES_ROOT = tmp_path / "library"


@pytest.fixture
def hub_factory():
    return HubFactory


@pytest.fixture
def facility_factory():
    return FacilityFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def secretariat_user(db):
    person = UserFactory(email="sekretariat@example.org")
    user_make_secretariat(user=person)
    return person
