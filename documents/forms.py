"""Admin forms that take uploads: every file goes through the same validation and service."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khartoum.publishing import Status
from khartoum.uploads import clean_filename

from .models import DOCUMENT_LANGUAGES, Document, DocumentFile, DocumentType
from .services import attach_file
from .validation import inspect_upload


class UploadField(forms.FileField):
    """A file field whose clean() also runs the document upload checks."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            upload.facts = inspect_upload(upload)
        return upload


class DocumentFileForm(forms.ModelForm):
    """One language version: upload a file to create it, or a new one to replace it."""

    upload = UploadField(
        label=_("File"),
        required=False,
        help_text=_("A new file replaces the current one, which is kept as an earlier version."),
    )

    class Meta:
        model = DocumentFile
        fields = ["language"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("upload") and self.has_changed():
            self.add_error("upload", _("Choose a file for this language version."))
        return cleaned

    def save(self, commit=True):
        upload = self.cleaned_data.get("upload")
        if self.instance.pk:
            super().save(commit=True)
        if upload:
            return attach_file(
                self.instance.document, self.instance.language, upload, facts=upload.facts
            )
        return self.instance


class MeetingDocumentForm(forms.ModelForm):
    """A document added from its meeting's page, with the file of its first language."""

    language = forms.ChoiceField(label=_("Language"), choices=DOCUMENT_LANGUAGES, initial="en")
    upload = UploadField(
        label=_("File"),
        required=False,
        help_text=_("For an existing document, a new file replaces that language's file."),
    )

    class Meta:
        model = Document
        fields = ["title", "document_type", "date", "status"]

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["date"].required = False
        self.fields["date"].help_text = _("Empty: the meeting's start date.")

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("upload"):
            self.add_error("upload", _("Choose the document's file."))
        if not cleaned.get("date") and self.meeting is not None:
            cleaned["date"] = self.meeting.start_date
        return cleaned

    def save(self, commit=True):
        document = super().save(commit=commit)
        upload = self.cleaned_data.get("upload")
        if upload:
            if commit:
                attach_file(document, self.cleaned_data["language"], upload, facts=upload.facts)
            else:
                save_m2m = self.save_m2m

                def save_m2m_and_file():
                    save_m2m()
                    attach_file(document, self.cleaned_data["language"], upload, facts=upload.facts)

                self.save_m2m = save_m2m_and_file
        return document


class MeetingDocumentFormSet(forms.BaseInlineFormSet):
    """Gives each document form its meeting, whose date a new document may take."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "meeting": self.instance}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(forms.FileField):
    """Many files in one field, as Django's documentation shows; each is validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            raise ValidationError(_("Choose one or more files."), code="required")
        errors = []
        for upload in uploads:
            try:
                upload.facts = inspect_upload(super().clean(upload, initial))
            except ValidationError as error:
                name = clean_filename(upload.name)
                errors.extend(f"{name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class BulkUploadForm(forms.Form):
    """Attach many files to a meeting at once, each becoming a document."""

    required_css_class = "required"

    files = MultipleUploadField(
        label=_("Files"),
        help_text=_("Select several files; each becomes a document titled after its file name."),
    )
    document_type = forms.ModelChoiceField(DocumentType.objects.all(), label=_("Type"))
    language = forms.ChoiceField(label=_("Language"), choices=DOCUMENT_LANGUAGES, initial="en")
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Empty: the meeting's start date."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.DRAFT)
