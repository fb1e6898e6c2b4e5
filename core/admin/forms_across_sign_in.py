"""An admin form sent after its session ended is held, and given back after signing in again.

Every admin add and change form carries a signed reference to the user who opened it
(`held_form_owner`). When such a form comes in from a browser whose session has ended (idle for
DJANGO_SESSION_IDLE_MINUTES, or signed out in another tab), HoldFormAcrossSignIn holds what was
typed in a new session of that browser, for that user only, and sends the person to sign in. Once
they are signed in again as that user, the same form opens with their input in it (the inlines'
rows too), not saved: HeldFormAdmin shows it as a form to check and save. Signing in as anybody
else discards it. Chosen files cannot be held this way (the browser sends them again only when
chosen again): the message names them.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# These three keep their first names: changed, they would lose the forms opened, or held in a
# session, before a deploy.
OWNER_FIELD = "_kept_form_owner"
SESSION_KEY = "kept_admin_form"
SALT = "khartoum.kept-form-owner"
# Not held: the old form's CSRF token (the new page has its own) and the reference itself.
NOT_HELD = {"csrfmiddlewaretoken", OWNER_FIELD}


def owner_reference(user):
    """The signed reference to the user that an admin form carries."""
    return signing.dumps(user.pk, salt=SALT)


def owner_field(user):
    return format_html(
        '<input type="hidden" name="{}" value="{}">', OWNER_FIELD, owner_reference(user)
    )


def form_owner(request):
    """The user id a submitted form was opened by, or None without a genuine reference."""
    try:
        return signing.loads(request.POST.get(OWNER_FIELD, ""), salt=SALT)
    except signing.BadSignature:
        return None


def is_held_form_view(request, view_func):
    """Whether the request is for the add or change form of a model admin that gives held
    input back (HeldFormAdmin)."""
    match = request.resolver_match
    return (
        isinstance(getattr(view_func, "model_admin", None), HeldFormAdmin)
        and match is not None
        and match.url_name.endswith(("_add", "_change"))
    )


class HoldFormAcrossSignIn:
    """Hold an admin form whose session has ended, and send its author to sign in again.

    In process_view, after CsrfViewMiddleware's: a request whose CSRF token is wrong is refused
    before anything of it is held.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if not is_held_form_view(request, view_func):
            return None
        owner = form_owner(request)
        if owner is None:
            return None
        files = [upload.name for upload in request.FILES.values()]
        request.session[SESSION_KEY] = {
            "owner": owner,
            "path": request.path,
            "data": [
                [name, values] for name, values in request.POST.lists() if name not in NOT_HELD
            ],
            "files": files,
        }
        messages.warning(
            request,
            _(
                "Your session ended before the form was saved. Your input is kept: sign in "
                "again and the form opens with it, to check and save."
            ),
        )
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))


def forget_anothers_form(sender, request, user, **kwargs):
    """user_logged_in: a form held for someone else is not given to whoever signs in next."""
    if request is None or not hasattr(request, "session"):
        return
    held = request.session.get(SESSION_KEY)
    if held is not None and held["owner"] != user.pk:
        del request.session[SESSION_KEY]


def take_held_form(request):
    """The form held for this user and this page, removed from the session, or None."""
    held = request.session.get(SESSION_KEY)
    if held is None or request.method != "GET":
        return None
    if held["owner"] != request.user.pk or held["path"] != request.path:
        return None
    del request.session[SESSION_KEY]
    return held


class HeldFormAdmin:
    """A ModelAdmin mixin: the form held across a sign-in opens filled in, and is not saved.

    The held input is given to the admin as the submitted form it was, which marks it invalid
    on purpose (`restoring_held_form`): the admin shows it with its inlines, as after any error.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        held = take_held_form(request)
        if held is not None:
            self.restore(request, held)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def restore(self, request, held):
        pairs = [(name, value) for name, values in held["data"] for value in values]
        # Loaded while the request is still a GET, so empty: loaded after the change of method,
        # they would be read from the request's body, and replace the input given below.
        request.FILES  # noqa: B018
        request.method = "POST"
        request.POST = QueryDict(urlencode(pairs))
        request.restoring_held_form = True
        if held["files"]:
            messages.warning(
                request,
                _("Choose these files again, as they could not be kept: %(files)s.")
                % {"files": ", ".join(held["files"])},
            )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not getattr(request, "restoring_held_form", False):
            return form

        class HeldForm(form):
            def clean(self):
                cleaned = super().clean()
                self.add_error(
                    None,
                    _(
                        "This is your input from before your session ended, not saved yet. "
                        "Check it, then save."
                    ),
                )
                return cleaned

        return HeldForm
