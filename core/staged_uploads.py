"""Uploads staged across a failed submit, so that an officer never has to choose a file twice.

When a form that received a file is shown again (another field, or another row of the page,
has an error), each file that passed its own checks is stored under `pending/` and the form
carries a signed reference to it in a checkbox, shown as “File kept: name.pdf”. Sent again,
the reference stands for the file as if it had been chosen again; it is checked again like
any upload. A staged file and the same file chosen again count once. A reference lasts a day;
`manage.py clear_staged_uploads` removes older files, and a staged file is removed as soon as
what it was staged for is saved.
"""

import datetime
import hashlib
import os

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_filename, generated_name

FOLDER = "pending"
MAX_AGE = datetime.timedelta(days=1)
# The salt keeps its first name: changing it would void the references in forms shown now.
SALT = "khartoum.kept-upload"

LOST_MESSAGE = _(
    "The file kept from your earlier attempt is no longer available (files are kept for a "
    "day). Choose it again."
)


class LostUpload:
    """A reference to a staged file that has expired or been removed."""

    def __bool__(self):
        return True  # the officer did send something: the row must not be skipped


def accept(upload):
    """Mark an upload as having passed its checks: only such uploads are staged."""
    upload.accepted = True


def content_digest(upload):
    """The SHA-256 of an upload's content, read once per upload."""
    if getattr(upload, "content_digest", None) is None:
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        upload.content_digest = digest.hexdigest()
    return upload.content_digest


def same_file_key(upload):
    """What makes two uploads the same file: their content, and the kind their name gives
    (the same bytes named .txt and .csv are checked, and may be refused, each on its own)."""
    extension = os.path.splitext(clean_filename(upload.name))[1]
    return content_digest(upload), extension


def stage(upload):
    """Store an accepted upload until the form comes back; return its signed reference."""
    if getattr(upload, "staged_token", None):
        return upload.staged_token
    name = clean_filename(upload.name)
    digest = content_digest(upload)
    path = default_storage.save(generated_name(FOLDER, os.path.splitext(name)[1]), upload)
    upload.seek(0)
    upload.staged_token = signing.dumps({"path": path, "name": name, "sha256": digest}, salt=SALT)
    return upload.staged_token


def restore(token):
    """The upload a reference stands for; a LostUpload when it is gone; None when forged."""
    try:
        staged = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return LostUpload()
    except signing.BadSignature:
        return None
    path = staged["path"]
    if not default_storage.exists(path):
        return LostUpload()
    upload = UploadedFile(
        file=default_storage.open(path, "rb"),
        name=staged["name"],
        content_type=None,
        size=default_storage.size(path),
    )
    upload.staged_token = token
    upload.staged_path = path
    upload.content_digest = staged.get("sha256")  # signed with the reference: no need to read
    return upload


def discard_when_saved(upload):
    """Remove the staged copy of `upload` once the transaction saving it has committed."""
    path = getattr(upload, "staged_path", None)
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))


def clear_expired(now):
    """Remove staged files older than MAX_AGE; returns how many were removed."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < now - MAX_AGE:
            default_storage.delete(path)
            removed += 1
    return removed


def staged_field_name(name):
    # The name sent with the form keeps its first suffix: a form shown before a deploy and sent
    # after it still brings its files back.
    return f"{name}-kept"


class StagedFileInput(AdminFileWidget):
    """The admin's file input, which also shows and sends back a staged file."""

    template_name = "admin/widgets/staged_file_input.html"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload or upload is False:  # a file newly chosen wins; False is "clear"
            return upload
        token = data.get(staged_field_name(name))
        return self.restore(token) if token else upload

    def restore(self, token):
        """The upload a reference stands for, the same object each time the form reads its
        data: the one its field checked is the one rendered, and staged again, if the form
        fails once more."""
        if not hasattr(self, "restored"):
            self.restored = {}
        if token not in self.restored:
            self.restored[token] = restore(token)
        return self.restored[token]

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and (
            staged_field_name(name) not in data
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if getattr(value, "accepted", False):
            context["widget"]["staged"] = [
                {"name": staged_field_name(name), "token": stage(value), "filename": value.name}
            ]
        return context


class MultipleStagedFileInput(StagedFileInput):
    """Several files in one input, each staged on its own."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        """The files chosen, then the files staged, less those chosen again."""
        uploads = list(files.getlist(name))
        tokens = data.getlist(staged_field_name(name))
        chosen = {same_file_key(upload) for upload in uploads} if tokens else set()
        for token in tokens:
            upload = self.restore(token)
            if upload is None:
                continue
            if isinstance(upload, LostUpload) or same_file_key(upload) not in chosen:
                uploads.append(upload)
        return uploads

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        context["widget"]["staged"] = [
            {"name": staged_field_name(name), "token": stage(upload), "filename": upload.name}
            for upload in value or []
            if getattr(upload, "accepted", False)
        ]
        return context


class StagedFileField(forms.FileField):
    """A file field whose file survives a failed submit of the form around it."""

    widget = StagedFileInput

    def bound_data(self, data, initial):
        # A form shown again renders a file field from its initial value only; a file that
        # passed its checks is rendered too, to be staged.
        uploads = data if isinstance(data, list | tuple) else [data]
        if any(getattr(upload, "accepted", False) for upload in uploads):
            return data
        return super().bound_data(data, initial)

    def clean(self, data, initial=None):
        if isinstance(data, LostUpload):
            raise ValidationError(LOST_MESSAGE, code="lost")
        return super().clean(data, initial)
