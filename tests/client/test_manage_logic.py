"""The manager screen's decisions, without a browser."""

from __future__ import annotations

from screens.manage import logic


def test_moving_a_row_renumbers_only_what_changes_and_parts_equal_positions():
    rows = [{"id": "a", "position": 0}, {"id": "b", "position": 0}, {"id": "c", "position": 30}]
    assert logic.reorder(rows, "c", -1) == [("a", 10), ("c", 20), ("b", 30)]
    assert logic.reorder(rows, "a", -1) == []  # already first
    assert logic.reorder(rows, "missing", 1) == []
    ordered = [{"id": "a", "position": 10}, {"id": "b", "position": 20}]
    assert logic.reorder(ordered, "a", 1) == [("b", 10), ("a", 20)]


def test_new_ids_come_from_names_and_never_collide():
    assert logic.new_id("Çay & simit", set()) == "cay-simit"
    assert logic.new_id("Çay & simit", {"cay-simit", "cay-simit-2"}) == "cay-simit-3"
    assert logic.new_id("!!!", set()) == "row"


def test_a_form_gets_its_problems_by_field():
    form = {"item_id": "x", "name": "", "price": 100, "category_id": "c"}
    assert list(logic.problems("save_item", form)) == ["name"]
    group = {"id": "g", "name": "Size", "min": 3, "max": 3,
             "options": [{"id": "s", "name": "S", "price_delta": 0}]}  # fmt: skip
    bad = logic.problems("save_item", {**form, "name": "Tea", "modifiers": [group]})
    assert (
        list(bad) == ["modifiers[0]"] and "min is above its number" in bad["modifiers[0]"].message
    )
    assert logic.problems("save_item", {**form, "name": "Tea"}) == {}
    assert logic.field_of(".modifiers[2].options[0].name") == "modifiers[2]"


def test_a_busy_table_is_refused_before_it_is_queued():
    floor = {"seq": 0, "areas": {"a": {"id": "a", "name": "A", "position": 0}},
             "tables": {"t": {"id": "t", "name": "T1", "area_id": "a", "seats": 2,
                              "status": "seated"}}, "orders": {}}  # fmt: skip
    refused = logic.refusal("remove_table", {"table_id": "t"}, floor)
    assert refused["table_id"].code == "table_in_use"
    assert logic.refusal("remove_area", {"area_id": "a"}, floor)["area_id"].code == "area_not_empty"


def test_the_chart_spans_the_busy_hours_scaled_to_the_busiest():
    by_hour = [{"hour": h, "orders": {12: 4, 13: 8, 15: 2}.get(h, 0)} for h in range(24)]
    bars = logic.bars(by_hour, "orders", 600, 100)
    assert [b.hour for b in bars] == [12, 13, 14, 15]
    assert [b.height for b in bars] == [50, 100, 0, 25]
    assert all(b.y + b.height == 100 for b in bars)
    assert logic.bars([{"hour": h, "orders": 0} for h in range(24)], "orders", 600, 100) == []


def test_the_rules_form_reads_as_people_write_and_names_the_field_at_fault():
    data, problems = logic.rules_data(
        "added", "12,5", "Cash, card, Meal voucher", "15", "Spilled\n\n  Guest left  \n"
    )
    assert problems == {}
    assert data == {"tax_mode": "added", "service_bp": 1250, "discount_approval_bp": 1500,
                    "payment_methods": ["cash", "card", "meal-voucher"],
                    "reasons": ["Spilled", "Guest left"]}  # fmt: skip
    _, bad = logic.rules_data("included", "45", "cash", "10", "x")
    assert set(bad) == {"service_bp"}
    _, twice = logic.rules_data("included", "10", "cash, cash", "10", "x")
    assert set(twice) == {"payment_methods"}
    _, none = logic.rules_data("included", "10", "", "10", "")
    assert set(none) == {"payment_methods"}
