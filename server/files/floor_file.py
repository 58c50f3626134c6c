"""The floor as a file: ``passline floor export`` writes it, ``passline floor import`` reads it.

    {"areas": [{"id": "hall", "name": "Main hall",
                "tables": [{"id": "hall-1", "name": "H1", "seats": 4}, ...]}, ...]}

Ids are optional: an area's or table's id is derived from its name, so a file written by hand
imports the same way twice. Import is a plan first (``plan``: what would be added, changed,
left as it is, and what the restaurant has that the file does not, which is kept), then applied
in one commit through the store's write path, so open screens update live. A file with errors
changes nothing, and every error is reported with its JSON path.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from domain import payloads
from domain.errors import DomainError
from domain.schema import Field, Int, List, Obj, Str, validate

TABLE = Obj({"id": Field(payloads.ID, required=False, default=""), "name": Field(Str(60, 1)),
             "seats": Field(Int(0, 100))})  # fmt: skip
AREA = Obj({"id": Field(payloads.ID, required=False, default=""), "name": Field(Str(60, 1)),
            "tables": Field(List(Obj(open=True), 500), required=False, default=[])})  # fmt: skip
MAX_AREAS = 100
FLOOR_FILE = Obj(
    {"areas": Field(List(Obj({**AREA.fields, "tables": Field(List(TABLE, 500), required=False,
                                                              default=[])}), MAX_AREAS))},
    description="Areas and their tables; positions follow the order of the lists.",
)  # fmt: skip


@dataclass
class Plan:
    areas: list[dict] = field(default_factory=list)  # every area of the file, as stored
    tables: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # "table H1 (hall-1)"
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # in the restaurant, not in the file

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.changed)


class FileErrors(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def describe(exc: DomainError, where: str) -> str:
    """An error as a line of the report: its path first, once."""
    path = exc.field or where
    return exc.message if exc.message.startswith(path) else f"{path}: {exc.message}"


def valid(spec: Obj, raw: object, where: str, errors: list[str]) -> dict | None:
    """``raw`` checked against ``spec``, or None with the error added to ``errors``."""
    try:
        return validate(spec, raw, where)
    except DomainError as exc:
        errors.append(describe(exc, where))
        return None


def load_document(text: str, key: str, what: str) -> dict:
    """A file's JSON: an object holding the list ``key``, or FileErrors saying where not."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise FileErrors([f"line {exc.lineno}: not valid JSON ({exc.msg})"]) from None  # type: ignore[attr-defined]
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise FileErrors([f"$: a {what} file is an object with a list '{key}'"])
    return document


def slug(name: str) -> str:
    """An id from a name: ``Main hall`` -> ``main-hall``, ``Köşe`` -> ``kose``."""
    plain = unicodedata.normalize("NFKD", name.replace("ı", "i")).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", plain.decode().lower()).strip("-")[:64] or "x"


def parse(text: str) -> list[dict]:
    """The file's areas with their tables, ids filled in; FileErrors lists every problem."""
    document = load_document(text, "areas", "floor")
    errors: list[str] = []
    areas: list[dict] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(document["areas"][:MAX_AREAS]):
        where = f"$.areas[{i}]"
        area = valid(AREA, raw, where, errors)
        if area is None:
            continue
        area["id"] = area["id"] or slug(area["name"])
        tables = []
        for j, raw_table in enumerate(area["tables"]):
            at = f"{where}.tables[{j}]"
            table = valid(TABLE, raw_table, at, errors)
            if table is None:
                continue
            table["id"] = table["id"] or f"{area['id']}-{slug(table['name'])}"
            if table["id"] in seen:
                errors.append(f"{at}: table id {table['id']!r} is also {seen[table['id']]}")
            seen[table["id"]] = at
            tables.append(table)
        areas.append({**area, "tables": tables})
    if len(document["areas"]) > MAX_AREAS:
        errors.append(f"$.areas: at most {MAX_AREAS} areas")
    if errors:
        raise FileErrors(errors)
    return areas


def plan(current: dict, areas: list[dict]) -> Plan:
    """What importing ``areas`` into a restaurant whose floor is ``current`` would do."""
    have_areas = {a["id"]: a for a in current["areas"]}
    have_tables = {t["id"]: t for t in current["tables"]}
    out = Plan()
    position = 0
    for a_pos, area in enumerate(areas):
        stored = {"id": area["id"], "name": area["name"], "position": a_pos}
        out.areas.append(stored)
        _note(out, f"area {area['name']} ({area['id']})", have_areas.get(area["id"]), stored)
        for table in area["tables"]:
            position += 1
            row = {"id": table["id"], "name": table["name"], "area_id": area["id"],
                   "seats": table["seats"], "position": position}  # fmt: skip
            out.tables.append(row)
            _note(out, f"table {table['name']} ({table['id']})", have_tables.get(row["id"]), row)
    named = {t["id"] for t in out.tables}
    out.kept = [f"table {t['name']} ({t['id']})" for t in current["tables"] if t["id"] not in named]
    return out


def _note(out: Plan, label: str, before: dict | None, after: dict) -> None:
    if before is None:
        out.added.append(label)
    elif any(before.get(k) != v for k, v in after.items()):
        out.changed.append(label)


def export(floor: dict) -> dict:
    """The restaurant's floor as a file ``parse`` reads back to the same floor."""
    by_area: dict[str, list[dict]] = {a["id"]: [] for a in floor["areas"]}
    for table in sorted(floor["tables"], key=lambda t: (t.get("position", 0), t["id"])):
        by_area.setdefault(table["area_id"], []).append(
            {"id": table["id"], "name": table["name"], "seats": table["seats"]}
        )
    ordered = sorted(floor["areas"], key=lambda a: (a["position"], a["id"]))
    return {
        "areas": [{"id": a["id"], "name": a["name"], "tables": by_area[a["id"]]} for a in ordered]
    }
