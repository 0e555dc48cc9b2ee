from django.urls import path

from events.views import calendars, door, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("past/", public.event_past, name="past"),
    path("cancel/<str:code>/", public.registration_cancel_by_link, name="cancel_by_link"),
    path("<slug:slug>.ics", calendars.event_ics, name="ics"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path("<slug:slug>/register/", public.event_register, name="register"),
    path("<slug:slug>/check-in/", door.check_in, name="check_in"),
]
