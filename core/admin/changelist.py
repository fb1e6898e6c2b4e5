"""The admin's change lists: a date hierarchy's year, month or day out of the calendar's range
is an invalid filter, as Django answers one it cannot read."""

from django.apps import apps
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class DateHierarchyChangeList(ChangeList):
    """Django catches a date hierarchy value that is not a day (?start_date__year=abc) but
    not one beyond the calendar: the year 99999999999 overflows a C integer, and the year 9999
    has no following year to end the range with. Both are answered as every other invalid
    filter is, by the list without its filters and an error message (?e=1), not a 500.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class DateHierarchyAdmin:
    """A ModelAdmin whose change list bears any date in its date hierarchy's parameters."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


def bear_every_date_hierarchy(site):
    """Give every admin of `site` that has a date hierarchy the change list above: the site's
    own and other apps' (django-axes' logs) alike, and any registered later in the code."""
    for model in apps.get_models():
        if not site.is_registered(model):
            continue
        admin_class = type(site.get_model_admin(model))
        if admin_class.date_hierarchy and not issubclass(admin_class, DateHierarchyAdmin):
            site.unregister(model)
            site.register(
                model,
                type(
                    admin_class.__name__,
                    (DateHierarchyAdmin, admin_class),
                    {"__module__": admin_class.__module__},
                ),
            )
