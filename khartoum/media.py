"""Uploaded files at /media/, for staff only (the admin's links to uploads).

The public never reaches uploads through a plain media path: documents are downloaded
through views that check publication, and photos are shown as renditions.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.static import serve

from documents.serving import is_local


@staff_member_required
def staff_media(request, path):
    if is_local(default_storage):
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    elif default_storage.exists(path):
        response = FileResponse(default_storage.open(path, "rb"))
    else:
        raise Http404
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Content-Disposition"] = "attachment"
    return response
