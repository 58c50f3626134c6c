"""The menu as a file (JSON and CSV): parse (every error with its line or JSON path), plan (what
changes, what a CSV row leaves alone), export (reads back to the same menu), its pictures'
files and the picture API. The command that imports it: ``tests/server/cli/test_menu.py``."""

from __future__ import annotations

import csv
import io
import json

import pytest
import requests
from PIL import Image

from server.files import menu_file, pictures
from server.store import images
from tests.support.client import Rest, login
from tests.support.menu_files import write_menu
from tests.support.photos import photo

# -- parsing -----------------------------------------------------------------------------


def test_json_ids_come_from_names_and_pictures_from_files(tmp_path):
    doc = menu_file.parse(write_menu(tmp_path), "cafe", "TRY")
    assert [c["id"] for c in doc.categories] == ["kahvalti", "drinks"]
    assert [c["position"] for c in doc.categories] == [0, 1]
    assert [(i["id"], i["category_id"], i["position"]) for i in doc.items] == [
        ("menemen", "kahvalti", 0), ("simit", "kahvalti", 1), ("cay", "drinks", 0)]  # fmt: skip
    bread = doc.items[0]["modifiers"][0]
    assert bread["id"] == "bread" and [o["id"] for o in bread["options"]] == [
        "bread-simit", "bread-pide"]  # fmt: skip
    assert doc.items[0]["image"] == images.url("cafe", doc.pictures[0].name)
    assert doc.items[0]["stock"] == 12 and doc.items[1]["available"] is False


def test_every_json_error_is_reported_with_its_path(tmp_path):
    bad = {"categories": [
        {"name": "Mains", "station": "Grill Station", "items": []},
        {"name": "Drinks", "station": "bar", "items": [
            {"name": "Tea", "price": -5}, {"name": "Coffee"},
            {"name": "Juice", "price": 500, "image": "missing.jpg"},
            {"name": "Juice", "price": 300},
            {"name": "Soda", "price": 300, "modifiers": [{"name": "Ice", "options": []}]}]},
    ]}  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(menu_file.FileErrors) as found:
        menu_file.parse(path, "cafe", "TRY")
    text = str(found.value)
    for where in ("$.categories[0].station", "$.categories[1].items[0].price",
                  "$.categories[1].items[1].price", "$.categories[1].items[2].image",
                  "$.categories[1].items[3]: item id 'juice' is also at $.categories[1].items[2]",
                  "$.categories[1].items[4].modifiers[0].options"):  # fmt: skip
        assert where in text, text
    assert len(found.value.errors) == 6, text
    assert found.value.errors[0] == "$.categories[0].station has characters that are not allowed"
    path.write_text('{"categories": [\n{"name": }', encoding="utf-8")
    with pytest.raises(menu_file.FileErrors, match="line 2"):
        menu_file.parse(path, "cafe", "TRY")


def test_csv_as_a_turkish_excel_saves_it(tmp_path):
    path = tmp_path / "menu.csv"
    path.write_bytes("\ufeffCategory;Name;Price;Station;Description\r\n"
                     "Kahvaltı;Menemen;185,50;grill;\"Eggs; tomato\"\r\n"
                     "Kahvaltı;Simit;25;;\r\n;;;;\r\n"
                     "İçecek;Çay;15.00;bar;\r\n".encode())  # fmt: skip
    doc = menu_file.parse(path, "cafe", "TRY")
    assert [(c["id"], c["station"]) for c in doc.categories] == [("kahvalti", "grill"),
                                                                 ("icecek", "bar")]  # fmt: skip
    assert [(i["id"], i["price"], i["description"]) for i in doc.items] == [
        ("menemen", 18550, "Eggs; tomato"), ("simit", 2500, ""), ("cay", 1500, "")]  # fmt: skip
    plain = tmp_path / "plain.csv"
    plain.write_text("category,name,price\nMains,Köfte,210\n", encoding="utf-8")
    doc = menu_file.parse(plain, "cafe", "TRY")
    assert doc.categories[0]["station"] == "kitchen" and doc.items[0]["price"] == 21000
    assert "description" not in doc.keys  # a column the file lacks says nothing


def test_every_csv_error_is_reported_with_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("category,name,price,station\n"
                    "Mains,Köfte,210,grill\n"
                    "Mains,Pide,18O,grill\n"
                    "Mains,Lahmacun,90,Fırın\n"
                    ",Ayran,40,bar\n"
                    "Drinks,Köfte,50,bar\n"
                    "Drinks,Tea,5,bar,extra\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(menu_file.FileErrors) as found:
        menu_file.parse(path, "cafe", "TRY")
    errors = found.value.errors
    assert errors[0].startswith("line 3 (price): price '18O' is not a number"), errors
    assert errors[1].startswith("line 4 (station):"), errors
    assert errors[2].startswith("line 5 (category):"), errors
    assert errors[3] == "line 6: item id 'kofte' is also at line 2", errors
    assert errors[4] == "line 7: 5 columns, the header has 4", errors
    assert len(errors) == 5
    path.write_text("category,title,price\n", encoding="utf-8")
    with pytest.raises(menu_file.FileErrors) as found:
        menu_file.parse(path, "cafe", "TRY")
    assert found.value.errors == [
        "line 1: unknown column 'title'; the columns are category, name, price, station, "
        "description", "line 1: the column 'name' is missing"]  # fmt: skip


def test_a_csv_puts_items_of_one_category_on_different_stations_and_exports_them(tmp_path):
    path = tmp_path / "menu.csv"
    path.write_text("category,name,price,station\n"
                    "Ana yemekler,İskender,240,grill\n"
                    "Ana yemekler,Karnıyarık,180,hot\n"
                    "Ana yemekler,Adana,220,\n", encoding="utf-8")  # fmt: skip
    doc = menu_file.parse(path, "cafe", "TRY")
    assert [c["station"] for c in doc.categories] == ["grill"]  # its first row's
    assert [(i["name"], i["station"]) for i in doc.items] == [
        ("İskender", ""), ("Karnıyarık", "hot"), ("Adana", "")]  # fmt: skip
    shown = {"categories": [{**doc.categories[0], "version": 1}],
             "items": [{**i, "own_station": i["station"],
                        "station": i["station"] or "grill"} for i in doc.items]}  # fmt: skip
    text, _ = menu_file.export_csv(shown, "TRY")
    assert [row[3] for row in csv.reader(io.StringIO(text))][1:] == ["grill", "hot", "grill"]
    exported = menu_file.export(shown)["categories"][0]["items"]
    assert [i.get("station") for i in exported] == [None, "hot", None]  # only its own
    assert not menu_file.plan(shown, doc).changed  # imported again: nothing to change


def test_a_csv_row_leaves_options_picture_and_stock_alone():
    current = {"categories": [{"id": "mains", "name": "Mains", "station": "grill", "position": 0,
                               "version": 3}],
               "items": [{"id": "kofte", "name": "Köfte", "price": 20000, "category_id": "mains",
                          "position": 0, "description": "Grilled", "available": True,
                          "modifiers": [{"id": "side", "name": "Side", "required": False,
                                         "min": 0, "max": 1, "options": [
                                             {"id": "rice", "name": "Rice", "price_delta": 0}]}],
                          "image": "/media/cafe/" + "a" * 24 + ".webp", "stock": 9,
                          "stock_low_at": 2, "station": "grill", "version": 3}]}  # fmt: skip
    doc = menu_file.MenuDoc(
        categories=[{"id": "mains", "name": "Mains", "station": "grill", "position": 0}],
        items=[{"id": "kofte", "name": "Köfte", "price": 21000, "category_id": "mains",
                "position": 0, "description": ""}],
        keys=menu_file.CSV_KEYS,
    )  # fmt: skip
    plan = menu_file.plan(current, doc)
    assert plan.changed == ["item Köfte (kofte)"] and not plan.added and plan.unchanged == 1
    (written,) = plan.items
    assert written["price"] == 21000 and written["description"] == "Grilled"
    assert written["modifiers"] == current["items"][0]["modifiers"]
    assert (written["image"], written["stock"]) == (current["items"][0]["image"], 9)


def test_a_csv_export_runs_no_formula_in_a_spreadsheet_and_imports_back(tmp_path):
    menu = {"categories": [{"id": "bar", "name": "+Bar", "station": "bar", "position": 0}],
            "items": [{"id": "evil", "name": '=HYPERLINK("http://x.example","win")', "price": 500,
                       "category_id": "bar", "position": 0, "description": "@SUM(A1:A9)",
                       "available": True}]}  # fmt: skip
    text, _ = menu_file.export_csv(menu, "TRY")
    for cells in csv.reader(io.StringIO(text)):
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    path = tmp_path / "menu.csv"
    path.write_text(text, encoding="utf-8")
    doc = menu_file.parse(path, "cafe", "TRY")
    assert doc.categories[0]["name"] == "+Bar"
    assert (doc.items[0]["name"], doc.items[0]["description"]) == (
        '=HYPERLINK("http://x.example","win")', "@SUM(A1:A9)")  # fmt: skip


# -- the picture API -----------------------------------------------------------------------


def test_a_manager_uploads_a_picture_and_only_a_manager_may(server):
    manager = Rest(server.url, login(server.url, "manager"))
    kiosk = Rest(server.url, login(server.url, "kiosk"))
    jpeg = {"Content-Type": "image/jpeg"}
    denied = kiosk.put("/menu/items/hummus/image", data=photo(), headers=jpeg)
    assert denied.status_code == 403
    put = manager.put("/menu/items/hummus/image", data=photo(), headers=jpeg)
    assert put.status_code == 200, put.text
    url = put.json()["item"]["image"]
    assert url.startswith("/media/demo/") and url.endswith(".webp")
    assert url in {i.get("image") for i in kiosk.get("/menu").json()["items"]}
    got = requests.get(server.url + url, timeout=5)
    assert got.status_code == 200 and Image.open(io.BytesIO(got.content)).size == (640, 480)
    for body, headers, status, code in (
        (b"not a picture", jpeg, 422, "invalid_image"),
        (photo(), {"Content-Type": "application/pdf"}, 415, "unsupported_media_type"),
        (b"x" * (pictures.MAX_UPLOAD_BYTES + 10), jpeg, 413, "payload_too_large"),
    ):
        bad = manager.put("/menu/items/hummus/image", data=body, headers=headers)
        assert (bad.status_code, bad.json()["error"]["code"]) == (status, code)
    assert manager.put("/menu/items/nothing/image", data=photo(), headers=jpeg).status_code == 404
    assert (
        requests.get(server.url + "/media/demo/" + "0" * 24 + ".webp", timeout=5).status_code == 404
    )
    removed = manager.delete("/menu/items/hummus/image")
    assert removed.status_code == 200 and removed.json()["item"]["image"] == ""
