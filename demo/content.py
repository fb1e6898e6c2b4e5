"""The Process's public record of 2016–2017, as plain data for `manage.py load_demo_content`.

Every meeting of the text of the Process's public site (its meeting reports of 2016–2017) is
here with the facts the text gives and nothing more. The body paragraphs keep the text's wording,
spelling included; only whitespace is cleaned, the page furniture ("Access this URL (Photo
gallery)", "Page 3 of 4", the headings) is left out, and the lead-in sentences that introduce a
list ("… discussed the following issues:") are dropped because the list itself is loaded as
conclusions and shown under its own heading.

The documents and photos the text names are not part of it: the loader generates clearly marked
sample files for them (see `demo.files`).

Slugs follow one scheme, `<year>-<month>-<place>-<kind of meeting>`, with the ordinal where the
meeting has one. They are written out rather than computed: they are permalinks and must not move
if a title is edited.
"""

import datetime

D = datetime.date

# slug, name, order
MEETING_TYPES = [
    ("thematic-meeting", "Thematic meeting", 10),
    ("senior-officials-meeting", "Senior officials meeting", 20),
    ("steering-committee-meeting", "Steering committee meeting", 30),
    ("informal-working-group", "Informal working group", 40),
    ("technical-meeting", "Technical / stock-taking meeting", 50),
]

# slug, name, order
DOCUMENT_TYPES = [
    ("joint-conclusions", "Joint conclusions", 10),
    ("analysis-report", "Analysis report", 20),
    ("mapping-document", "Mapping document", 30),
    ("programme", "Programme / agenda", 40),
    ("report", "Report", 50),
    ("presentation", "Presentation", 60),
    ("work-plan", "Work plan", 70),
]

# The registry of delegations, keyed by a short handle that the meetings below refer to.
# handle: (name, acronym, kind, ISO country)
ORGANISATIONS = {
    # Member states of the Process named in the text.
    "GB": ("United Kingdom", "", "member-state", "GB"),
    "SD": ("Sudan", "", "member-state", "SD"),
    "ET": ("Ethiopia", "", "member-state", "ET"),
    "IT": ("Italy", "", "member-state", "IT"),
    "DE": ("Germany", "", "member-state", "DE"),
    # Uganda joined the Process at the Berlin meeting of May 2017 (as an observer there, see
    # below); the registry records what it is today, a member.
    "UG": ("Uganda", "", "member-state", "UG"),
    # Institutions. The EU Trust Fund is an instrument of the EU, managed by the Commission.
    "EC": ("European Commission", "EC", "eu-institution", ""),
    "EUTF": ("EU Trust Fund for Africa", "EUTF", "eu-institution", ""),
    "AUC": ("African Union Commission", "AUC", "au-institution", ""),
    # International and regional organisations, named as the text names them.
    "IOM": ("International Organization for Migration", "IOM", "international", ""),
    "ICMPD": (
        "International Centre for Migration Policy Development",
        "ICMPD",
        "international",
        "",
    ),
    "UNODC": ("United Nations Office on Drugs and Crime", "UNODC", "international", ""),
    "UNHCR": ("United Nations Refugee Agency", "UNHCR", "international", ""),
    "WB": ("World Bank", "", "international", ""),
    "IGAD": ("Intergovernmental Authority on Development", "IGAD", "regional", ""),
    "RMMS": ("Regional Mixed Migration Secretariat", "RMMS", "regional", ""),
}

SAMPLE_DESCRIPTION = (
    "Sample file: the original document is not part of this demo; the PDF attached here was "
    "generated for the demo of this site and only stands in for it."
)

# Each meeting: its facts, body paragraphs, participants as (role, organisation handle, person's
# name, person's title), conclusions as (kind, attribution, [texts in order]), documents and
# the number of sample photos of its gallery (only the meetings whose page had a gallery).
MEETINGS = [
    {
        "slug": "2016-05-khartoum-1st-thematic-meeting",
        "title": "1st Thematic Meeting on people smuggling",
        "type": "thematic-meeting",
        "ordinal": 1,
        "start": D(2016, 5, 24),
        "end": D(2016, 5, 25),
        "city": "Khartoum",
        "host_country": "SD",
        "domains": ["irregular-migration"],
        "summary": (
            "The first Thematic Meeting of the Khartoum Process, on tackling people smuggling, "
            "chaired by the UK and hosted by Sudan."
        ),
        "body": [
            "The first Thematic Meeting of the Khartoum Process was dedicated to tackling people "
            "smuggling, with a particular focus on regional law enforcement and judicial response.",
            "It took place in Khartoum on 24-25 May 2016 under the chairmanship of the UK and was "
            "co-convened and hosted by the Republic of Sudan.",
            "Participants discussed ways to better tackle people smuggling by improving "
            "information sharing, investigations into criminal activities, border management, and "
            "prosecutions and legislation.",
        ],
        "participants": [
            ("chair", "GB", "", ""),
            ("host", "SD", "", ""),
            ("co-convener", "SD", "", ""),
        ],
        "conclusions": [],
        "documents": [],
        "photos": {"count": 4, "palette": "desert"},
    },
    {
        "slug": "2016-06-brussels-technical-stock-taking-meeting",
        "title": "Technical stock-taking meeting on the Valletta Action Plan",
        "type": "technical-meeting",
        "ordinal": None,
        "start": D(2016, 6, 21),
        "end": D(2016, 6, 22),
        "city": "Brussels",
        "host_country": "BE",
        "domains": [],
        "summary": (
            "A mid-year technical meeting in Brussels that assessed the implementation of the "
            "Joint Valletta Action Plan ahead of the Senior Officials Meeting."
        ),
        "body": [
            "A technical stock-taking meeting on the state of play of the implementation of the "
            "Valletta Action Plan takes place in Brussels on 21-22 June 2016.",
            "During this mid-year meeting, an overall assessment of Joint Valletta Action Plan "
            "(JVAP) implementation was undertaken.",
            "The objective of the meeting was to recall the VAP objectives and commitments, as "
            "well as the implementation strategy of key stakeholders.",
            "Conclusions and the way forward in the lead-up to the upcoming Senior Officials "
            "Meeting were also discussed.",
        ],
        # The text names no delegation, chair or host organisation for this meeting.
        "participants": [],
        # The text says conclusions and the way forward were discussed, not what they were.
        "conclusions": [
            (
                "way-forward",
                "",
                [
                    "Conclusions and the way forward in the lead-up to the upcoming Senior "
                    "Officials Meeting were discussed.",
                ],
            ),
        ],
        "documents": [],
        "photos": None,
    },
    {
        "slug": "2016-07-rome-2nd-informal-working-group",
        "title": "2nd Informal Working Group",
        "type": "informal-working-group",
        "ordinal": 2,
        "start": D(2016, 7, 8),
        "end": D(2016, 7, 8),
        "city": "Rome",
        "host_country": "IT",
        "domains": [],
        "summary": (
            "The Informal Working Group met for the second time to give impetus to the Process "
            "and agreed on a tentative plan of activities for the second half of 2016."
        ),
        "body": [
            "At their 2nd meeting in Rome, on 8 July 2016, participants to the Informal Working "
            "Group (iLWG) convened to give impetus to the Khartoum Process, including through the "
            "implementation of concrete initiatives.",
            "They identified needs in relation to the Horn of Africa Route through the review of "
            "ongoing and proposed projects funding options and agreed on a tentative plan of "
            "activities for the second half of 2016.",
        ],
        "participants": [],
        "conclusions": [
            (
                "discussion-point",
                "",
                [
                    "the outcome of the first Thematic Meeting, which took place in Khartoum on "
                    "24-25 May",
                    "information sharing on human trafficking and smuggling of migrants and the "
                    "role of the proposed Regional Operational Centre",
                    "the progress on the implementation of several EU projects, including ‘Better "
                    "Migration Management’ (BMM) and ‘Addressing Mixed Migration Flows’ (MMF)",
                    "the outcome of the Valletta ‘stocktaking’ meeting, which took place in "
                    "Brussels on 21-22 June",
                    "a brief update on the activities under the Regional Development and "
                    "Protection Programmes (RDPP) and their link with the broader global agenda "
                    "on protection and protracted displacement",
                    "future meetings timetable, agenda and host country",
                ],
            ),
            (
                "decision",
                "",
                ["A tentative plan of activities for the second half of 2016 was agreed."],
            ),
        ],
        "documents": [],
        "photos": {"count": 4, "palette": "mediterranean"},
    },
    {
        "slug": "2016-10-addis-ababa-2nd-thematic-meeting",
        "title": "2nd Thematic Meeting on return, readmission and reintegration",
        "type": "thematic-meeting",
        "ordinal": 2,
        "start": D(2016, 10, 19),
        "end": D(2016, 10, 20),
        "city": "Addis Ababa",
        "host_country": "ET",
        "domains": ["return"],
        "summary": (
            "The second Thematic Meeting, on return, readmission and reintegration, hosted by "
            "Ethiopia and co-chaired by Ethiopia and Italy."
        ),
        "body": [
            "The 2nd thematic meeting of the Khartoum Process focused on return, readmission and "
            "reintegration - in line with the fifth priority domain of the Valletta Action Plan.",
            "It took place in Addis Ababa on 19-20 October 2016 and was hosted by Ethiopia and "
            "co-chaired by Ethiopia and Italy.",
            "The meeting addressed returns from Europe as well as returns from transit and host "
            "countries within Africa and the neighboring region, including small-scale returns - "
            "voluntary and enforced -, and large-scale voluntary repatriation of refugees when "
            "conditions in their home countries permit.",
            "Experts from both Africa and Europe, as well as international organisations "
            "representatives from the International Organization for Migration (IOM), the "
            "International Centre for Migration Policy Development (ICMPD), the United Nations "
            "Office on Drugs and Crime (UNODC) and the United Nations Refugee Agency (UNHCR) "
            "shared best practices, case studies and concrete recommendations.",
            "A particular focus was made on pre-return preparation, cooperation between states in "
            "the identification phase and finding sustainable reintegration methods, including "
            "for vulnerable groups and medial cases.",
        ],
        # The organisations "shared best practices, case studies and concrete recommendations":
        # they presented; the text calls the other participants experts, not them.
        "participants": [
            ("host", "ET", "", ""),
            ("co-chair", "ET", "", ""),
            ("co-chair", "IT", "", ""),
            ("presenter", "IOM", "", ""),
            ("presenter", "ICMPD", "", ""),
            ("presenter", "UNODC", "", ""),
            ("presenter", "UNHCR", "", ""),
        ],
        "conclusions": [
            (
                "thematic-session",
                "",
                [
                    "Strategies, policies and approaches during the pre-return phase",
                    "Identification: techniques, key stakeholders and cooperation mechanisms",
                    "Establishing reintegration strategies",
                ],
            ),
        ],
        "documents": [],
        "photos": None,
    },
    # 15 and 16 December 2016 are two meetings, not one: the text says the membership "convened
    # for Steering Committee and Senior Officials Meetings respectively" on the 15th and the
    # 16th. They are meetings of different bodies, of different types (each filterable by its
    # type) and on different days, and each has its own outcome: the Steering Committee accepted
    # Italy's candidature on the 15th, the Senior Officials Meeting, chaired by Ethiopia, agreed
    # next steps on the 16th. Both records carry the text's opening sentence.
    {
        "slug": "2016-12-addis-ababa-steering-committee-meeting",
        "title": "Steering Committee Meeting",
        "type": "steering-committee-meeting",
        "ordinal": None,
        "start": D(2016, 12, 15),
        "end": D(2016, 12, 15),
        "city": "Addis Ababa",
        "host_country": "ET",
        "domains": [],
        "summary": (
            "The Steering Committee of the Khartoum Process accepted Italy's candidature as "
            "Chair of the Process as of 2018, following Ethiopia."
        ),
        "body": [
            "On the 15th and 16th December 2016, the Khartoum Process membership convened for "
            "Steering Committee and Senior Officials Meetings respectively in Addis Ababa, "
            "Ethiopia.",
            "Finally, Italy proposed its candidature as the next chair of the Process as of 2018, "
            "following Ethiopia. This offer was formerly accepted and approved by the members of "
            "the Khartoum Process Steering Committee on the 15th December 2016.",
        ],
        # The text names no chair for this meeting: it calls the next day's Senior Officials
        # Meeting "the first meeting chaired by the new Chair of the Process, Ethiopia".
        "participants": [("delegate", "IT", "", "")],
        "conclusions": [
            (
                "decision",
                "",
                [
                    "Italy's candidature as the next chair of the Process as of 2018, following "
                    "Ethiopia, was accepted and approved by the members of the Khartoum Process "
                    "Steering Committee on 15 December 2016.",
                ],
            ),
        ],
        "documents": [],
        "photos": None,
    },
    {
        "slug": "2016-12-addis-ababa-senior-officials-meeting",
        "title": "Senior Officials Meeting",
        "type": "senior-officials-meeting",
        "ordinal": None,
        "start": D(2016, 12, 16),
        "end": D(2016, 12, 16),
        "city": "Addis Ababa",
        "host_country": "ET",
        "domains": [],
        "summary": (
            "The first meeting chaired by Ethiopia as Chair of the Process agreed upon next steps "
            "for the Process and discussed the 2017 Work Plan."
        ),
        "body": [
            "On the 15th and 16th December 2016, the Khartoum Process membership convened for "
            "Steering Committee and Senior Officials Meetings respectively in Addis Ababa, "
            "Ethiopia.",
            "The first meeting chaired by the new Chair of the Process, Ethiopia, this Senior "
            "Officials Meeting agreed upon next steps for the progression of the Process and its "
            "related operational activities. The meeting took place in a spirit of partnership "
            "and cooperation and was opened by a welcoming address of the Minister of Foreign "
            "Affairs of the Federal Democratic Republic of Ethiopia Dr. Workneh Gebayehu, who "
            "underlined the importance of hosting this SOM for Ethiopia as a country which "
            "recognises the importance of paying attention to questions concerning the root "
            "causes of migration and comprehensive migration policy.",
            "Members of the Khartoum Process and invited delegates discussed the state of play of "
            "the Khartoum Process, reiterating that the progress in the development of the "
            "Process is both structurally visible and measurable. The Process has thus provided "
            "a framework for the development of closer relationships between governments, "
            "facilitating the introduction of legislation and other measures by the partners. "
            "Also discussed were suggestions for the 2017 Work Plan of activities for the Process "
            "and the Joint Valletta Action Plan Report ahead of the Valletta SOM to be held in "
            "Malta in February 2017 where it will be presented.",
            "Finally, Italy proposed its candidature as the next chair of the Process as of 2018, "
            "following Ethiopia. This offer was formerly accepted and approved by the members of "
            "the Khartoum Process Steering Committee on the 15th December 2016.",
        ],
        "participants": [
            ("chair", "ET", "", ""),
            ("host", "ET", "", ""),
            (
                "opening-speaker",
                "ET",
                "Dr. Workneh Gebayehu",
                "Minister of Foreign Affairs of the Federal Democratic Republic of Ethiopia",
            ),
            ("delegate", "IT", "", ""),
        ],
        # "agreed upon next steps" without saying which: nothing to list as conclusions.
        "conclusions": [],
        "documents": [],
        "photos": None,
    },
    {
        "slug": "2017-02-malta-joint-valletta-action-plan-senior-officials-meeting",
        "title": "Joint Valletta Action Plan Senior Officials' Meeting",
        "type": "senior-officials-meeting",
        "ordinal": None,
        "start": D(2017, 2, 8),
        "end": D(2017, 2, 9),
        # The text says "in Malta" and names no city.
        "city": "",
        "host_country": "MT",
        "domains": [],
        "summary": (
            "African and European delegations took stock of the Joint Valletta Action Plan and "
            "adopted joint conclusions based on the recommendations of the Rabat Process and the "
            "Khartoum Process."
        ),
        "body": [
            "The Joint Valletta Action Plan Senior Officials' Meeting (SOM) which took place in "
            "Malta on 8-9 February 2017, embodied a spirit of cooperation and solidarity. The "
            "meeting gathered delegations from Africa and Europe to take stock of the progress "
            "made to date under the Joint Valetta Action Plan and led to the adoption of a set of "
            "joint conclusions, based on the recommendations of the Rabat Process and the "
            "Khartoum Process.",
        ],
        # "delegations from Africa and Europe": none is named.
        "participants": [],
        "conclusions": [
            (
                "decision",
                "",
                [
                    "The meeting adopted a set of joint conclusions, based on the recommendations "
                    "of the Rabat Process and the Khartoum Process.",
                ],
            ),
        ],
        # "Mapping documents Table 1 and 2" are two documents: two tables, each downloadable
        # and findable on its own. The text gives the documents' titles and nothing else: no
        # reference code, no date of issue or adoption. A document must have a date, so each
        # carries the first day of the meeting it belongs to; the others are left empty.
        "documents": [
            {
                "title": "Joint conclusions",
                "type": "joint-conclusions",
                "date": D(2017, 2, 8),
                "pages": 2,
                "files": [
                    ("en", "joint-conclusions.pdf", "Joint conclusions"),
                    ("fr", "conclusions-conjointes.pdf", "Conclusions conjointes"),
                ],
            },
            {
                "title": "Khartoum Process Analysis Report",
                "type": "analysis-report",
                "date": D(2017, 2, 8),
                "pages": 3,
                "files": [("en", "khartoum-process-analysis-report.pdf", None)],
            },
            {
                "title": "Rabat Process Analysis Report",
                "type": "analysis-report",
                "date": D(2017, 2, 8),
                "pages": 3,
                "files": [("en", "rabat-process-analysis-report.pdf", None)],
            },
            {
                "title": "Mapping document, Table 1",
                "type": "mapping-document",
                "date": D(2017, 2, 8),
                "pages": 1,
                "files": [("en", "mapping-document-table-1.pdf", None)],
            },
            {
                "title": "Mapping document, Table 2",
                "type": "mapping-document",
                "date": D(2017, 2, 8),
                "pages": 1,
                "files": [("en", "mapping-document-table-2.pdf", None)],
            },
            {
                "title": "Final Programme",
                "type": "programme",
                "date": D(2017, 2, 8),
                "pages": 1,
                "files": [("en", "final-programme.pdf", None)],
            },
        ],
        "photos": None,
    },
    {
        "slug": "2017-04-addis-ababa-senior-officials-meeting",
        "title": "Senior Officials Meeting",
        "type": "senior-officials-meeting",
        "ordinal": None,
        "start": D(2017, 4, 6),
        "end": D(2017, 4, 6),
        "city": "Addis Ababa",
        "host_country": "ET",
        "domains": [],
        "summary": (
            "Senior officials discussed the implementation of the Khartoum Process work plan for "
            "2017 and made the Process's contribution to the Global Compact a key objective for "
            "the year."
        ),
        "body": [
            "Ethiopia hosted the Senior Officials Meeting of the Khartoum Process in Addis Ababa "
            "on 6 April 2017 which was dedicated to a discussion of the implementation of the "
            "Khartoum Process work plan for the year 2017. The Meeting was opened by a welcoming "
            "address of the Chair of the Khartoum Process, the European Commission and the "
            "African Union Commission, who all underlined the importance of the focus on the "
            "implementation.",
            "As an introduction to the meeting and context, the Regional Mixed Migration "
            "Secretariat (RMMS) updated the participants on the migratory trends and flows from "
            "and within the region, with a specific focus on generic and new trends as well as "
            "responses to these, their impact and the resulting policy challenges.",
            "Given the short time span between the two SOMs (December 2016 – April 2017), the "
            "main update concerned the 2017 Joint Valletta Action Plan Senior Officials Meeting. "
            "Special attention was dedicated to the presentation of the long term monitoring and "
            "reporting tool elaborated by ICMPD to ensure a throughout circulation of the "
            "information on the methods of populating the database by the members, with the "
            "active assistance of the focal points.",
            "Thereafter, discussions moved to the timeline of activities and meetings for the "
            "year 2017 namely thematic meetings, trainings with the aim of operationalising key "
            "thematic meeting topics from 2016 as well as the possibility of another informal "
            "working group and finally a Senior Officials Meeting leading up to the handover of "
            "the Ethiopian Chairmanship of the Process at the end of this year into 2018.",
            "On projects and activities, the EU Trust Fund was presented with an update on "
            "funding figures and Member States also updated the attendees on national "
            "initiatives and the state of play. More information on national initiatives being "
            "implemented will available on the website soon.",
            "Finally, upon an introduction by the Chair to the topic and followed by a "
            "presentation by IOM, Members of the Process agreed that contributions of the "
            "Khartoum Process to the UN Global Compact on Migrants (GCM) will be a key objective "
            "for this year leading up to the (GCM) meeting in Mexico in 2018.",
        ],
        # Ethiopia is the Chair of the Process in 2017 ("the Ethiopian Chairmanship"); the
        # Chair's welcoming address opened the meeting with those of the two Commissions.
        "participants": [
            ("chair", "ET", "", ""),
            ("host", "ET", "", ""),
            ("opening-speaker", "ET", "", ""),
            ("opening-speaker", "EC", "", ""),
            ("opening-speaker", "AUC", "", ""),
            ("presenter", "RMMS", "", ""),
            ("presenter", "ICMPD", "", ""),
            ("presenter", "EUTF", "", ""),
            ("presenter", "IOM", "", ""),
        ],
        "conclusions": [
            (
                "decision",
                "",
                [
                    "Members of the Process agreed that contributions of the Khartoum Process to "
                    "the UN Global Compact on Migrants (GCM) will be a key objective for this "
                    "year leading up to the (GCM) meeting in Mexico in 2018.",
                ],
            ),
        ],
        "documents": [],
        "photos": None,
    },
    {
        "slug": "2017-05-berlin-thematic-meeting",
        "title": "Thematic Meeting",
        "type": "thematic-meeting",
        # "its first thematic meeting on 2017": the first of the year, not an ordinal of the
        # series, so none is set. Nor is a thematic focus: the text does not name the theme.
        "ordinal": None,
        "start": D(2017, 5, 18),
        "end": D(2017, 5, 19),
        "city": "Berlin",
        "host_country": "DE",
        "domains": [],
        "summary": (
            "The Process's first thematic meeting of 2017, hosted by Germany, with experts from "
            "the region, UNHCR, IGAD and the World Bank; Uganda joined the Process."
        ),
        "body": [
            "The Khartoum Process held its first thematic meeting on 2017 in Berlin, hosted by "
            "Germany one of the Process' five (of ten) European Steering Commitee Members. The "
            "meeting, taking place on 18 and 19th May, was opened by Commissioner Grzeski and "
            "welcomed experts from across the region on the topics as well as key "
            "representatives and experts from the UNHCR, IGAD and the World Bank, amongst "
            "others. Uganda also joined the Process for the first time during its inception in "
            "the steps to obtaining membership of the Process. For the first time in the "
            "Process, the delegates were split into small groups of subtopics under the theme to "
            "brainstorm solutions to many of the challenges raised.",
        ],
        # The text does not say whom Commissioner Grzeski represented; the speaker is listed
        # with the host's delegation, which opened its own meeting. Uganda took part while
        # taking its first steps towards membership: an observer at this meeting.
        "participants": [
            ("host", "DE", "", ""),
            ("opening-speaker", "DE", "Grzeski", "Commissioner"),
            ("expert", "UNHCR", "", ""),
            ("expert", "IGAD", "", ""),
            ("expert", "WB", "", ""),
            ("observer", "UG", "", ""),
        ],
        # Word for word, curly quotes included: "communicated by the Chair".
        "conclusions": [
            (
                "key-observation",
                "the Chair",
                [
                    "Protection challenges are high. In many cases, they are not specific to "
                    "refugees but are more development and environmental challenges to refugees "
                    "and host societies alike.",
                    "In the future, we will have even more competition for resources due to the "
                    "demographic developments. What we need is the “whole of society” approach. "
                    "The key requirement is the political will. We need clarity on policy and "
                    "political framework.",
                    "We have discussed how durable solutions can be reached and could look like. "
                    "Key among them is the access to education and livelihood.",
                    "It became equally clear that donor interventions and the international "
                    "community at large have to always keep the interest of the host communities "
                    "in mind.",
                    "Several participants also mentioned that we need a stronger engagement of the "
                    "private sector.",
                ],
            ),
            (
                "next-step",
                "the Chair",
                [
                    "The issues are currently addressed via several global initiatives. We have to "
                    "create synergies between these.",
                    "The meeting has helped participants to learn more about what is really "
                    "needed. This was very useful for the identification of future priorities and "
                    "the existing gaps in project portfolios.",
                    "The “whole of society” approach is necessary; but it requires new thinking "
                    "both in the humanitarian and development community.",
                    "Finally, we have to continue our work on finding legal and orderly pathways.",
                ],
            ),
        ],
        "documents": [],
        "photos": None,
    },
]

# Demo translations, written for the demo by the project (the Process published the Berlin
# report in English only): French for the Berlin meeting and its conclusions and for the title
# of the Malta joint conclusions (whose French file is loaded above), Arabic for the Berlin
# meeting's title and summary. Each translated text says, at its end, that it is a demo
# translation, so that no visitor takes it for the Process's own. Keyed by meeting slug; a
# meeting's conclusions in their loading order.
DEMO_TRANSLATION_NOTE = {
    "fr": "(Traduction de démonstration.)",
    "ar": "(ترجمة تجريبية)",
}

MEETING_TRANSLATIONS = {
    "2017-05-berlin-thematic-meeting": {
        "title_fr": "Réunion thématique",
        "title_ar": "اجتماع موضوعي",
        "summary_fr": (
            "Première réunion thématique du Processus en 2017, accueillie par l'Allemagne, avec "
            "des experts de la région, du HCR, de l'IGAD et de la Banque mondiale\u00a0; "
            "l'Ouganda a rejoint le Processus. " + DEMO_TRANSLATION_NOTE["fr"]
        ),
        "summary_ar": (
            "أول اجتماع موضوعي للعملية في عام 2017، استضافته ألمانيا، بمشاركة خبراء من المنطقة "
            "ومن مفوضية الأمم المتحدة لشؤون اللاجئين والهيئة الحكومية الدولية المعنية بالتنمية "
            "(IGAD) والبنك الدولي؛ وانضمت أوغندا إلى العملية. " + DEMO_TRANSLATION_NOTE["ar"]
        ),
        "body_fr": [
            "Le Processus de Khartoum a tenu sa première réunion thématique de 2017 à Berlin, "
            "accueillie par l'Allemagne, l'un des cinq membres européens (sur dix) du comité de "
            "pilotage du Processus. La réunion, les 18 et 19 mai, a été ouverte par le "
            "commissaire Grzeski et a réuni des experts de toute la région ainsi que des "
            "représentants et des experts du HCR, de l'IGAD et de la Banque mondiale, entre "
            "autres. L'Ouganda a également rejoint le Processus pour la première fois, première "
            "étape vers son adhésion. Pour la première fois dans le Processus, les délégués ont "
            "été répartis en petits groupes par sous-thème pour chercher ensemble des solutions "
            "aux nombreux défis soulevés.",
            DEMO_TRANSLATION_NOTE["fr"],
        ],
        "conclusions_fr": [
            "Les défis en matière de protection sont importants. Dans bien des cas, ils ne sont "
            "pas propres aux réfugiés\u00a0: ce sont plutôt des défis de développement et "
            "d'environnement, pour les réfugiés comme pour les sociétés d'accueil.",
            "À l'avenir, la concurrence pour les ressources sera plus forte encore du fait de "
            "l'évolution démographique. Il nous faut une approche «\u00a0mobilisant "
            "l'ensemble de la société\u00a0». La condition essentielle est la volonté "
            "politique. Nous avons besoin de clarté sur les politiques et sur le cadre "
            "politique.",
            "Nous avons examiné comment parvenir à des solutions durables et à quoi elles "
            "pourraient ressembler. L'accès à l'éducation et aux moyens de subsistance en est "
            "un élément essentiel.",
            "Il est aussi apparu clairement que les interventions des donateurs et la "
            "communauté internationale dans son ensemble doivent toujours tenir compte des "
            "intérêts des communautés d'accueil.",
            "Plusieurs participants ont également souligné la nécessité d'un engagement plus "
            "fort du secteur privé.",
            "Ces questions sont aujourd'hui traitées par plusieurs initiatives mondiales. Nous "
            "devons créer des synergies entre elles.",
            "La réunion a aidé les participants à mieux comprendre les besoins réels. Ce fut "
            "très utile pour définir les priorités futures et repérer les lacunes des "
            "portefeuilles de projets.",
            "L'approche «\u00a0mobilisant l'ensemble de la société\u00a0» est "
            "nécessaire\u00a0; mais elle exige une façon de penser nouvelle, dans les milieux "
            "humanitaires comme dans ceux du développement.",
            "Enfin, nous devons poursuivre nos travaux pour trouver des voies légales et "
            "ordonnées. " + DEMO_TRANSLATION_NOTE["fr"],
        ],
    },
}

# (meeting slug, document title): its translations.
DOCUMENT_TRANSLATIONS = {
    ("2017-02-malta-joint-valletta-action-plan-senior-officials-meeting", "Joint conclusions"): {
        "title_fr": "Conclusions conjointes",
    },
}
