"""The manager screen's decisions, without a browser."""

from __future__ import annotations

from screens.manage import edits

NOW = "2026-12-02T12:00:00Z"


def test_moving_a_row_renumbers_only_what_changes_and_parts_equal_positions():
    rows = [{"id": "a", "position": 0}, {"id": "b", "position": 0}, {"id": "c", "position": 30}]
    assert edits.reorder(rows, "c", -1) == [("a", 10), ("c", 20), ("b", 30)]
    assert edits.reorder(rows, "a", -1) == []  # already first
    assert edits.reorder(rows, "missing", 1) == []
    ordered = [{"id": "a", "position": 10}, {"id": "b", "position": 20}]
    assert edits.reorder(ordered, "a", 1) == [("b", 10), ("a", 20)]


def test_new_ids_come_from_names_and_never_collide():
    assert edits.new_id("Çay & simit", set()) == "cay-simit"
    assert edits.new_id("Çay & simit", {"cay-simit", "cay-simit-2"}) == "cay-simit-3"
    assert edits.new_id("!!!", set()) == "row"


def test_a_form_gets_its_problems_by_field():
    form = {"item_id": "x", "name": "", "price": 100, "category_id": "c"}
    assert list(edits.problems("save_item", form)) == ["name"]
    group = {"id": "g", "name": "Size", "min": 3, "max": 3,
             "options": [{"id": "s", "name": "S", "price_delta": 0}]}  # fmt: skip
    bad = edits.problems("save_item", {**form, "name": "Tea", "modifiers": [group]})
    assert (
        list(bad) == ["modifiers[0]"] and "min is above its number" in bad["modifiers[0]"].message
    )
    assert edits.problems("save_item", {**form, "name": "Tea"}) == {}
    assert edits.field_of(".modifiers[2].options[0].name") == "modifiers[2]"


def test_a_busy_table_is_refused_before_it_is_queued():
    floor = {"seq": 0, "areas": {"a": {"id": "a", "name": "A", "position": 0}},
             "tables": {"t": {"id": "t", "name": "T1", "area_id": "a", "seats": 2,
                              "status": "seated"}}, "orders": {}}  # fmt: skip
    refused = edits.refusal("remove_table", {"table_id": "t"}, floor, NOW)
    assert refused["table_id"].code == "table_in_use"
    assert (
        edits.refusal("remove_area", {"area_id": "a"}, floor, NOW)["area_id"].code
        == "area_not_empty"
    )


def test_the_rules_form_reads_as_people_write_and_names_the_field_at_fault():
    data, problems = edits.rules_data(
        "added", "12,5", "Cash, card, Meal voucher", "15", "Spilled\n\n  Guest left  \n", NOW,
        " 10 ",
    )  # fmt: skip
    assert problems == {}
    assert data == {"tax_mode": "added", "service_bp": 1250, "discount_approval_bp": 1500,
                    "payment_methods": ["cash", "card", "meal-voucher"],
                    "reasons": ["Spilled", "Guest left"], "lock_after_min": 10}  # fmt: skip
    for lock in ("ten", "-1", "241"):
        _, idle = edits.rules_data("included", "10", "cash", "10", "x", NOW, lock)
        assert set(idle) == {"lock_after_min"}, lock
    _, bad = edits.rules_data("included", "45", "cash", "10", "x", NOW)
    assert set(bad) == {"service_bp"}
    _, twice = edits.rules_data("included", "10", "cash, cash", "10", "x", NOW)
    assert set(twice) == {"payment_methods"}
    _, none = edits.rules_data("included", "10", "", "10", "", NOW)
    assert set(none) == {"payment_methods"}
