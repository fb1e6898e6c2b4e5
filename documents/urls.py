from django.urls import path

from core.channels import conditional_on_record
from documents import exports, views
from documents.feeds import DocumentFeed

app_name = "documents"

urlpatterns = [
    path("documents/", views.DocumentListView.as_view(), name="list"),
    path("documents/feed.atom", conditional_on_record(DocumentFeed()), name="feed"),
    path("documents/export.csv", exports.documents_csv, name="csv"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("documents/<int:pk>/<path:filename>", views.download, name="download"),
]
