"""Schemathesis hooks for the suite (``SCHEMATHESIS_HOOKS=tests.support.schemathesis_hooks``
for the ``st`` command line; imported by ``tests/server/http/test_fuzz_api.py``)."""

from __future__ import annotations

import schemathesis
from schemathesis import checks

# Rules no JSON Schema can say, each refused with its own code (documented with the operation):
# a PIN too weak for the job it is for (one digit repeated, too short for a manager), a picture
# that does not decode, a drawer's notes that do not add up to the total typed or name one
# denomination twice, an order to eat in without its table, an item without the choice it needs,
# a phone number with fewer than six digits, an item's option groups that contradict themselves
# (an option id twice, a minimum above the maximum).
BUSINESS_RULES = frozenset({"weak_pin", "invalid_image", "count_mismatch", "reason_required",
                            "not_enough_cash", "duplicate_denomination", "table_required",
                            "modifier_required", "invalid_phone", "invalid_options"})  # fmt: skip


@schemathesis.check
def schema_valid_accepted(ctx, response, case) -> bool | None:
    """Schemathesis' "valid data accepted", but for a refusal by a named business rule."""
    if response.status_code == 422:
        try:
            code = response.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = ""
        if code in BUSINESS_RULES:
            return None
    return checks.positive_data_acceptance(ctx, response, case)
