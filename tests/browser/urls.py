"""The site's URLs plus uploaded files, for the live server in browser tests.

With DEBUG off (as in the tests) the site leaves /media/ to the web server in front of it; the
live server has none, so without this a hub photo would be a broken image in every profile test.
"""

from django.conf import settings
from django.urls import path
from django.views.static import serve

from coworking_norge.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT is a fresh temporary folder per test, so it is read per request.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_urlpatterns, path("media/<path:path>", media)]
