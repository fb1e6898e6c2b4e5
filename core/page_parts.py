"""What an app adds to the pages of an app below it.

A meeting's page is drawn by `meetings`, which cannot import the apps above it (the Process over
time, the follow-up of commitments). So each of those registers, from its AppConfig.ready(),
what it adds to the page: a fact among the key facts ("Chair of the Process"), or a section with
its own heading and place in "On this page". The page asks this registry, never the apps, as
the search asks the content apps what they index.
"""

from collections.abc import Callable
from dataclasses import dataclass

FACT = "fact"
SECTION = "section"


@dataclass(frozen=True)
class Part:
    # The template that draws it, given the page's object and `data`.
    template: str
    # (object, request) -> what the template needs, or None when there is nothing to add for
    # this object: the part is then left out, heading and all.
    data: Callable
    place: str = SECTION
    # A section's anchor and its line in "On this page".
    anchor: str = ""
    title: str = ""


@dataclass(frozen=True)
class Shown:
    part: Part
    data: object

    @property
    def template(self):
        return self.part.template

    @property
    def anchor(self):
        return self.part.anchor

    @property
    def title(self):
        return self.part.title


PARTS = {}


def register(page, part):
    """Add `part` to the pages named `page` ("meetings:detail"), after those added before."""
    PARTS.setdefault(page, []).append(part)


def shown(page, obj, request, place):
    """The parts of `page` in `place` that have something to show for `obj`."""
    found = []
    for part in PARTS.get(page, []):
        if part.place != place:
            continue
        data = part.data(obj, request)
        if data is not None:
            found.append(Shown(part, data))
    return found
