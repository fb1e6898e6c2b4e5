from django import forms
from django.contrib.auth.base_user import BaseUserManager
from django.utils.translation import gettext_lazy as _

from .models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
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
