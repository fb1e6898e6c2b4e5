from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/meetings/", views.subscribe, {"kind": "meetings"}, name="meetings"),
    path("alerts/documents/", views.subscribe, {"kind": "documents"}, name="documents"),
    path("alerts/check-your-inbox/", views.sent, name="sent"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/follow-up/", views.subscribe, {"kind": "follow-up"}, name="follow-up"),
]
