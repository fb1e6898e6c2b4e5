from django.views.generic import TemplateView

from glance import charts, figures


def at_a_glance(prefix="glance", top=figures.TOP):
    """The charts of the public record in the visitor's language, for this app's page and the
    home page's panel: the figures (glance.figures) as shapes (glance.charts). Ids start with
    `prefix`; the ranked charts show their `top` rows."""
    return charts.charts(figures.figures(), prefix=prefix, top=top)


class AtAGlanceView(TemplateView):
    """The Process in charts, each leading to the list it sums up."""

    template_name = "at_a_glance.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(charts=at_a_glance(), **kwargs)
