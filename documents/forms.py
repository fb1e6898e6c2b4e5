"""Admin forms that take uploads: every file goes through the same validation and service."""

import os

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin.dates import with_date_hint
from core.admin.translated_fields import EnglishOriginalsForm
from core.languages import colon
from core.publishing import Status
from core.staged_uploads import (
    LOST_MESSAGE,
    LostUpload,
    MultipleStagedFileInput,
    StagedFileField,
    accept,
)
from core.uploads import clean_filename
from documents.models import (
    DOCUMENT_LANGUAGES,
    PROCESS_LANGUAGES,
    Document,
    DocumentFile,
    DocumentType,
)
from documents.services import attach_file, retire_name
from documents.validation import inspect_upload
from priorities.forms import DomainCheckboxes


class UploadField(StagedFileField):
    """A file field whose clean() also runs the document upload checks."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            upload.facts = inspect_upload(upload)
            accept(upload)
        return upload


def version_languages():
    """The choices of a language version's language, named in the admin's language: the
    Process's languages first, in their order, then the hundred others by name."""
    names = dict(DOCUMENT_LANGUAGES)
    others = [
        (code, gettext(name)) for code, name in DOCUMENT_LANGUAGES if code not in PROCESS_LANGUAGES
    ]
    return [
        (
            _("Languages of the Process"),
            [(code, gettext(names[code])) for code in PROCESS_LANGUAGES],
        ),
        (_("Other languages"), sorted(others, key=lambda choice: choice[1].casefold())),
    ]


class DocumentFileForm(forms.ModelForm):
    """One language version: upload a file to create it, or a new one to replace it."""

    upload = UploadField(
        label=_("File"),
        required=False,
        help_text=_("A new file replaces the current one, which is kept as an earlier version."),
    )

    class Meta:
        model = DocumentFile
        fields = ["language", "public_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # None, not "": rows left to their default name are not duplicates of each other.
        self.fields["public_name"].empty_value = None
        self.fields["language"].choices = version_languages

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        refused = "upload" in self.errors  # its own message says why
        if not self.instance.pk and not upload and self.has_changed() and not refused:
            self.add_error("upload", _("Choose a file for this language version."))
        name = cleaned.get("public_name")
        document = self.instance.document if self.instance.document_id else None
        others = DocumentFile.objects.filter(document=document).exclude(pk=self.instance.pk)
        if name and document and others.filter(public_name=name).exists():
            # The database refuses it too; the form's own checks leave out the document.
            self.add_error(
                "public_name", _("Another language version of this document has this file name.")
            )
        elif name and "public_name" in self.changed_data:
            # The name must fit the file that will be served: the one chosen, or the current.
            if upload:
                extension = os.path.splitext(clean_filename(upload.name))[1]
            else:
                extension = self.instance.file_extension
            if extension and not name.lower().endswith(extension):
                self.add_error(
                    "public_name",
                    _("The name must end in “%(ext)s”, the file's extension.") % {"ext": extension},
                )
        return cleaned

    def save(self, commit=True):
        upload = self.cleaned_data.get("upload")
        renamed = "public_name" in self.changed_data
        if self.instance.pk:
            super().save(commit=True)  # an emptied name gets its default here
            if renamed:
                retire_name(self.instance, self.initial["public_name"])
        if upload:
            return attach_file(
                self.instance.document,
                self.instance.language,
                upload,
                facts=upload.facts,
                # Unchanged, the name stays, with the new file's extension.
                public_name=self.cleaned_data["public_name"] if renamed else "",
            )
        return self.instance


class DocumentFileFormSet(forms.BaseInlineFormSet):
    """A new row starts in a language the document does not have yet, never a duplicate."""

    @cached_property
    def free_languages(self):
        taken = set(self.get_queryset().values_list("language", flat=True))
        # The languages a new version is most likely in, in the select's order.
        order = [code for _group, choices in version_languages() for code, _name in choices]
        return [code for code in order if code not in taken]

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None:  # the template of rows added in the page: after the extra rows
            position = self.total_form_count() - self.initial_form_count()
        else:
            position = index - self.initial_form_count()
        if 0 <= position < len(self.free_languages):
            kwargs["initial"] = {"language": self.free_languages[position]}
        return kwargs


class DatedByItsMeeting:
    """A document form whose date may be left empty for a document of a meeting: the form
    fills in the meeting's start date, so the document is saved with it and every page, list,
    feed and API answer shows a date. (The meeting is the one chosen, or the one whose page
    the document is added from; a later change of the meeting's dates leaves it as it was.)
    """

    date_help_text = _(
        "When the document was issued. Empty for a document of a meeting: the meeting's start date."
    )
    no_date_message = _("Enter the date, or choose the meeting whose start date it takes.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            self.fields["date"].required = False
            self.fields["date"].help_text = with_date_hint(self.date_help_text)

    def clean(self):
        cleaned = super().clean()
        if "date" in self.fields and cleaned.get("date") is None and "date" not in self.errors:
            meeting = self.meeting()
            if meeting is not None and meeting.start_date is not None:
                cleaned["date"] = meeting.start_date
            elif "meeting" not in self.errors:
                self.add_error("date", ValidationError(self.no_date_message, code="required"))
        return cleaned

    def meeting(self):
        """The meeting chosen in the form (in an inline, the meeting of the page), else the
        document's own where the form does not offer to change it."""
        if "meeting" in self.fields:
            return self.cleaned_data.get("meeting")
        return self.instance.meeting


class DocumentForm(DatedByItsMeeting, EnglishOriginalsForm):
    """A document's own page."""

    class Meta:
        # The admin's fieldsets decide which fields are shown.
        widgets = {"domains": DomainCheckboxes}


class MeetingDocumentForm(DatedByItsMeeting, EnglishOriginalsForm):
    """A document added from its meeting's page, with the file of its first language."""

    date_help_text = _("Empty: the meeting's start date.")
    no_date_message = _("Enter the date, or the meeting's start date.")

    language = forms.ChoiceField(label=_("Language"), choices=version_languages, initial="en")
    upload = UploadField(
        label=_("File"),
        required=False,
        help_text=_("For an existing document, a new file replaces that language's file."),
    )

    class Meta:
        model = Document
        fields = ["title", "document_type", "date", "status", "meeting_order", "domains"]
        labels = {"meeting_order": _("Order")}
        widgets = {"domains": DomainCheckboxes}

    def clean(self):
        cleaned = super().clean()
        # A refused file has its own message: say only that.
        if not self.instance.pk and not cleaned.get("upload") and "upload" not in self.errors:
            self.add_error("upload", _("Choose the document's file."))
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


class MultipleUploadField(StagedFileField):
    """Many files in one field, as Django's documentation shows; each is validated, and
    identical files are refused: each would become a document of its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleStagedFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            raise ValidationError(_("Choose one or more files."), code="required")
        errors = []
        for upload in uploads:
            if isinstance(upload, LostUpload):
                errors.append(LOST_MESSAGE)
                continue
            try:
                upload.facts = inspect_upload(super().clean(upload, initial))
                accept(upload)
            except ValidationError as error:
                name = clean_filename(upload.name)
                errors.extend(f"{name}{colon()} {message}" for message in error.messages)
        errors.extend(identical_files(uploads))
        if errors:
            raise ValidationError(errors)
        return uploads


def identical_files(uploads):
    """A message for each group of checked uploads that have the same content.

    The officer chooses which to keep, rather than the form guessing: the name of the file
    kept becomes the document's title.
    """
    names_by_content = {}
    for upload in uploads:
        facts = getattr(upload, "facts", None)
        if facts is not None:
            names_by_content.setdefault(facts.sha256, []).append(clean_filename(upload.name))
    return [
        ValidationError(
            _(
                "%(names)s are the same file: each would become a document. Keep only one "
                "(untick the others below) and save again."
            )
            % {"names": get_text_list([f"“{name}”" for name in names], _("and"))},
            code="identical",
        )
        for names in names_by_content.values()
        if len(names) > 1
    ]


class BulkUploadForm(forms.Form):
    """Attach many files to a meeting at once, each becoming a document."""

    required_css_class = "required"

    files = MultipleUploadField(
        label=_("Files"),
        help_text=_("Select several files; each becomes a document titled after its file name."),
    )
    document_type = forms.ModelChoiceField(DocumentType.objects.all(), label=_("Type"))
    language = forms.ChoiceField(label=_("Language"), choices=version_languages, initial="en")
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=AdminDateWidget,
        help_text=with_date_hint(_("Empty: the meeting's start date.")),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.DRAFT)
