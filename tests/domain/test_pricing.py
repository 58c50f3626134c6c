import pytest

from domain.errors import DomainError
from domain.payloads import ORDER_LINE
from domain.pricing import price_lines
from domain.schema import validate
from server.cli.demo import BURGER_EXTRAS, DONENESS, SIDE

BURGER = {"id": "burger", "name": "Burger", "price": 1390, "station": "grill",
          "modifiers": [DONENESS, BURGER_EXTRAS, SIDE]}  # fmt: skip
ITEMS = {"burger": BURGER, "tea": {"id": "tea", "name": "Tea", "price": 200, "modifiers": []}}


def line(item_id="burger", qty=1, modifiers=("medium", "fries"), note=""):
    return validate(
        ORDER_LINE, {"item_id": item_id, "qty": qty, "modifiers": list(modifiers), "note": note}
    )


def test_prices_lines_with_option_deltas_in_minor_units():
    priced, total = price_lines(
        [line(qty=2, modifiers=("rare", "fries", "bacon", "extra-cheese")), line("tea", 3, ())],
        ITEMS,
    )
    assert priced[0]["unit_price"] == 1390 + 200 + 150
    assert priced[0]["line_total"] == 2 * 1740
    assert priced[0]["station"] == "grill"
    assert [m["name"] for m in priced[0]["modifiers"]] == ["Rare", "Fries", "Bacon", "Extra cheese"]
    assert total == 3480 + 600


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (line("nope", 1, ()), "unknown_item"),
        (line(modifiers=("medium", "fries", "caviar")), "unknown_modifier"),
        (line(modifiers=("fries",)), "modifier_required"),
        (line(modifiers=("rare", "medium", "fries")), "too_many"),
        (line(modifiers=("rare", "fries", "fries")), "invalid_value"),
    ],
)
def test_rejects_lines_the_menu_cannot_make(bad, code):
    with pytest.raises(DomainError) as info:
        price_lines([line("tea", 1, ()), bad], ITEMS)
    assert info.value.code == code
    assert info.value.field.startswith("lines[1]")
