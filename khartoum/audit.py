"""Sign-ins for the audit log, from Django's own login signals."""

from django.contrib.auth import get_user_model

from .models import SignIn


def client_address(request):
    # The address the connection came from; a proxy's forwarded header can be forged.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_sign_in(sender, request, user, **kwargs):
    SignIn.objects.create(
        username=user.get_username(), user=user, successful=True, address=client_address(request)
    )


def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    SignIn.objects.create(username=username, successful=False, address=client_address(request))
