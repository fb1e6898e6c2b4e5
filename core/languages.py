"""The languages of the public pages: the switcher, the alternates and the remembered choice.

Every public page has an address per language: English unprefixed (/meetings/), French and
Arabic under /fr/ and /ar/ (khartoum/urls.py). The same page in another language is Django's
`translate_url()` of the address, query string kept.

A visitor who chooses a language (`choose_language`, the switcher's links) is given the
language cookie, and from then on an unprefixed address takes them to their language
(`RememberedLanguage`). Nothing else sets it, and nothing else redirects: a browser's
Accept-Language never moves anyone off the address they asked for, so the English addresses
stay reachable to all, crawlers included, and no redirect can loop.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.middleware import locale
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    activate,
    get_language,
    get_language_from_path,
    get_language_from_request,
    get_language_info,
    gettext,
    override,
)
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Each language named in itself, as settings.LANGUAGES has them.
LANGUAGE_NAMES = dict(settings.LANGUAGES)
# OpenGraph names a page's language as language_TERRITORY: the Process's English is the EU's
# (British spelling); ar_AR is the code link previews use for Arabic in every country.
OPENGRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR", "ar": "ar_AR"}
# What a list's address may carry that its canonical address keeps (besides its filters).
PAGE_PARAMETER = "page"


def opengraph_locale(code):
    return OPENGRAPH_LOCALES.get(code, code)


def canonical_parameters(form):
    """The query parameters of a list's address that its canonical address keeps: its
    filters whose values the list accepted, and its page number."""
    valid = [name for name in form.fields if not form.is_bound or name not in form.errors]
    return [*valid, PAGE_PARAMETER]


def canonical_address(request, parameters):
    """The page's own address, absolute, in its language, with only the query parameters
    that choose what it shows.

    A list filtered by type and year is a page of its own (people link and search engines
    index "Thematic meetings in 2017"), so its canonical address keeps `parameters` (the
    list's valid filters, in a fixed order, so that one list has one address however its
    query string was written). Everything else is dropped: tracking parameters, empty
    filters, values the list refused, and `page=1`, which is the list itself; a later page
    keeps its number, as it shows other items.
    """
    kept = []
    for name in sorted(set(parameters)):
        for value in request.GET.getlist(name):
            value = value.strip()
            if value and not (name == PAGE_PARAMETER and value == "1"):
                kept.append((name, value))
    query = urlencode(kept)
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def colon():
    """The colon after a label, as the active language writes it: French puts a non-breaking
    space before it (« Présidence : … »). The same message as Django's forms' label suffix."""
    return gettext(":")


def page_in(path, language, match=None):
    """The address of the page at `path` (query string included) in `language`; the same
    address when it has no other language (the admin, the API, an unknown address).

    `match`, the address already resolved (the request's `resolver_match`), saves resolving
    it again, as `translate_url` would.
    """
    if match is None:
        # An address resolves only in the language of its own prefix.
        with override(get_language_from_path(urlsplit(path).path) or settings.LANGUAGE_CODE):
            return translate_url(path, language)
    # As translate_url names the view.
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    query = urlsplit(path).query
    with override(language):
        try:
            address = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    return f"{address}?{query}" if query else address


def language_versions(request):
    """Each language's version of the current page, for the switcher and the alternates.

    `same_page` is false where the page has no versions (an error page at an unknown address):
    the switcher then offers each language's home page, and the page names no alternates.
    """
    path = request.get_full_path()
    current = get_language()
    addresses = {code: page_in(path, code, request.resolver_match) for code in LANGUAGE_CODES}
    same_page = len(set(addresses.values())) == len(LANGUAGE_CODES)
    if not same_page:
        addresses = {code: page_in(reverse("home"), code) for code in LANGUAGE_CODES}
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "bidi": get_language_info(code)["bidi"],
            "address": address,
            "absolute": request.build_absolute_uri(address),
            "opengraph_locale": opengraph_locale(code),
            "choose": f"{reverse('choose-language', args=[code])}?{urlencode({'next': address})}",
            "current": code == current,
            "same_page": same_page,
        }
        for code, address in addresses.items()
    ]


@require_safe
@never_cache
def choose_language(request, language):
    """Remember the visitor's language and take them to the page they were on, in it."""
    if language not in LANGUAGE_CODES:
        raise Http404
    following = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        following = "/"
    response = HttpResponseRedirect(page_in(following, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that the admin speaks the visitor's language: the one they chose on
    the site (the cookie), else their browser's. Django's own gives every unprefixed address
    English when English is unprefixed, which the API, the sitemap and robots.txt keep: one
    answer per address for machines and caches."""

    def process_request(self, request):
        super().process_request(request)
        if request.path_info.startswith(reverse("admin:index")):
            language = get_language_from_request(request)
            activate(language)
            request.LANGUAGE_CODE = get_language()


class RememberedLanguage:
    """Take a visitor who chose French or Arabic from an unprefixed (English) address to the
    same page in their language. Only the cookie their own choice set counts, and choosing
    English sets it to English: the redirect cannot loop."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = remembered_page(request)
        if target is not None:
            response = HttpResponseRedirect(target)
            response.headers["Vary"] = "Cookie"
            return response
        return self.get_response(request)


def remembered_page(request):
    """The address in the visitor's chosen language that RememberedLanguage takes them to
    from this English address, or None. The page cache, which runs before it, leaves such a
    request to it (core.page_cache)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if (
        request.method in ("GET", "HEAD")
        and chosen in LANGUAGE_CODES
        and chosen != settings.LANGUAGE_CODE
        and get_language_from_path(request.path_info) is None
    ):
        path = request.get_full_path()
        target = page_in(path, chosen)
        if target != path:
            return target
    return None
