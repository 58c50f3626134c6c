"""Sign-in with a restaurant and a role's PIN; the device keeps its token until signed out."""

from __future__ import annotations

import asyncio

from pyodide.ffi import create_proxy

from dom import el
from idb import Database
from rest import Unreachable, request


async def sign_in(root, db: Database) -> str:
    """Show the form until a PIN is accepted; store and return the token."""
    form = el("form", id="sign-in", aria_label="Sign in")
    form.className = "panel"
    form.appendChild(el("h2", "Sign in this device"))
    restaurant = el(
        "input", id="restaurant", aria_label="Restaurant", value="demo", autocomplete="off"
    )
    pin = el(
        "input",
        id="pin",
        aria_label="PIN",
        type="password",
        inputmode="numeric",
        autocomplete="off",
    )
    message = el("p", id="sign-in-error", role="alert")
    form.appendChild(restaurant)
    form.appendChild(pin)
    form.appendChild(el("button", "Sign in", type="submit"))
    form.appendChild(message)
    root.appendChild(form)
    done: asyncio.Future = asyncio.get_event_loop().create_future()
    pending: set[asyncio.Future] = set()  # the loop keeps only weak references to tasks

    async def attempt() -> None:
        body = {"restaurant": restaurant.value, "pin": pin.value, "device": "passline-web"}
        try:
            status, answer = await request("POST", "/api/v1/login", body)
        except Unreachable:
            message.textContent = "The server cannot be reached. Try again when it is back."
            return
        if status != 200:
            message.textContent = (answer or {}).get("error", {}).get("message", "Sign-in failed")
            return
        await db.write(
            kv={
                "token": answer["token"],
                "device": {"restaurant": answer["restaurant"], "role": answer["role"]},
            }
        )
        if not done.done():
            done.set_result(answer["token"])

    def submitted(event) -> None:
        event.preventDefault()
        pending.add(asyncio.ensure_future(attempt()))

    handler = create_proxy(submitted)
    form.addEventListener("submit", handler)
    try:
        return await done
    finally:
        form.removeEventListener("submit", handler)
        handler.destroy()
        form.remove()
