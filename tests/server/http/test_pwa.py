"""The app shell over HTTP: types, compression, caching headers, no way out of its folders."""

import pytest
import requests


def get(server, path, **headers):
    return requests.get(server.url + path, headers=headers, timeout=10)


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/", "text/html"),
        ("/manifest.json", "application/manifest+json"),
        ("/service-worker.js", "text/javascript"),
        ("/vendor/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("/vendor/pyodide/pyodide.mjs", "text/javascript"),
        ("/vendor/app-py.zip", "application/zip"),
        ("/icons/icon-192.png", "image/png"),
    ],
)
def test_files_are_served_with_their_type(server, path, mime):
    r = get(server, path)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(mime)


def test_the_runtime_goes_out_gzipped_to_browsers_that_accept_it(server):
    plain = get(server, "/vendor/pyodide/pyodide.asm.wasm", **{"Accept-Encoding": "identity"})
    packed = requests.get(server.url + "/vendor/pyodide/pyodide.asm.wasm", stream=True, timeout=10)
    assert (
        packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    )
    assert int(packed.headers["Content-Length"]) < len(plain.content) / 2
    assert plain.content[:4] == b"\x00asm"


def test_the_service_worker_is_never_cached_by_http(server):
    assert "no-store" in get(server, "/service-worker.js").headers["Cache-Control"]


def test_files_revalidate_with_etags(server):
    first = get(server, "/app.css")
    again = get(server, "/app.css", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/../server/db.py",
        "/domain/../server/db.py",
        "/%2e%2e/pyproject.toml",
        "/domain/__init__.pyc",
        "/nothing.js",
        # The app's Python goes out only inside /vendor/app-py.zip, never as loose sources.
        "/py/main.py",
        "/py/engine.py",
        "/domain/reducer.py",
        "/domain/__init__.py",
    ],
)
def test_nothing_outside_the_app_is_served(server, path):
    assert get(server, path).status_code == 404


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("manifest.json", "/?source=pwa&restaurant=corner-cafe"),
        ("manifest-kiosk.json", "/?mode=kiosk&restaurant=corner-cafe#/kiosk"),
    ],
)
def test_a_device_pointed_at_a_restaurant_installs_an_app_that_starts_there(server, name, start):
    pointed = requests.get(f"{server.url}/{name}", params={"restaurant": "corner-cafe"}, timeout=5)
    assert pointed.status_code == 200
    assert pointed.headers["Content-Type"] == "application/manifest+json"
    plain = requests.get(f"{server.url}/{name}", timeout=5).json()
    assert pointed.json() == {**plain, "start_url": start}  # the same app (id), another start
    bad = requests.get(f"{server.url}/{name}", params={"restaurant": "<x>"}, timeout=5)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "restaurant"
