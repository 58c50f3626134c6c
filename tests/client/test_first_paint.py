"""When the screen's picture is taken for the next boot's first paint (``ui.first_paint``): after
a render, at most once a period, never while nothing changed; for the address it was taken at
and the bare address of the role's own screen; never one too big to keep."""

from __future__ import annotations

from ui.first_paint import MAX_CHARS, Keeper, addresses, record


def test_a_picture_is_taken_after_renders_at_most_once_a_period():
    keeper = Keeper(every_s=2.0)
    assert not keeper.due(0.0)  # nothing drawn yet
    keeper.rendered()
    assert keeper.due(0.0)
    keeper.saved(0.0)
    assert not keeper.due(5.0)  # nothing changed since
    keeper.rendered()
    assert not keeper.due(1.0) and keeper.due(2.0)
    keeper.saved(2.0)
    keeper.rendered()
    keeper.rendered()
    assert not keeper.due(3.9) and keeper.due(4.0)


def test_a_picture_answers_its_own_address_and_the_bare_one_of_the_roles_screen():
    assert addresses("#/kitchen", "kitchen", "kitchen") == ["#/kitchen", ""]
    assert addresses("", "kitchen", "kitchen") == [""]
    assert addresses("#/pass", "pass", "kitchen") == ["#/pass"]  # the bare address is not it
    assert addresses("#/floor/hall-2", "floor", "floor") == ["#/floor/hall-2", ""]


def test_a_picture_too_big_is_not_kept():
    kept = record("<p>x</p>", [""], "kiosk", "b1", "tr", "2026-12-02T10:00:00.000Z", "Passline",
                  "Başlıyor…")  # fmt: skip
    assert kept == {"v": 1, "html": "<p>x</p>", "hashes": [""], "screen": "kiosk", "build": "b1",
                    "lang": "tr", "at": "2026-12-02T10:00:00.000Z", "title": "Passline",
                    "note": "Başlıyor…"}  # fmt: skip
    assert record("x" * (MAX_CHARS + 1), [""], "kiosk", "b1", "tr", "", "") is None
