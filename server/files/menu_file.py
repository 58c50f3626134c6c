"""The menu as a file: ``passline menu export`` writes it, ``passline menu import`` reads it.

JSON, the whole menu (its JSON Schema is ``MenuFile`` in the OpenAPI document)::

    {"categories": [{"id": "mains", "name": "Mains", "station": "grill",
                     "items": [{"id": "burger", "name": "Burger", "price": 1450,
                                "description": "...", "modifiers": [...], "available": true,
                                "image": "photos/burger.jpg", "stock": 40, "stock_low_at": 5}]}]}

or CSV for the simple case, as a spreadsheet writes it: a header row
``category,name,price,station,description`` (the last two optional), prices as printed
(``12.50``), ``,`` or ``;`` between columns, UTF-8 with or without a BOM.

Positions follow the file's order. Ids are optional: derived from names, so a file written by
hand imports the same way twice. ``image`` is a picture file (a path relative to the menu file)
or a URL the server gave (as export writes it). A CSV row changes only what its columns say: an
item's options, picture and stock set on the manager screen stay. Items the file does not name
are kept. Import is a plan first, then one commit through the store's write path (one
``menu_updated``), so open screens update live; a file with errors changes nothing, and every
error comes with its line or JSON path.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from domain import money, payloads, spreadsheet
from domain.errors import DomainError
from domain.schema import Field, Int, List, Obj, Str, validate
from domain.stations import own_station

from ..store import images
from .floor_file import FileErrors, load_document, slug, valid
from .pictures import prepare

MAX_CATEGORIES = 200
MAX_ITEMS = 1_000  # per category
OPTIONAL_ID = Field(payloads.ID, required=False, default="")
OPTION = Obj({"id": OPTIONAL_ID, "name": Field(Str(60, 1)),
              "price_delta": Field(Int(-payloads.MAX_PRICE, payloads.MAX_PRICE))})  # fmt: skip
GROUP = Obj({**payloads.MODIFIER_GROUP.fields, "id": OPTIONAL_ID,
             "options": Field(List(OPTION, 30, 1))})  # fmt: skip
ITEM = Obj(
    {
        "id": OPTIONAL_ID,
        **{k: f for k, f in payloads.MENU_ITEM.fields.items()
           if k not in ("category_id", "position", "image")},
        "modifiers": Field(List(GROUP, 10), required=False, default=list),
        "image": Field(Str(300, description="A picture file, relative to this file, or a URL "
                                            "the server gave"), required=False, default=""),
    },
    description="Price in minor units (1250 = 12.50).",
)  # fmt: skip
CATEGORY_HEAD = Obj({"id": OPTIONAL_ID, **payloads.MENU_CATEGORY.fields})
CATEGORY = Obj(
    {**CATEGORY_HEAD.fields, "items": Field(List(ITEM, MAX_ITEMS), required=False, default=list)}
)
MENU_FILE = Obj(
    {"categories": Field(List(CATEGORY, MAX_CATEGORIES))},
    description="A whole menu; positions follow the order of the lists.",
)
CSV_COLUMNS = ("category", "name", "price", "station", "description")
CSV_REQUIRED = ("category", "name", "price")
DEFAULT_STATION = "kitchen"
# What a CSV row says about an item; the rest of a stored item is left as it is.
CSV_KEYS = frozenset({"name", "price", "category_id", "position", "station"})
ITEM_DEFAULTS = {"description": "", "modifiers": [], "available": True, "image": "",
                 "stock": None, "stock_low_at": 0, "tax_bp": 0, "station": ""}  # fmt: skip


@dataclass
class MenuDoc:
    """A parsed file: categories and items as stored (ids, positions), the pictures it brings,
    and which item keys it speaks for (a CSV does not speak for options or pictures)."""

    categories: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    pictures: list[images.Picture] = field(default_factory=list)
    keys: frozenset[str] | None = None  # None: the whole item
    derived: set[tuple[str, str]] = field(default_factory=set)  # ids made from names


@dataclass
class Plan:
    categories: list[dict] = field(default_factory=list)  # to write (new or changed)
    items: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # in the restaurant, not in the file

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.changed)


def parse(path: Path, restaurant: str, currency: str) -> MenuDoc:
    """Read a menu file (CSV by its name, else JSON); FileErrors lists every problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileErrors([f"byte {exc.start}: not UTF-8 (save the file as UTF-8)"]) from None
    if path.suffix.lower() == ".csv":
        return parse_csv(text, currency)
    return parse_json(text, restaurant, base=path.parent)


def parse_json(text: str, restaurant: str, base: Path | None = None) -> MenuDoc:
    document = load_document(text, "categories", "menu")
    errors: list[str] = []
    doc = MenuDoc()
    ids = _Ids(errors)
    pictures: dict[str, images.Picture] = {}
    raw_categories = document["categories"]
    if len(raw_categories) > MAX_CATEGORIES:
        errors.append(f"$.categories: at most {MAX_CATEGORIES} categories")
    for c_pos, raw in enumerate(raw_categories[:MAX_CATEGORIES]):
        where = f"$.categories[{c_pos}]"
        category = valid(CATEGORY_HEAD, raw, where, errors)
        if category is None:
            continue
        category["id"] = ids.assign("category", category, where, doc.derived)
        doc.categories.append({**category, "position": c_pos})
        raw_items = raw.get("items", [])
        if not isinstance(raw_items, list):
            errors.append(f"{where}.items: must be a list")
            continue
        if len(raw_items) > MAX_ITEMS:
            errors.append(f"{where}.items: at most {MAX_ITEMS} items in a category")
        for i_pos, raw_item in enumerate(raw_items[:MAX_ITEMS]):
            at = f"{where}.items[{i_pos}]"
            item = valid(ITEM, raw_item, at, errors)
            if item is None:
                continue
            item["id"] = ids.assign("item", item, at, doc.derived)
            item["modifiers"] = _group_ids(item["modifiers"])
            item["image"] = _picture(item["image"], restaurant, base, pictures, at, errors)
            doc.items.append({**item, "category_id": category["id"], "position": i_pos})
    if errors:
        raise FileErrors(errors)
    doc.pictures = list(pictures.values())
    return doc


def parse_csv(text: str, currency: str) -> MenuDoc:
    text = text.removeprefix(spreadsheet.BOM)  # Excel's, and our own export's
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise FileErrors(["line 1: the header row is missing (category,name,price,...)"])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    errors = [f"line 1: unknown column {h!r}; the columns are {', '.join(CSV_COLUMNS)}"
              for h in header if h not in CSV_COLUMNS]  # fmt: skip
    errors += [f"line 1: the column {c!r} is missing" for c in CSV_REQUIRED if c not in header]
    if errors:
        raise FileErrors(errors)
    doc = MenuDoc(keys=CSV_KEYS | ({"description"} if "description" in header else set()))
    ids = _Ids(errors)
    categories: dict[str, dict] = {}
    positions: dict[str, int] = {}
    for row in reader:
        where = f"line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            errors.append(f"{where}: {len(row)} columns, the header has {len(header)}")
            continue
        cells = dict(zip(header, (spreadsheet.read_cell(c.strip()) for c in row), strict=False))
        try:
            category = _csv_category(cells, where, categories, ids)
            price = money.parse_price(cells.get("price", ""), currency, "price")
            station = cells.get("station") or ""
            own = station if station != category["station"] else ""  # İskender on the grill
            item = validate(ITEM, {"name": cells.get("name", ""), "price": price, "station": own,
                                   "description": cells.get("description", "")}, "")  # fmt: skip
        except DomainError as exc:
            column = f" ({exc.field})" if exc.field else ""
            errors.append(f"{where}{column}: {exc.message}")
            continue
        item_id = ids.claim("item", slug(item["name"]), where)
        position = positions[category["id"]] = positions.get(category["id"], -1) + 1
        doc.items.append({**item, "id": item_id, "category_id": category["id"],
                          "position": position})  # fmt: skip
    if errors:
        raise FileErrors(errors)
    doc.categories = list(categories.values())
    doc.derived = {("category", c["id"]) for c in doc.categories}
    doc.derived |= {("item", i["id"]) for i in doc.items}
    return doc


def _csv_category(cells: dict, where: str, categories: dict[str, dict], ids: _Ids) -> dict:
    name = validate(Str(60, 1), cells.get("category", ""), "category")
    station = cells.get("station") or ""
    category = categories.get(name)
    if category is None:
        category = validate(CATEGORY_HEAD, {"name": name, "station": station or DEFAULT_STATION},
                            "")  # fmt: skip
        category["id"] = ids.claim("category", slug(name), where)
        category["position"] = len(categories)
        categories[name] = category
    return category


class _Ids:
    """Ids handed out so far: the same id twice is an error at the second place."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        self.seen: dict[tuple[str, str], str] = {}

    def assign(self, kind: str, row: dict, where: str, derived: set[tuple[str, str]]) -> str:
        """The row's id from the file, or made from its name (and noted in ``derived``)."""
        if not row["id"]:
            derived.add((kind, slug(row["name"])))
        return self.claim(kind, row["id"] or slug(row["name"]), where)

    def claim(self, kind: str, wanted: str, where: str) -> str:
        first = self.seen.setdefault((kind, wanted), where)
        if first != where:
            self.errors.append(f"{where}: {kind} id {wanted!r} is also at {first}")
        return wanted


def _group_ids(groups: list[dict]) -> list[dict]:
    out = []
    for group in groups:
        gid = group["id"] or slug(group["name"])
        options = [{**o, "id": o["id"] or f"{gid}-{slug(o['name'])}"} for o in group["options"]]
        out.append({**group, "id": gid, "options": options})
    return out


def _picture(
    value: str, restaurant: str, base: Path | None, pictures: dict[str, images.Picture],
    where: str, errors: list[str],
) -> str:  # fmt: skip
    if not value or value.startswith(images.URL_PREFIX):
        return value  # a stored picture's URL: checked against the database on import
    path = (base or Path.cwd()) / value
    try:
        raw = path.read_bytes()
        picture = prepare(raw)
    except OSError as exc:
        errors.append(f"{where}.image: cannot read {value!r} ({exc.strerror})")
        return ""
    except DomainError as exc:
        errors.append(f"{where}.image: {value!r}: {exc.message}")
        return ""
    pictures[picture.name] = picture
    return images.url(restaurant, picture.name)


def plan(current: dict, doc: MenuDoc) -> Plan:
    """What importing ``doc`` into a restaurant whose menu is ``current`` (``menu.read``) would
    write. A CSV row keeps what it has no column for."""
    have_categories = {c["id"]: c for c in current["categories"]}
    have_items = {i["id"]: _stored(i) for i in current["items"]}
    doc = _match_names(doc, have_categories, have_items)
    out = Plan()
    for category in doc.categories:
        before = have_categories.get(category["id"])
        label = f"category {category['name']} ({category['id']})"
        if _note(out, label, before, category, ("name", "station", "position")):
            out.categories.append(category)
    for item in doc.items:
        before = have_items.get(item["id"])
        if doc.keys is None:
            after = {**ITEM_DEFAULTS, **item}
        else:
            given = {k: v for k, v in item.items() if k in doc.keys or k == "id"}
            after = {**ITEM_DEFAULTS, **(before or {}), **given}
        label = f"item {item['name']} ({item['id']})"
        if _note(out, label, before, after, tuple(after)):
            out.items.append(after)
    named = {i["id"] for i in doc.items}
    out.kept = [f"item {i['name']} ({i['id']})" for i in current["items"] if i["id"] not in named]
    return out


def _match_names(doc: MenuDoc, categories: dict[str, dict], items: dict[str, dict]) -> MenuDoc:
    """An id made from a name that the restaurant does not have, where the restaurant has a
    row of that name under another id (set on the manager screen, or by an older file), is
    that row: a spreadsheet names things, and "Hummus" in it is the Hummus on the menu."""

    def by_name(rows: dict[str, dict]) -> dict[str, str]:
        return {row["name"].casefold(): row_id for row_id, row in rows.items()}

    def remap(kind: str, row: dict, rows: dict[str, dict], names: dict[str, str]) -> str:
        if (kind, row["id"]) not in doc.derived or row["id"] in rows:
            return row["id"]
        return names.get(row["name"].casefold(), row["id"])

    category_names, item_names = by_name(categories), by_name(items)
    moved = {c["id"]: remap("category", c, categories, category_names) for c in doc.categories}
    return MenuDoc(
        categories=[{**c, "id": moved[c["id"]]} for c in doc.categories],
        items=[{**i, "id": remap("item", i, items, item_names),
                "category_id": moved.get(i["category_id"], i["category_id"])}
               for i in doc.items],
        pictures=doc.pictures, keys=doc.keys, derived=doc.derived,
    )  # fmt: skip


def _stored(item: dict) -> dict:
    """An item as the menu shows it, back as stored: its own station, not the one it goes to."""
    kept = {k: v for k, v in item.items() if k not in ("station", "own_station", "version")}
    return {**kept, "station": own_station(item)}


def _note(out: Plan, label: str, before: dict | None, after: dict, keys: tuple) -> bool:
    if before is None:
        out.added.append(label)
        return True
    if any(before.get(k, ITEM_DEFAULTS.get(k)) != after.get(k) for k in keys):
        out.changed.append(label)
        return True
    out.unchanged += 1
    return False


def export(menu: dict) -> dict:
    """The restaurant's menu as a file ``parse_json`` reads back to the same menu. Values equal
    to their default are left out, so the file reads like one written by hand."""
    by_category: dict[str, list[dict]] = {c["id"]: [] for c in menu["categories"]}
    for item in sorted(menu["items"], key=lambda i: (i["position"], i["id"])):
        stored = _stored(item)
        entry = {"id": stored["id"], "name": stored["name"], "price": stored["price"]}
        for key, value in stored.items():
            skip = key in entry or key in ("category_id", "position")
            if not skip and ITEM_DEFAULTS.get(key, object()) != value:
                entry[key] = value
        by_category.setdefault(item["category_id"], []).append(entry)
    ordered = sorted(menu["categories"], key=lambda c: (c["position"], c["id"]))
    return {
        "categories": [
            {"id": c["id"], "name": c["name"], "station": c["station"],
             "items": by_category[c["id"]]}
            for c in ordered
        ]
    }  # fmt: skip


def export_csv(menu: dict, currency: str) -> tuple[str, int]:
    """The CSV form, and how many items have options, pictures or stock it cannot carry."""
    rows: list[list] = [list(CSV_COLUMNS)]
    richer = 0
    for category in export(menu)["categories"]:
        for item in category["items"]:
            rows.append([
                category["name"], item["name"], money.plain_price(item["price"], currency),
                item.get("station") or category["station"], item.get("description", ""),
            ])  # fmt: skip
            richer += any(k in item for k in ("modifiers", "image", "stock", "available", "tax_bp"))
    # With a BOM (Excel then reads it as UTF-8), but "," and "12.50" whatever the language:
    # this file is also what `menu import` reads.
    return spreadsheet.to_text(rows), richer
