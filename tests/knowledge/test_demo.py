"""The demo's library (knowledge/demo.py, run by `manage.py demo` after the accounts) is clearly
made up: a public guide with tags, a members-only template with a real XLSX file, and
manager@example.org's submission waiting for review; running it twice changes nothing."""

import pytest

from hubs.seed import seed_create
from knowledge.demo import demo_create
from knowledge.models import Resource
from members.demo import demo_accounts_create

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_made_once():
    seed_create()
    demo_accounts_create()
    demo_create()
    made = list(Resource.objects.values_list("pk", "status", "visibility", "file_type"))
    demo_create()

    assert list(Resource.objects.values_list("pk", "status", "visibility", "file_type")) == made
    demo = Resource.objects.order_by("title_nb")
    assert [(r.kind, r.status, r.visibility, r.file_type) for r in demo] == [
        ("template", "published", "members", "xlsx"),
        ("article", "submitted", "public", ""),
        ("guide", "published", "public", ""),
    ]
    assert all(r.title_nb.endswith("(demo)") for r in demo)
    waiting = demo.get(status="submitted")
    assert (waiting.submitted_by.email, waiting.hub.slug) == ("manager@example.org", "fabrikken")
    assert demo.get(kind="guide").tags.count() == 2
