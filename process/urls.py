from django.urls import path

from process import views

app_name = "process"

urlpatterns = [
    path("members/", views.MembersView.as_view(), name="members"),
    path("organisations/<slug:slug>/", views.OrganisationView.as_view(), name="organisation"),
    path("process/", views.ProcessView.as_view(), name="process"),
]
