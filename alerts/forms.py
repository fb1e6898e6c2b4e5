from django import forms
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, validate_email
from django.utils.translation import gettext_lazy as _

from .models import Subscription

NOT_A_PUBLIC_DOMAIN = _(
    "Enter an address at a public domain name, such as name@example.org: an address at a "
    "server's number in brackets or at a local name cannot receive alerts."
)
# Top-level names that never reach the public internet (RFC 2606, 6761, 6762, and ICANN's
# .internal): an alert sent there goes nowhere, or somewhere inside a network.
LOCAL_TOP_LEVEL_NAMES = {"localhost", "local", "internal", "test", "example", "invalid", "arpa"}


def validate_public_domain(address):
    """Refuse what Django's email check lets through for a mail server's own use: a domain
    literal (`name@[127.0.0.1]`), `localhost`, and names under a local top-level name.
    Alerts are sent from the site's server, so such an address would have it write to
    itself or to a machine of its own network."""
    try:
        validate_email(address)
    except ValidationError:
        return  # not an address at all: the field's own message says so
    domain = address.rpartition("@")[2]
    # With no exceptions allowed, Django's validator refuses a name without a dot
    # (`localhost`) or with a top-level name that is not letters.
    EmailValidator(message=NOT_A_PUBLIC_DOMAIN, allowlist=())(address)
    if domain.startswith("[") or domain.rpartition(".")[2].lower() in LOCAL_TOP_LEVEL_NAMES:
        raise ValidationError(NOT_A_PUBLIC_DOMAIN, code="invalid")


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        validators=[validate_public_domain],
        help_text=_("Used only to send these alerts; every email has a link to stop them."),
        # An address is written left to right, in Arabic pages too.
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.DAILY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # “How often”, not “How often:”
        super().__init__(*args, **kwargs)

    def clean_email(self):
        # The domain in lower case, as Django keeps users' addresses.
        return BaseUserManager.normalize_email(self.cleaned_data["email"])
