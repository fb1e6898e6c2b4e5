from django.views.generic import TemplateView

from glance import charts


class AtAGlanceView(TemplateView):
    """The Process in charts, each leading to the list it sums up (glance.charts)."""

    template_name = "at_a_glance.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(charts=charts.charts(), **kwargs)
