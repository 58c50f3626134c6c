"""What a role's PIN may be: long enough that guessing it takes days under the sign-in limits,
short enough to type at the pass. One rule for the CLI, the API and the manager's screen."""

from __future__ import annotations

from .errors import DomainError

STAFF_DIGITS = (4, 8)
MANAGER_DIGITS = (6, 12)  # the manager's PIN opens every screen and the setup


def digits_for(role: str) -> tuple[int, int]:
    return MANAGER_DIGITS if role == "manager" else STAFF_DIGITS


def check(role: str, pin: str) -> None:
    """Raise ``weak_pin`` unless ``pin`` is digits only, of the length ``role`` needs."""
    low, high = digits_for(role)
    if not (pin.isascii() and pin.isdigit()) or not low <= len(pin) <= high:
        raise DomainError("weak_pin", f"a {role} PIN is {low} to {high} digits", field="pin")
    if len(set(pin)) == 1:
        raise DomainError("weak_pin", "a PIN of one digit repeated is the first one guessed",
                          field="pin")  # fmt: skip
