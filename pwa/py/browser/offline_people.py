"""Who may sign in on this paired device while the server is away: the people who signed in on
it online in the last day.

Each online sign-in of a person brings an offline ticket (``/login``): shown to the server when
it is back, it signs that person in here again (``/resume``). The device keeps the ticket sealed
with a key derived from the person's PIN: WebCrypto's PBKDF2-SHA-256 (``ROUNDS``) over the PIN
and this device's own salt, then AES-GCM. Offline, the PIN pad's PIN opens the one ticket it
sealed, or none: a wrong PIN opens nothing and shows nothing. The README's threat model says
what a stolen phone's store gives. Nothing here is kept past ``KEEP_S`` or a sign-out.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime, timedelta

import js
from pyodide.ffi import JsException, to_js

from browser.idb import Database

KEY = "offline_people"  # {"salt": b64, "people": {person id: sealed entry}}
RESUME_KEY = "resume_ticket"  # the ticket a PIN opened offline, until the server takes it
ROUNDS = 600_000  # OWASP's figure for PBKDF2-SHA-256 (2023): a second or so on a cheap phone
KEEP_S = 24 * 3600  # the server's ticket lives a day; its seal no longer
MOST = 30  # people kept per device, the most recent


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _bytes(value: str):
    return to_js(base64.b64decode(value))


def _obj(value: dict):
    return to_js(value, dict_converter=js.Object.fromEntries)


async def _key(pin: str, salt: bytes):
    subtle = js.crypto.subtle
    base = await subtle.importKey("raw", to_js(pin.encode()), "PBKDF2", False,
                                  to_js(["deriveKey"]))  # fmt: skip
    params = _obj({"name": "PBKDF2", "salt": to_js(salt), "iterations": ROUNDS,
                   "hash": "SHA-256"})  # fmt: skip
    return await subtle.deriveKey(params, base, _obj({"name": "AES-GCM", "length": 256}), False,
                                  to_js(["encrypt", "decrypt"]))  # fmt: skip


async def remember(db: Database, pin: str, person_id: str, entry: dict) -> None:
    """Seal ``entry`` (the ticket, who it is, what they may do) with ``pin``."""
    kept = await db.get(KEY) or {}
    salt = base64.b64decode(kept["salt"]) if kept.get("salt") else secrets.token_bytes(16)
    iv = secrets.token_bytes(12)
    key = await _key(pin, salt)
    plain = to_js(json.dumps(entry).encode())
    sealed = await js.crypto.subtle.encrypt(_obj({"name": "AES-GCM", "iv": to_js(iv)}), key,
                                            plain)  # fmt: skip
    until = (datetime.now(UTC) + timedelta(seconds=KEEP_S)).isoformat()
    people = {k: v for k, v in (kept.get("people") or {}).items() if v["until"] > _now()}
    people[person_id] = {"iv": _b64(iv), "sealed": _b64(js.Uint8Array.new(sealed).to_bytes()),
                         "until": until}  # fmt: skip
    newest = dict(sorted(people.items(), key=lambda kv: kv[1]["until"])[-MOST:])
    await db.write(kv={KEY: {"salt": _b64(salt), "people": newest}})


async def open_with(db: Database, pin: str) -> dict | None:
    """The entry ``pin`` sealed on this device in the last day, or None."""
    kept = await db.get(KEY) or {}
    people = [p for p in (kept.get("people") or {}).values() if p["until"] > _now()]
    if not people or not kept.get("salt"):
        return None
    key = await _key(pin, base64.b64decode(kept["salt"]))  # one derivation for everyone
    for person in people:
        try:
            plain = await js.crypto.subtle.decrypt(
                _obj({"name": "AES-GCM", "iv": _bytes(person["iv"])}), key,
                _bytes(person["sealed"]))  # fmt: skip
        except JsException:  # not this person's PIN
            continue
        return json.loads(js.Uint8Array.new(plain).to_bytes())
    return None


def _now() -> str:
    return datetime.now(UTC).isoformat()
