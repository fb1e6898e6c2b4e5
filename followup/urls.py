from django.urls import path

from core.channels import conditional_on_record
from followup import exports, views
from followup.feeds import UpdateFeed

app_name = "followup"

urlpatterns = [
    path("follow-up/", views.FollowUpListView.as_view(), name="list"),
    path("follow-up/feed.atom", conditional_on_record(UpdateFeed()), name="feed"),
    path("follow-up/export.csv", exports.commitments_csv, name="csv"),
]
