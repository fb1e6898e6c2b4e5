from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.admin.translated_fields import EnglishOriginalsForm
from core.staged_uploads import StagedFileField, StagedFileInput, accept, discard_when_saved
from core.uploads import clean_filename
from meetings.models import Conclusion, Meeting, Photo
from meetings.photos import process_photo
from priorities.forms import DomainCheckboxes


class PhotoForm(forms.ModelForm):
    """A gallery photo: the upload is validated, re-encoded and stripped of metadata.

    The model's ImageField fills `width` and `height` from the processed image.
    """

    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "decorative", "credit", "order"]
        # A plain file field: `process_photo` decodes the image itself and says precisely
        # why one is refused, where forms.ImageField has one message for every failure.
        # It stages the chosen file when another part of the page has an error.
        field_classes = {"image": StagedFileField}
        widgets = {"image": StagedFileInput}
        error_messages = {
            "image": {"required": _("Choose the photo's file, or delete this row.")},
        }

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            processed = process_photo(image)
            accept(image)
            self.instance.original_name = clean_filename(image.name, fallback="photo")
            self.chosen_upload = image
            return processed
        return image

    def save(self, commit=True):
        upload = getattr(self, "chosen_upload", None)
        if upload is not None:
            discard_when_saved(upload)
        return super().save(commit)


# The French and Arabic texts (meetings/translation.py).
TRANSLATIONS = [
    f"{field}_{language}" for field in ("title", "summary", "body") for language in ("fr", "ar")
]


class MeetingForm(EnglishOriginalsForm):
    """A meeting; its address is made from the title when left empty, in any script."""

    class Meta:
        model = Meeting
        # The admin's fieldsets decide what is shown; these are what the form knows.
        fields = [
            "title",
            "slug",
            "meeting_type",
            "ordinal",
            "status",
            "start_date",
            "end_date",
            "city",
            "host_country",
            "domains",
            "summary",
            "body",
            *TRANSLATIONS,
        ]
        widgets = {"domains": DomainCheckboxes}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and "slug" not in self.errors:
            slug = self.slug_for(cleaned)
            if slug:
                cleaned["slug"] = slug
            else:
                self.add_error(
                    "slug",
                    _(
                        "No address can be made from this title. Type one, in letters, "
                        "digits and hyphens, e.g. “2018-03-rome-senior-officials-meeting”; "
                        "or give the start date and type, and one is made from them."
                    ),
                )
        return cleaned

    def slug_for(self, cleaned):
        """From the title (any script); failing that, from the date and type; never taken."""
        max_length = Meeting._meta.get_field("slug").max_length
        slug = slugify(cleaned.get("title", ""), allow_unicode=True)[:max_length].strip("-_")
        start, meeting_type = cleaned.get("start_date"), cleaned.get("meeting_type")
        if not slug and start and meeting_type:
            slug = f"{start:%Y-%m}-{meeting_type.slug}"
        if not slug:
            return ""
        others = Meeting.objects.exclude(pk=self.instance.pk)
        candidate, number = slug, 2
        while others.filter(slug=candidate).exists():
            candidate, number = f"{slug[: max_length - 4]}-{number}", number + 1
        return candidate


class ConclusionForm(EnglishOriginalsForm):
    """A conclusion on its meeting's page; its domains those it is on besides the meeting's."""

    class Meta:
        # The inline's fields decide what is shown.
        model = Conclusion
        fields = ["kind", "attribution", "order", "text", "domains"]
        widgets = {"domains": DomainCheckboxes}
