from django.urls import path

from glance.views import AtAGlanceView

urlpatterns = [
    path("at-a-glance/", AtAGlanceView.as_view(), name="at-a-glance"),
]
