from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts import views as accounts
from core.languages import choose_language
from khartoum import outage
from khartoum.media import staff_media
from khartoum.sitemaps import SITEMAPS
from khartoum.views import HomeView, robots_txt
from meetings.urls import media_urlpatterns as meeting_media
from search.views import SearchView

admin.site.site_header = _("Khartoum Process — secretariat")
admin.site.site_title = _("Khartoum Process admin")
admin.site.index_title = _("Record of the Process")
# The admin's sign-in form, which tells how many tries are left (accounts.sign_in_limits).
admin.site.login_form = accounts.SignInForm

# Addresses for machines and the secretariat: the same in every language. The admin speaks
# the language the visitor chose on the site (its cookie), or else their browser's.
urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("language/<str:language>/", choose_language, name="choose-language"),
    *meeting_media,
    path("api/", include("api.urls")),
    path("media/<path:path>", staff_media, name="staff-media"),
    # Before the admin's own addresses, which end with a catch-all.
    path(
        "admin/two-factor/",
        admin.site.admin_view(accounts.verify),
        name="two-factor-verify",
    ),
    path(
        "admin/two-factor/setup/",
        admin.site.admin_view(accounts.setup),
        name="two-factor-setup",
    ),
    path(
        "admin/two-factor/recovery-codes/",
        admin.site.admin_view(accounts.recovery_codes),
        name="two-factor-recovery-codes",
    ),
    # The audit log and the sign-ins had these addresses before their apps were their own:
    # an officer's bookmark still leads there.
    path(
        "admin/khartoum/auditlog/",
        RedirectView.as_view(
            pattern_name="admin:secretariat_auditlog_changelist", query_string=True
        ),
    ),
    path(
        "admin/khartoum/signin/",
        RedirectView.as_view(pattern_name="admin:accounts_signin_changelist", query_string=True),
    ),
    path("admin/", admin.site.urls),
]

# What visitors read, in each language: English unprefixed (/meetings/), French under /fr/,
# Arabic under /ar/. Feeds, calendars, exports and downloads follow the page they belong to.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("glance.urls")),
    path("", include("meetings.urls")),
    path("", include("documents.urls")),
    path("", include("alerts.urls")),
    path("", include("process.urls")),
    path("", include("followup.urls")),
    prefix_default_language=False,
)

# A database or object store away: 503, not 500 (khartoum.outage).
handler500 = outage.server_error
