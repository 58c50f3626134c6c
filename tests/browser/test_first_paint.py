"""The first paint: a signed-in screen reloaded shows its data at once, from the picture taken
when it was last drawn, before Python has started; the picture is visibly not live (inert,
"Starting…") so a tap on it does nothing rather than something unseen, and Python's own drawing
takes its place. A person who signs out (a switch) leaves no picture: the next never sees their screen."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.actions import rest_order, sign_in, ticket
from tests.browser.conftest import wait_offline_ready
from tests.support.client import Rest, login


def test_a_reloaded_kitchen_shows_its_tickets_before_python_and_forgets_them_at_sign_out(
    browser, quick_server, shoot
):
    order = rest_order(quick_server, "first paint")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    sign_in(page, quick_server.url, "kitchen")
    expect(ticket(page, "first paint")).to_be_visible(timeout=20_000)
    wait_offline_ready(page)
    page.wait_for_function(
        "() => (localStorage.getItem('passline.first_paint') || '').includes('first paint')",
        timeout=10_000,
    )

    # A cheap tablet: under 4x CPU Python takes seconds, the picture a fraction of one.
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.reload(wait_until="commit")
    painted = page.locator("#first-paint .ticket", has_text="first paint")
    expect(painted).to_be_visible(timeout=5_000)
    # A tap on the picture's Accept reaches no live control, and the note answers it.
    x, y = center(painted.locator("button").last)
    hit = page.evaluate(HIT, [x, y])
    page.mouse.click(x, y)
    assert hit == {"drawn": False, "picture": True, "live": False}, hit
    overlay = page.locator("#first-paint")
    expect(overlay.locator(".first-paint-note")).to_have_attribute("data-tapped", "")
    expect(overlay.locator(".first-paint-note")).to_contain_text("Starting…")
    assert overlay.locator(".first-paint-picture").evaluate("node => node.inert") is True
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    expect(page.locator("html[data-drawn]")).to_be_attached(timeout=60_000)
    expect(overlay).to_have_count(0)
    expect(ticket(page, "first paint")).to_be_visible()
    shoot(page, "drawn")
    assert page.evaluate("window.__violations") == []  # the picture's styles passed the policy
    floor = Rest(quick_server.url, login(quick_server.url, "floor")).get("/floor").json()
    assert [o["status"] for o in floor["orders"] if o["id"] == order["id"]] == [order["status"]]

    page.click("#switch")  # the cook hands the tablet to the next: their own PIN, no picture
    page.wait_for_selector("main #sign-in #pin", timeout=30_000)
    assert page.evaluate("localStorage.getItem('passline.first_paint')") is None
    page.reload(wait_until="commit")
    page.wait_for_selector("#pin", timeout=60_000)
    expect(page.locator("#first-paint")).to_have_count(0)
    context.close()


# Where a tap at (x, y) lands, while the picture is up: the layer over it, never a control.
HIT = """([x, y]) => {
  const hit = document.elementFromPoint(x, y);
  return {drawn: document.documentElement.hasAttribute("data-drawn"),
          picture: !!hit && !!hit.closest("#first-paint"),
          live: !!hit && !!hit.closest("#app")};
}"""
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.sample));
"""


def center(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
