from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("photos/<int:pk>/<slug:size>.webp", views.photo_rendition, name="photo"),
]
