"""Changes queued by an older page that a newer server must still know as the same change.

A field added to a mutation after devices were already queueing it gives the old change its
default when a newer server validates it: its fingerprint then differs from the one the older
server stored, and a resend (its answer lost) would be taken for a new change. Exactly once
across an upgrade: ``server.store`` also accepts the fingerprint of the data without them.
"""

from __future__ import annotations

from .payloads import OPS

# Optional fields added to each mutation after devices were already queueing it (issue 12);
# "lines[].hold" is a field of each line.
LATER_FIELDS: dict[str, tuple[str, ...]] = {
    "create_order": ("type", "customer", "guests", "adds_to", "lines[].hold"),
    "set_order_status": ("reason", "note", "approval"),
    "add_payment": ("lines", "drawer_id"),
    "save_settings": ("discount_approval_bp", "reasons", "lock_after_min"),
    "save_item": ("tax_bp", "station"),
}


def without_later_defaults(op: str, data: dict) -> dict:
    """``data`` as a page built before ``LATER_FIELDS`` would have sent it: those fields left
    out where they hold their default (a value set on purpose stays, and will not match)."""
    spec = OPS[op]
    out = dict(data)
    for name in LATER_FIELDS.get(op, ()):
        outer, _, inner = name.partition("[].")
        if inner:
            line_spec = spec.fields[outer].spec.item
            default = line_spec.fields[inner].default
            out[outer] = [
                {k: v for k, v in item.items() if not (k == inner and v == default)}
                for item in out.get(outer, [])
            ]
            continue
        field_ = spec.fields[name]
        default = field_.default() if callable(field_.default) else field_.default
        if out.get(name) == default:
            out.pop(name, None)
    return out
