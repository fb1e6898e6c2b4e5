"""The site's addresses and one view that fails, to see the server error page as served."""

from django.urls import path

from khartoum.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A failure whose details must stay in the log: SECRET-DETAIL")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
