from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .media import staff_media
from .views import HomeView

admin.site.site_header = _("Khartoum Process — secretariat")
admin.site.site_title = _("Khartoum Process admin")
admin.site.index_title = _("Record of the Process")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("meetings.urls")),
    path("", include("documents.urls")),
    path("media/<path:path>", staff_media, name="staff-media"),
    path("admin/", admin.site.urls),
]
