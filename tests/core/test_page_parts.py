"""What an app above adds to a page of an app below: in the order registered, and only where it
has something to show."""

import pytest

from core import page_parts


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(page_parts, "PARTS", {})
    return page_parts


def test_parts_come_in_the_order_registered_and_only_in_their_place(registry):
    registry.register("page", registry.Part("a.html", lambda obj, request: {"n": obj}))
    registry.register(
        "page", registry.Part("fact.html", lambda obj, request: obj, place=registry.FACT)
    )
    registry.register("page", registry.Part("b.html", lambda obj, request: [obj]))

    sections = registry.shown("page", 7, None, registry.SECTION)
    assert [(part.template, part.data) for part in sections] == [
        ("a.html", {"n": 7}),
        ("b.html", [7]),
    ]
    facts = registry.shown("page", 7, None, registry.FACT)
    assert [(part.template, part.data) for part in facts] == [("fact.html", 7)]


def test_a_part_with_nothing_to_show_is_left_out(registry):
    registry.register("page", registry.Part("empty.html", lambda obj, request: None))
    registry.register("page", registry.Part("zero.html", lambda obj, request: 0))
    assert [part.template for part in registry.shown("page", 1, None, registry.SECTION)] == [
        "zero.html"
    ]
    assert registry.shown("another page", 1, None, registry.SECTION) == []
