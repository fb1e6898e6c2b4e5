"""A larger record made up from a seed, to see how the site behaves with years of meetings.

Nothing here is the Process's record: every meeting says in its title and summary that it is a
generated sample, every document in its title and description, and every file is one PDF marked
SAMPLE FILE on its page. Meeting number `n` of seed `s` is drawn from its own
`random.Random("s:n")`, so a record grown to 50 in one run or in two is the same record, and the
same seed gives the same meetings wherever the meeting and document types are the same (the
demo's, on an empty database as on the demo). Only the organisations drawn as participants
depend on what else the registry holds.

Each language version gets a text of its own, standing in for what would be read from its file,
so that searches can be measured on a record of known make-up: words drawn by Zipf's law from a
fixed vocabulary, as in prose, and the words of `WORD_SHARES`, each in a known share of the
documents and nowhere else in what is generated.
"""

import datetime
import hashlib
import itertools
import random
import re
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.publishing import Status
from core.richtext import html_paragraphs
from demo import content
from demo.files import sample_pdf
from documents.models import Document, DocumentFile, DocumentType
from documents.validation import inspect_upload
from meetings.models import (
    Conclusion,
    Meeting,
    MeetingType,
    Organisation,
    Participant,
)
from priorities.models import PriorityDomain

SLUG_PREFIX = "generated-"
MARK = "(generated sample)"
SUMMARY_LEAD = "Generated sample meeting, not part of the Process's record:"
DOCUMENT_DESCRIPTION = (
    "Generated sample document, not part of the Process's record: the PDF attached here is one "
    "sample file that stands in for every generated document."
)

# Words each put in the text of a known share of the generated documents (all their language
# versions) and in nothing else generated: a common word, one of middling frequency, a rare one.
WORD_SHARES = {"roadmap": 0.5, "ombudsman": 0.05, "zanzibarite": 0.001}
WORDS_PER_FILE = 150
# The files' other words, most frequent first: common English words (mostly stop words,
# which the index leaves out), the Process's words, then a long tail of made-up words.
FILLER_WORDS = re.findall(
    r"\w+",
    "the of and to in a is that for on with as by was at be this are from or have an they "
    "which one were their all there been has would more when will other its into than some "
    "could these two may first then do any like now over such our even most made after also "
    "did many before must through back years where much way well down should because each "
    "just those people how too little state good very make world still own see work long get "
    "here between both life being under never day same another know while last might great "
    "old year off come since against go came right used take",
)
PROCESS_WORDS = re.findall(
    r"\w+",
    "migration migrants return reintegration smuggling trafficking protection asylum border "
    "mobility refugees development cooperation capacity dialogue partners route Khartoum "
    "Process Horn Africa Europe member states commission action plan Valletta labour "
    "remittances diaspora displacement readmission awareness campaign programme",
)
TAIL_SYLLABLES = re.findall(r"\w+", "ka ri mo te sa lu ne po di ga ve so ma ru ti la be")
TAIL_WORDS = 5000

FIRST_DAY = datetime.date(2014, 1, 1)
LAST_START = datetime.date(2026, 12, 29)  # the longest meeting (3 days) still ends in 2026

# Host countries (ISO 3166-1) and the city of their meetings.
PLACES = [
    ("ET", "Addis Ababa"),
    ("SD", "Khartoum"),
    ("ER", "Asmara"),
    ("DJ", "Djibouti"),
    ("SO", "Mogadishu"),
    ("SS", "Juba"),
    ("KE", "Nairobi"),
    ("UG", "Kampala"),
    ("EG", "Cairo"),
    ("TN", "Tunis"),
    ("LY", "Tripoli"),
    ("IT", "Rome"),
    ("DE", "Berlin"),
    ("FR", "Paris"),
    ("GB", "London"),
    ("MT", "Valletta"),
    ("BE", "Brussels"),
    ("NL", "The Hague"),
    ("SE", "Stockholm"),
    ("ES", "Madrid"),
    ("PT", "Lisbon"),
    ("GR", "Athens"),
    ("AT", "Vienna"),
    ("CH", "Geneva"),
    ("NO", "Oslo"),
]

TOPICS = [
    "people smuggling",
    "trafficking in human beings",
    "return, readmission and reintegration",
    "legal pathways and labour mobility",
    "protection of refugees and asylum seekers",
    "root causes of irregular migration",
    "border management",
    "information sharing between law enforcement agencies",
    "the role of diaspora communities",
    "unaccompanied minors on the move",
    "climate change and displacement",
    "data on migration flows",
    "youth employment and skills",
    "remittances and development",
    "host communities and durable solutions",
    "search and rescue",
    "judicial cooperation against smuggling networks",
    "awareness raising among potential migrants",
]

SUBJECTS = [
    "Participants",
    "Delegations from Africa and Europe",
    "Member states",
    "The Chair",
    "Experts from the region",
    "Representatives of international organisations",
    "Senior officials",
    "The host country",
]

VERBS = [
    "discussed",
    "reviewed progress on",
    "underlined the importance of",
    "exchanged good practices on",
    "took stock of the work on",
    "called for closer cooperation on",
    "presented national initiatives on",
    "identified gaps in the response to",
]

TAILS = [
    "along the Horn of Africa route",
    "in countries of origin, transit and destination",
    "in line with the Joint Valletta Action Plan",
    "ahead of the next Senior Officials Meeting",
    "with a focus on concrete projects",
    "in close cooperation with civil society",
    "building on the outcome of earlier thematic meetings",
    "with the support of the EU Trust Fund",
]

OUTCOMES = [
    "More needs to be done to",
    "Member states agreed to",
    "The meeting recommended to",
    "Participants committed to",
    "The Chair invited all partners to",
    "It was agreed that the Process should",
]

ACTIONS = [
    "strengthen cooperation on {topic}",
    "share data and analysis on {topic} on a regular basis",
    "map ongoing projects on {topic} and avoid duplication",
    "train officials working on {topic}",
    "report on {topic} at the next Senior Officials Meeting",
    "involve local authorities and civil society in the work on {topic}",
    "align national strategies on {topic} with the Joint Valletta Action Plan",
]

ROLES = [
    (Participant.Role.DELEGATE, 40),
    (Participant.Role.PRESENTER, 15),
    (Participant.Role.EXPERT, 15),
    (Participant.Role.OBSERVER, 10),
    (Participant.Role.OPENING_SPEAKER, 10),
    (Participant.Role.CO_CHAIR, 5),
    (Participant.Role.CO_CONVENER, 5),
]
# Speakers are named by their office only: generated meetings name no people.
SPEAKER_TITLES = {
    "state": [
        "Minister of Foreign Affairs",
        "State Secretary for the Interior",
        "Director-General for Migration",
        "Ambassador",
    ],
    "organisation": ["Head of delegation", "Director", "Executive Secretary"],
}

# Organisations added to the registry for generated meetings, each marked in its name.
GENERATED_ORGANISATIONS = [
    (f"{scope} {body} {MARK}", f"{scope[0]}{''.join(w[0] for w in body.split())}-G", kind)
    for scope, kind in [
        ("Regional", Organisation.Kind.REGIONAL),
        ("Continental", Organisation.Kind.INTERNATIONAL),
        ("Cross-border", Organisation.Kind.OTHER),
    ]
    for body in [
        "Migration Observatory",
        "Border Management Network",
        "Protection Working Group",
        "Reintegration Forum",
        "Labour Mobility Council",
        "Anti-Smuggling Task Force",
        "Diaspora Platform",
        "Civil Society Alliance",
    ]
]


def vocabulary():
    """The files' words by rank, and the cumulative Zipf weights to draw them with."""
    rng = random.Random("vocabulary")
    tail = set()
    while len(tail) < TAIL_WORDS:
        tail.add("".join(rng.choice(TAIL_SYLLABLES) for _ in range(rng.randint(3, 4))))
    words = FILLER_WORDS[:40] + PROCESS_WORDS + FILLER_WORDS[40:] + sorted(tail)
    if set(words) & set(WORD_SHARES):
        raise ValueError("A word of WORD_SHARES must be in no other generated text.")
    return words, list(itertools.accumulate(1 / rank**1.07 for rank in range(1, len(words) + 1)))


@dataclass
class Plan:
    """One generated meeting and what belongs to it, before any of it is saved."""

    meeting: Meeting
    participants: list = field(default_factory=list)
    conclusions: list = field(default_factory=list)
    # (document, [(language, original name, text)], stands alone)
    documents: list = field(default_factory=list)
    # The priority domains of the meeting, and of its conclusions and documents by their
    # place in those lists: {("meeting", 0): [domain, …], ("conclusion", 2): […], …}.
    domains: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SampleFile:
    name: str
    size: int
    sha256: str
    content_type: str
    page_count: int | None


def sample_file():
    """The one PDF every generated language version points to, stored once."""
    pdf = sample_pdf(
        title=f"Generated sample document {MARK}",
        meeting="Generated sample meeting",
        dates="2014–2026",
        place="",
        document_type="Generated sample",
        date=datetime.date(2014, 1, 1),
    )
    facts = inspect_upload(SimpleUploadedFile("sample.pdf", pdf))
    name = f"documents/generated-sample-{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(pdf))
    return SampleFile(name, facts.size, facts.sha256, facts.content_type, facts.page_count)


def ensure_types():
    """The meeting and document types there are; the demo's when there are none."""
    if not MeetingType.objects.exists():
        MeetingType.objects.bulk_create(
            MeetingType(slug=slug, name=name, order=order)
            for slug, name, order in content.MEETING_TYPES
        )
    if not DocumentType.objects.exists():
        DocumentType.objects.bulk_create(
            DocumentType(slug=slug, name=name, order=order)
            for slug, name, order in content.DOCUMENT_TYPES
        )
    return list(MeetingType.objects.order_by("order", "slug")), list(
        DocumentType.objects.order_by("order", "slug")
    )


def ensure_organisations():
    """The registry, with the generated organisations added once; in a stable order."""
    existing = set(Organisation.objects.values_list("name", flat=True))
    Organisation.objects.bulk_create(
        # Slugs here: bulk_create does not call save(), which makes them.
        Organisation(name=name, slug=slugify(name), acronym=acronym, kind=kind)
        for name, acronym, kind in GENERATED_ORGANISATIONS
        if name not in existing
    )
    return list(Organisation.objects.order_by("name"))


def next_number():
    """The number after the highest generated meeting's: slugs are never reused."""
    numbers = [
        int(slug.split("-")[1])
        for slug in Meeting.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
            "slug", flat=True
        )
        if slug.split("-")[1].isdigit()
    ]
    return max(numbers, default=0) + 1


def sentence(rng, topic=None):
    topic = topic or rng.choice(TOPICS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {topic} {rng.choice(TAILS)}."


def outcome(rng, topic):
    action = rng.choice(ACTIONS).format(topic=rng.choice([topic, *rng.sample(TOPICS, 2)]))
    return f"{rng.choice(OUTCOMES)} {action}."


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


class Generator:
    """Draws meetings from a seed and saves them in batches with bulk inserts."""

    def __init__(self, seed, documents_per_meeting=10):
        self.seed = seed
        self.documents_per_meeting = documents_per_meeting
        self.words, self.cumulative_weights = vocabulary()
        self.meeting_types, self.document_types = ensure_types()
        self.organisations = ensure_organisations()
        self.sample = sample_file()
        # The five, which come with the site's migrations, in the Action Plan's order.
        self.domains = list(PriorityDomain.objects.order_by("number"))
        self.now = timezone.now()
        self.counts = dict.fromkeys(
            ["meetings", "participants", "conclusions", "documents", "files"], 0
        )

    def plan(self, number):
        """Meeting `number` of this seed, not yet saved."""
        rng = random.Random(f"{self.seed}:{number}")
        meeting_type = rng.choice(self.meeting_types)
        topic = rng.choice(TOPICS)
        country, city = rng.choice(PLACES)
        if rng.random() < 0.05:
            city = ""
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_START - FIRST_DAY).days))
        end = start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 1, 1, 1, 2]))
        number_in_series = rng.randint(1, 15) if rng.random() < 0.4 else None
        name = meeting_type.name
        if number_in_series:
            name = f"{ordinal(number_in_series)} {name}"
        subject = rng.choice(SUBJECTS)
        summary = (
            f"{SUMMARY_LEAD} {subject[0].lower()}{subject[1:]} {rng.choice(VERBS)} {topic} "
            f"{rng.choice(TAILS)} and agreed on next steps for the coming year."
        )
        paragraphs = [
            "This meeting was generated to show the site with a record of many years; it is "
            "not part of the Process's record. " + sentence(rng, topic)
        ]
        for _ in range(rng.randint(2, 4)):
            paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 5))))
        place = slugify(city or country)
        meeting = Meeting(
            slug=f"{SLUG_PREFIX}{number:05d}-{start:%Y-%m}-{place}-{meeting_type.slug}",
            title=f"{name} on {topic} {MARK}"[:200],
            meeting_type=meeting_type,
            ordinal=number_in_series,
            start_date=start,
            end_date=end,
            city=city,
            host_country=country,
            summary=summary,
            body=html_paragraphs(paragraphs),
            status=Status.PUBLISHED,
        )
        plan = Plan(meeting)
        self.plan_conclusions(rng, plan, topic)
        self.plan_documents(rng, plan, number, topic)
        self.plan_domains(number, plan)
        # Last: what is drawn from the registry depends on the database, the rest does not.
        self.plan_participants(rng, plan, country)
        return plan

    def plan_conclusions(self, rng, plan, topic):
        kinds = rng.sample(Conclusion.Kind.values, rng.randint(1, 3))
        attribution = rng.choice(["the Chair", "the Chair", ""])
        total = rng.randint(2, 8)
        for order in range(1, total + 1):
            kind = kinds[(order - 1) * len(kinds) // total]  # the kinds in groups, in order
            text = outcome(rng, topic)
            if rng.random() < 0.5:
                text += " " + sentence(rng)
            plan.conclusions.append(
                Conclusion(kind=kind, text=text, order=order, attribution=attribution)
            )

    def plan_documents(self, rng, plan, number, topic):
        meeting = plan.meeting
        # From none to twice the average, evenly.
        for index in range(rng.randint(0, 2 * self.documents_per_meeting)):
            document_type = rng.choice(self.document_types)
            date = meeting.end_date + datetime.timedelta(days=rng.choice([0, 0, 1, 7, 30]))
            title = f"{document_type.name} of the {meeting.title}"
            versions = self.document(rng, title, document_type, date, f"{number:05d}-{index + 1}")
            plan.documents.append((*versions, False))
        if rng.random() < 0.1:  # now and then, a document that stands alone
            document_type = rng.choice(self.document_types)
            date = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_START - FIRST_DAY).days))
            title = f"{document_type.name} on {topic} {MARK}"
            versions = self.document(rng, title, document_type, date, f"{number:05d}-s")
            plan.documents.append((*versions, True))

    def plan_domains(self, number, plan):
        """From none to two priority domains for the meeting, and for some of its conclusions
        and documents. Drawn from a generator of their own, so that a record generated
        before the domains existed reads the same but for them."""
        rng = random.Random(f"{self.seed}:{number}:domains")

        def draw(share):
            if not self.domains or rng.random() >= share:
                return []
            return rng.sample(self.domains, rng.randint(1, 2))

        plan.domains[("meeting", 0)] = draw(0.75)
        for index in range(len(plan.conclusions)):
            plan.domains[("conclusion", index)] = draw(0.2)
        for index in range(len(plan.documents)):
            plan.domains[("document", index)] = draw(0.5)

    def document(self, rng, title, document_type, date, code):
        """A document and its language versions' file names."""
        document = Document(
            title=title[:300],
            document_type=document_type,
            date=date,
            reference=f"GEN/{date:%Y}/{code}" if rng.random() < 0.5 else "",
            description=html_paragraphs([DOCUMENT_DESCRIPTION]),
            status=Status.PUBLISHED,
        )
        stem = slugify(f"{document_type.name}-{code}")
        languages = ["en"]
        if rng.random() < 0.5:
            languages.append(rng.choice(["fr", "fr", "fr", "ar"]))
        # Drawn for the document, so that each share counts documents, not language versions.
        marked = [word for word, share in WORD_SHARES.items() if rng.random() < share]
        return document, [
            (language, f"{stem}-{language}.pdf", self.text(rng, marked)) for language in languages
        ]

    def text(self, rng, marked):
        """A language version's text: Zipf-distributed words, with the `marked` words once
        each at random places."""
        words = rng.choices(self.words, cum_weights=self.cumulative_weights, k=WORDS_PER_FILE)
        for word in marked:
            words.insert(rng.randrange(len(words) + 1), word)
        return " ".join(words)

    def plan_participants(self, rng, plan, host):
        # The host country's delegation comes once, as the host.
        delegations = [
            (organisation, "")
            for organisation in self.organisations
            if organisation.country.code != host
        ]
        delegations += [(None, code) for code, _ in PLACES if code != host]
        chosen = rng.sample(delegations, rng.randint(3, 12) - 1)
        # One chair, drawn first; the host country's delegation next.
        chosen.insert(1, (None, host))
        roles = [Participant.Role.CHAIR, Participant.Role.HOST]
        roles += [weighted(rng, ROLES) for _ in range(len(chosen) - len(roles))]
        for order, ((organisation, country), role) in enumerate(
            zip(chosen, roles, strict=True), start=1
        ):
            title = ""
            if role == Participant.Role.OPENING_SPEAKER and rng.random() < 0.6:
                title = rng.choice(SPEAKER_TITLES["state" if country else "organisation"])
            plan.participants.append(
                Participant(
                    role=role,
                    organisation=organisation,
                    country=country,
                    person_title=title,
                    order=order,
                )
            )

    @staticmethod
    def save_domains(plans):
        """The domains of a batch's meetings, conclusions and documents, one bulk insert into
        each table of the many-to-many relations (the plans' rows have their keys by now)."""
        through = {
            "meeting": Meeting.domains.through,
            "conclusion": Conclusion.domains.through,
            "document": Document.domains.through,
        }
        links = {kind: [] for kind in through}
        for plan in plans:
            rows = {
                "meeting": [plan.meeting],
                "conclusion": plan.conclusions,
                "document": [document for document, _versions, _alone in plan.documents],
            }
            for (kind, index), domains in plan.domains.items():
                links[kind] += [
                    through[kind](**{f"{kind}_id": rows[kind][index].pk, "prioritydomain": domain})
                    for domain in domains
                ]
        for kind, model in through.items():
            model.objects.bulk_create(links[kind])

    @transaction.atomic
    def save(self, plans):
        """One batch of plans in a handful of bulk inserts."""
        meetings = Meeting.objects.bulk_create(plan.meeting for plan in plans)
        participants, conclusions, documents, files = [], [], [], []
        for meeting, plan in zip(meetings, plans, strict=True):
            for row in plan.participants + plan.conclusions:
                row.meeting = meeting
            participants += plan.participants
            conclusions += plan.conclusions
            for document, versions, standalone in plan.documents:
                document.meeting = None if standalone else meeting
                documents.append((document, versions))
        Participant.objects.bulk_create(participants)
        Conclusion.objects.bulk_create(conclusions)
        Document.objects.bulk_create(document for document, _ in documents)
        for document, versions in documents:
            for language, original_name, text in versions:
                files.append(
                    DocumentFile(
                        document=document,
                        language=language,
                        file=self.sample.name,
                        original_name=original_name,
                        public_name=original_name,
                        size=self.sample.size,
                        content_type=self.sample.content_type,
                        sha256=self.sample.sha256,
                        page_count=self.sample.page_count,
                        uploaded_at=self.now,
                        text=text,
                    )
                )
        DocumentFile.objects.bulk_create(files)
        self.save_domains(plans)
        self.counts["meetings"] += len(meetings)
        self.counts["participants"] += len(participants)
        self.counts["conclusions"] += len(conclusions)
        self.counts["documents"] += len(documents)
        self.counts["files"] += len(files)
