from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("meeting-types", views.MeetingTypeViewSet, basename="meeting-type")
router.register("document-types", views.DocumentTypeViewSet, basename="document-type")
router.register("priority-domains", views.PriorityDomainViewSet, basename="priority-domain")
router.register("follow-up", views.CommitmentViewSet, basename="commitment")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The page's script is served from its own address (`?script`): no inline script. Its
    # stylesheet draws small icons as data: images, which this page alone may load.
    path(
        "docs/",
        csp_update({"img-src": [SELF, "data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    *router.urls,
    # Last: only what no endpoint matched. Ending with a slash, so that an address without
    # its slash is first redirected to the one with it, as everywhere on the site.
    re_path(r"^.*/$", views.NoSuchAddress.as_view()),
]
