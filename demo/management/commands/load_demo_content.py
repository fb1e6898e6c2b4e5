"""Load the Process's record of 2016–2017, with sample documents and photos, for the demo site."""

import hashlib
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.publishing import Status
from core.richtext import html_paragraphs
from demo import content, followup_content, process_content
from demo.database import analyze
from demo.files import PHOTO_CREDIT, sample_pdf, sample_photo
from documents.models import Document, DocumentType
from documents.services import attach_file
from meetings.models import Conclusion, Meeting, MeetingType, Organisation, Participant, Photo
from meetings.photos import RENDITIONS, make_rendition, process_photo
from priorities.models import PriorityDomain


class Command(BaseCommand):
    help = (
        "Load every meeting of the Process's pages of 2016–2017 as published content, with "
        "generated sample documents and photos. Safe to run again: rows are found by their "
        "natural keys, and files already there are not uploaded twice."
    )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.loaded = Counter()  # rows of each model that the content describes
        self.changes = Counter()  # "created" / "updated"
        self.files = Counter()  # "uploaded" / "kept"
        try:
            with transaction.atomic():
                self.load()
        except ValidationError as error:
            raise CommandError(f"The demo content was not loaded: {error}") from error
        # After a bulk load the SQLite planner needs statistics to choose the right index for
        # the meeting page's documents (see `analyze`).
        analyze()
        self.stdout.write(self.style.SUCCESS(self.summary()))
        process_content.load(self.stdout)
        self.stdout.write(followup_content.load())

    def load(self):
        meeting_types = {
            slug: self.upsert(MeetingType, {"slug": slug}, {"name": name, "order": order})
            for slug, name, order in content.MEETING_TYPES
        }
        document_types = {
            slug: self.upsert(DocumentType, {"slug": slug}, {"name": name, "order": order})
            for slug, name, order in content.DOCUMENT_TYPES
        }
        organisations = {
            handle: self.upsert(
                Organisation,
                {"name": name},
                {"acronym": acronym, "kind": kind, "country": country},
            )
            for handle, (name, acronym, kind, country) in content.ORGANISATIONS.items()
        }
        for data in content.MEETINGS:
            translated = content.MEETING_TRANSLATIONS.get(data["slug"], {})
            meeting = self.upsert(
                Meeting,
                {"slug": data["slug"]},
                {
                    "title": data["title"],
                    "meeting_type": meeting_types[data["type"]],
                    "ordinal": data["ordinal"],
                    "start_date": data["start"],
                    "end_date": data["end"],
                    "city": data["city"],
                    "host_country": data["host_country"],
                    "summary": data["summary"],
                    "body": html_paragraphs(data["body"]),
                    "status": Status.PUBLISHED,
                    **self.meeting_translations(translated),
                },
            )
            meeting.domains.set(PriorityDomain.objects.filter(slug__in=data["domains"]))
            if self.verbosity >= 2:
                self.stdout.write(f"{meeting.slug}: {meeting.title}, {meeting.dates}")
            for order, (role, handle, person_name, person_title) in enumerate(
                data["participants"], start=1
            ):
                self.upsert(
                    Participant,
                    {"meeting": meeting, "role": role, "organisation": organisations[handle]},
                    {"person_name": person_name, "person_title": person_title, "order": order},
                )
            self.load_conclusions(meeting, data["conclusions"], translated.get("conclusions_fr"))
            for spec in data["documents"]:
                self.load_document(meeting, data, spec, document_types[spec["type"]])
            if data["photos"]:
                self.load_photos(meeting, **data["photos"])

    def upsert(self, model, lookup, values):
        """The row found by its natural key, created or brought up to date; saved if changed."""
        self.loaded[model] += 1
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            outcome = "created"
        else:
            changed = {
                field: value for field, value in values.items() if getattr(obj, field) != value
            }
            if not changed:
                return obj
            for field, value in changed.items():
                setattr(obj, field, value)
            outcome = "updated"
        obj.full_clean()
        obj.save()
        self.changes[outcome] += 1
        return obj

    @staticmethod
    def meeting_translations(translated):
        """The demo translations of a meeting's texts (content.MEETING_TRANSLATIONS)."""
        values = {}
        for language in ("fr", "ar"):
            for field in ("title", "summary"):
                values[f"{field}_{language}"] = translated.get(f"{field}_{language}")
            body = translated.get(f"body_{language}")
            # Rich text is stored sanitised: an empty one as "".
            values[f"body_{language}"] = html_paragraphs(body) if body else ""
        return values

    def load_conclusions(self, meeting, groups, french=None):
        # One running order through the meeting, so the kinds come out in the text's order too.
        order = 0
        for kind, attribution, texts in groups:
            for text in texts:
                order += 1
                self.upsert(
                    Conclusion,
                    {"meeting": meeting, "kind": kind, "order": order},
                    {
                        "text": text,
                        "text_fr": french[order - 1] if french else None,
                        "attribution": attribution,
                    },
                )

    def load_document(self, meeting, data, spec, document_type):
        document = self.upsert(
            Document,
            {"meeting": meeting, "title": spec["title"]},
            {
                "document_type": document_type,
                "date": spec["date"],
                "adopted_on": spec.get("adopted_on"),
                "reference": spec.get("reference", ""),
                "description": html_paragraphs([content.SAMPLE_DESCRIPTION]),
                "status": Status.PUBLISHED,
                "title_fr": content.DOCUMENT_TRANSLATIONS.get(
                    (meeting.slug, spec["title"]), {}
                ).get("title_fr"),
            },
        )
        for language, filename, title in spec["files"]:
            pdf = sample_pdf(
                title=title or document.title,
                meeting=meeting.title,
                dates=meeting.dates,
                place=meeting.place,
                document_type=document_type.name,
                reference=document.reference,
                date=document.date,
                language=language,
                pages=spec["pages"],
                record=data["body"],
            )
            current = document.files.filter(language=language).first()
            if current is not None and current.sha256 == hashlib.sha256(pdf).hexdigest():
                self.files["kept"] += 1
                continue
            upload = SimpleUploadedFile(filename, pdf, content_type="application/pdf")
            try:
                attach_file(document, language, upload)
            except ValidationError as error:
                raise CommandError(
                    f"{document} ({language}): {'; '.join(error.messages)}"
                ) from None
            self.files["uploaded"] += 1

    def load_photos(self, meeting, count, palette):
        where = f"{meeting.title}, {meeting.place}"
        for number in range(1, count + 1):
            values = {
                "caption": f"{where}, {meeting.dates} — sample photo {number} of {count}",
                "alt_text": f"Sample picture {number} of {count}: sky, sun and hills",
                "credit": PHOTO_CREDIT,
            }
            if Photo.objects.filter(meeting=meeting, order=number).exists():
                photo = self.upsert(Photo, {"meeting": meeting, "order": number}, values)
            else:
                self.loaded[Photo] += 1
                jpeg = sample_photo(
                    meeting=where, label=f"{number} / {count}", palette=palette, seed=number
                )
                upload = SimpleUploadedFile(
                    f"{meeting.slug}-{number}.jpg", jpeg, content_type="image/jpeg"
                )
                image = process_photo(upload)
                photo = Photo(meeting=meeting, order=number, **values)
                photo.image.save(image.name, image, save=False)
                photo.save()
                self.changes["created"] += 1
                self.files["photos"] += 1
            for size in RENDITIONS:
                make_rendition(photo, size)

    def summary(self):
        counts = ", ".join(
            f"{self.loaded[model]} {model._meta.verbose_name_plural}"
            for model in [
                Meeting,
                MeetingType,
                Organisation,
                Participant,
                Conclusion,
                DocumentType,
                Document,
                Photo,
            ]
        )
        return (
            f"Loaded {counts}; {self.changes['created']} created, {self.changes['updated']} "
            f"updated; {self.files['uploaded']} document files uploaded "
            f"({self.files['kept']} already there), {self.files['photos']} photos added."
        )
