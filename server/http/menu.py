"""The menu: read it whole or since a version; the manager edits categories, items and pictures;
the kitchen sells an item out."""

from __future__ import annotations

from flask import g

from domain import payloads
from domain.schema import Bool, Field, Int, List, Obj, validate

from ..files.pictures import prepare
from .changes import submit
from .routes import endpoint, services


@endpoint(
    "GET", "/menu", "The menu, whole or changed since a version",
    query={"since_version": Int(0, 2**53)}, tag="menu",
    response=Obj({"version": Field(Int(0, 2**53)), "currency": Field(payloads.CURRENCY),
                  "settings": Field(payloads.SAVE_SETTINGS),
                  "categories": Field(List(Obj(open=True), 10_000)),
                  "items": Field(List(Obj(open=True), 100_000)),
                  "removed": Field(Obj({"categories": Field(List(payloads.ID, 10_000)),
                                        "items": Field(List(payloads.ID, 100_000))}))}),
    description="With `since_version`, only categories and items changed after it, and the "
    "ids removed since then; without it, the whole current menu. Prices are minor units of "
    "`currency`; `settings` are the restaurant's bill rules (payment methods, taxes, service).",
)  # fmt: skip
def get_menu(query: dict) -> dict:
    return services().store.menu(g.device.restaurant, query["since_version"])


@endpoint(
    "PUT", "/menu/categories/<category_id>", "Create or replace a menu category",
    roles=("manager",), body=payloads.MENU_CATEGORY, tag="menu",
    response=Obj({"category": Field(Obj(open=True))}),
    description="Bumps the menu version and emits `menu_updated`.",
)  # fmt: skip
def put_category(category_id: str, payload: dict) -> dict:
    _check_id(category_id, "category_id")
    return services().store.put_category(g.device.restaurant, category_id, payload)


@endpoint(
    "DELETE", "/menu/categories/<category_id>", "Remove an empty menu category",
    roles=("manager",), tag="menu", errors=("not_found", "category_not_empty"),
    response=Obj({"version": Field(Int(0, 2**53))}),
)  # fmt: skip
def delete_category(category_id: str) -> dict:
    return services().store.remove_category(g.device.restaurant, category_id)


@endpoint(
    "PUT", "/menu/items/<item_id>", "Create or replace a menu item",
    roles=("manager",), body=payloads.MENU_ITEM, tag="menu",
    response=Obj({"item": Field(Obj(open=True))}), errors=("unknown_category", "unknown_image"),
)  # fmt: skip
def put_item(item_id: str, payload: dict) -> dict:
    _check_id(item_id, "item_id")
    return services().store.put_item(g.device.restaurant, item_id, payload)


@endpoint(
    "DELETE", "/menu/items/<item_id>", "Remove a menu item",
    roles=("manager",), tag="menu", errors=("not_found",),
    response=Obj({"version": Field(Int(0, 2**53))}),
)  # fmt: skip
def delete_item(item_id: str) -> dict:
    return services().store.remove_item(g.device.restaurant, item_id)


@endpoint(
    "PUT", "/menu/items/<item_id>/image", "Set an item's picture",
    roles=("manager",), tag="menu", raw_body=("image/jpeg", "image/png", "image/webp", "image/gif"),
    response=Obj({"item": Field(Obj(open=True))}),
    errors=("not_found", "invalid_image", "payload_too_large", "unsupported_media_type"),
    description="The body is the picture itself (JPEG, PNG, WebP or GIF, up to 8 MB). It is "
    "turned upright, stripped of metadata, fitted in 640 px and stored as WebP; the item's "
    "`image` becomes its URL, which changes with the picture.",
)  # fmt: skip
def put_item_image(item_id: str, raw: bytes) -> dict:
    return services().store.set_item_picture(g.device.restaurant, item_id, prepare(raw))


@endpoint(
    "DELETE", "/menu/items/<item_id>/image", "Remove an item's picture",
    roles=("manager",), tag="menu", errors=("not_found",),
    response=Obj({"item": Field(Obj(open=True))}),
)  # fmt: skip
def delete_item_image(item_id: str) -> dict:
    return services().store.set_item_picture(g.device.restaurant, item_id, None)


@endpoint(
    "PUT", "/menu/items/<item_id>/availability", "Sell an item out (\"86\") or back on",
    roles=("kitchen", "manager"), tag="menu",
    body=payloads.with_client_id(payloads.SET_ITEM_AVAILABILITY, drop=("item_id",)),
    response=Obj({"item_id": Field(payloads.ID), "available": Field(Bool())}),
    errors=("not_found", "out_of_stock", "idempotency_mismatch", "rate_limited"),
    description="Idempotent by `client_id`, like every change a screen may queue offline. "
    "Emits `item_availability_changed` and `menu_updated`; kiosks grey the item out and the "
    "server refuses it in new orders (`item_unavailable`).",
)  # fmt: skip
def put_item_availability(item_id: str, payload: dict) -> tuple[dict, int]:
    client_id = payload.pop("client_id")
    return submit("set_item_availability", {"item_id": item_id, **payload}, client_id)


def _check_id(value: str, name: str) -> None:
    validate(payloads.ID, value, name)
