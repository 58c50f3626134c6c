import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import payloads, schema
from domain.errors import DomainError
from domain.schema import Field, Int, List, Obj, Str, json_schema, validate


def rejects(spec, value) -> str:
    with pytest.raises(DomainError) as info:
        validate(spec, value)
    return info.value.code


def test_fills_defaults_and_drops_unknown_keys():
    line = validate(payloads.ORDER_LINE, {"item_id": "x", "qty": 2, "later_field": 1})
    assert line == {"item_id": "x", "qty": 2, "modifiers": [], "note": "", "hold": False}


@pytest.mark.parametrize(
    ("value", "code", "field"),
    [
        ({"qty": 1}, "missing_field", "item_id"),
        ({"item_id": "x", "qty": 0}, "out_of_range", "qty"),
        ({"item_id": "x", "qty": 100}, "out_of_range", "qty"),
        ({"item_id": "x", "qty": True}, "wrong_type", "qty"),
        ({"item_id": "x", "qty": 1.5}, "wrong_type", "qty"),
        ({"item_id": "x", "qty": "1"}, "wrong_type", "qty"),
        ({"item_id": "", "qty": 1}, "too_short", "item_id"),
        ({"item_id": "a b", "qty": 1}, "invalid_value", "item_id"),
        ({"item_id": "x", "qty": 1, "note": "n" * 201}, "too_long", "note"),
        ({"item_id": "x", "qty": 1, "modifiers": "cheese"}, "wrong_type", "modifiers"),
        ({"item_id": "x", "qty": 1, "modifiers": ["ok", 3]}, "wrong_type", "modifiers[1]"),
        ({"item_id": None, "qty": 1}, "wrong_type", "item_id"),
        ([], "wrong_type", None),
    ],
)
def test_order_line_errors_name_the_field(value, code, field):
    with pytest.raises(DomainError) as info:
        validate(payloads.ORDER_LINE, value)
    assert (info.value.code, info.value.field) == (code, field)


def test_line_count_is_capped():
    lines = [{"item_id": "x", "qty": 1}] * (payloads.MAX_LINES + 1)
    assert rejects(payloads.CREATE_ORDER, {"lines": lines}) == "too_many"
    assert rejects(payloads.CREATE_ORDER, {"lines": []}) == "too_few"


def test_nullable_field_accepts_null_only_when_declared():
    order = validate(
        payloads.CREATE_ORDER, {"table_id": None, "lines": [{"item_id": "x", "qty": 1}]}
    )
    assert order["table_id"] is None
    assert (
        rejects(payloads.CREATE_ORDER, {"lines": [{"item_id": "x", "qty": 1}], "note": None})
        == "wrong_type"
    )


SPECS = [payloads.CREATE_ORDER, payloads.SET_ORDER_STATUS, payloads.LOGIN, payloads.MENU_ITEM]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-200, 200) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def near_valid(spec):
    """Values shaped like ``spec`` with random mistakes, so both branches get exercised."""
    if isinstance(spec, Str):
        choices = [*(spec.choices or ()), "x", "ok-id", "", "a b", "9" * 5]
        return st.sampled_from(choices) | json_values
    if isinstance(spec, Int):
        return st.integers(spec.minimum - 2, min(spec.maximum + 2, spec.minimum + 50)) | json_values
    if isinstance(spec, List):
        return st.lists(near_valid(spec.item), max_size=3) | json_values
    if isinstance(spec, Obj):
        return (
            st.fixed_dictionaries(
                {}, optional={k: near_valid(f.spec) | st.none() for k, f in spec.fields.items()}
            )
            | json_values
        )
    return json_values


@pytest.mark.parametrize("spec", SPECS, ids=["create_order", "set_status", "login", "menu_item"])
@given(data=st.data())
def test_validate_agrees_with_the_json_schema_it_publishes(spec, data):
    value = data.draw(near_valid(spec))
    document = json_schema(spec)
    try:
        validate(spec, value)
        accepted = True
    except DomainError:
        accepted = False
    schema_ok = jsonschema.Draft202012Validator(document).is_valid(value)
    assert accepted == schema_ok, (value, document)


def test_json_schema_of_nested_spec():
    spec = Obj({"a": Field(List(Int(0, 5), 2)), "b": Field(Str(3), required=False, nullable=True)})
    assert json_schema(spec) == {
        "type": "object",
        "properties": {
            "a": {
                "type": "array",
                "items": {"type": "integer", "minimum": 0, "maximum": 5},
                "maxItems": 2,
            },
            "b": {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]},
        },
        "required": ["a"],
    }


# -- text as it may be stored and shown --------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("no onion", "no onion"),
        ("acı olsun, çok güzel", "acı olsun, çok güzel"),  # Turkish stays
        ("👨\u200d👩\u200d👧 birthday 🎂", "👨\u200d👩\u200d👧 birthday 🎂"),  # a ZWJ family stays
        ("\u202eenoino on\u202c", "enoino on"),  # a right-to-left override goes
        ("table \u20661\u2069", "table 1"),  # isolates go
        ("zero\u200bwidth\ufeff", "zerowidth"),  # invisible spaces and BOMs go
        ("lone \ud800 half", "lone  half"),  # a lone surrogate goes
        ("bell\x07 and\r\nnewline\tand tab", "bell and\nnewline\tand tab"),  # controls but \n \t
        ("cafe\u0301", "café"),  # NFC: the same word is the same text
    ],
)
def test_text_is_cleaned_before_it_is_checked_and_stored(sent, stored):
    assert schema.validate(schema.Str(100), sent) == stored


def test_a_cleaned_text_is_measured_after_cleaning():
    assert schema.validate(schema.Str(3), "\u202eabc") == "abc"
