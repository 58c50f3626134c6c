"""Build the PWA's runtime folder ``pwa/vendor`` from the pinned npm packages.

Copies only what the app loads (PyScript's dist without source maps, the five Pyodide files,
Workbox's production builds), writes a gzip copy beside each large compressible file, draws the
icons, and writes:

- ``precache.js``: the service worker's precache list, each URL with a content hash, and a build
  id (a new build means a new list, which makes the browser install a new worker);
- ``pyscript.json``: PyScript's config, pointing its interpreter at our Pyodide and shipping the
  app's Python (``pwa/py``) and the shared domain rules (``domain/``) as one archive,
  ``app-py.zip``, unpacked at boot;
- ``boot.json``: the files the loading screen fetches with a progress bar, with their sizes;
- ``protocol.js``: ``domain/protocol.py``'s constants for the service worker, so the worker and
  the Python on both ends share one set of protocol rules.

Idempotent and quick when nothing changed: files are rewritten only when their bytes differ.

    python tools/build_pwa.py
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from domain import protocol  # noqa: E402 - after the path, so a bare checkout builds too
from tools.trim_stdlib import trimmed  # noqa: E402

PWA = ROOT / "pwa"
VENDOR = PWA / "vendor"
MODULES = ROOT / "node_modules"

PYODIDE_FILES = (
    "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
)  # fmt: skip
WORKBOX = ("core", "routing", "strategies", "expiration", "precaching")  # load order matters
GZIP_SUFFIXES = {".js", ".mjs", ".wasm", ".json", ".css", ".zip", ".html"}
GZIP_MIN_BYTES = 8 * 1024
# The loading screen shows progress over these: they are nearly all of a cold boot's bytes.
BOOT_FILES = ("pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", "pyodide/pyodide.asm.mjs")

THEME = (15, 118, 110, 255)  # teal, also the manifest's theme colour
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def copy_runtime() -> None:
    pyscript = MODULES / "@pyscript" / "core" / "dist"
    pyodide = MODULES / "pyodide"
    if not pyscript.is_dir() or not pyodide.is_dir():
        sys.exit("node_modules is missing: run `npm ci` first (make does)")
    wanted: dict[Path, Path] = {}
    for src in sorted(pyscript.iterdir()):
        if src.is_file() and src.suffix != ".map":
            wanted[VENDOR / "pyscript" / src.name] = src
    for name in PYODIDE_FILES:
        wanted[VENDOR / "pyodide" / name] = pyodide / name
    for name in WORKBOX:
        src = MODULES / f"workbox-{name}" / "build" / f"workbox-{name}.prod.js"
        wanted[VENDOR / "workbox" / src.name] = src
    stdlib = VENDOR / "pyodide" / "python_stdlib.zip"
    write_if_changed(stdlib, trimmed(wanted.pop(stdlib).read_bytes()))
    for dest, src in wanted.items():
        if (
            not dest.exists()
            or dest.stat().st_size != src.stat().st_size
            or (dest.read_bytes() != src.read_bytes())
        ):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    # A package upgrade renames hashed chunks: drop what the new version no longer has.
    for folder in ("pyscript", "pyodide", "workbox"):
        for path in (VENDOR / folder).iterdir():
            if path.suffix != ".gz" and path not in wanted and path != stdlib:
                path.unlink()


def gzip_siblings(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.suffix == ".gz" or not path.is_file():
            continue
        gz = path.with_name(path.name + ".gz")
        if path.suffix not in GZIP_SUFFIXES or path.stat().st_size < GZIP_MIN_BYTES:
            gz.unlink(missing_ok=True)
            continue
        if gz.exists() and gz.stat().st_mtime >= path.stat().st_mtime:
            continue
        # mtime=0: the same input always gives the same bytes.
        gz.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    for gz in root.rglob("*.gz"):
        if not gz.with_suffix("").exists():
            gz.unlink()


# -- icons: drawn here, so no binary lives in the repository ---------------------------------


def png(size: int, pixel) -> bytes:
    """An RGBA PNG of ``size`` x ``size``; ``pixel(x, y)`` gives (r, g, b, a)."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!I", len(data)) + body + struct.pack("!I", zlib.crc32(body))

    header = struct.pack("!IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def icon(size: int, *, maskable: bool) -> bytes:
    """A plate seen from above (ring and dot) on the theme colour. A maskable icon keeps its
    drawing inside the central safe zone (radius 40%) and fills the whole square."""
    centre = (size - 1) / 2
    scale = 0.62 if maskable else 0.9
    outer, inner, dot = size * 0.5 * scale, size * 0.5 * scale * 0.78, size * 0.5 * scale * 0.3
    corner = 0 if maskable else size * 0.18

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        dx, dy = x - centre, y - centre
        if corner:  # a rounded square, transparent around it
            cx = max(abs(dx) - (centre - corner), 0)
            cy = max(abs(dy) - (centre - corner), 0)
            if cx * cx + cy * cy > corner * corner:
                return CLEAR
        r = (dx * dx + dy * dy) ** 0.5
        if inner <= r <= outer or r <= dot:
            return WHITE
        return THEME

    return png(size, pixel)


def draw_icons() -> list[Path]:
    icons = {
        "icon-192.png": (192, False),
        "icon-512.png": (512, False),
        "maskable-512.png": (512, True),
    }
    paths = []
    for name, (size, maskable) in icons.items():
        path = PWA / "icons" / name
        # Redrawn only when this script (the drawing) is newer: builds stay quick.
        if not path.exists() or path.stat().st_mtime < Path(__file__).stat().st_mtime:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(icon(size, maskable=maskable))
        paths.append(path)
    return paths


# -- manifests --------------------------------------------------------------------------------


def revision(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def app_python() -> dict[str, Path]:
    """Path in Pyodide's file system -> source, for the app's and the shared domain's modules."""
    files = {}
    for path in sorted((PWA / "py").rglob("*.py")):
        files[path.relative_to(PWA / "py").as_posix()] = path
    for path in sorted((ROOT / "domain").rglob("*.py")):
        files[path.relative_to(ROOT).as_posix()] = path
    return files


def app_zip(python: dict[str, Path]) -> bytes:
    """All the app's Python in one archive: one fetch at boot instead of one per module (each
    a round trip through the service worker). Fixed timestamps: same sources, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in python.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def url_of(path: Path) -> str:
    if path.is_relative_to(PWA):
        return "/" + path.relative_to(PWA).as_posix()
    return "/" + path.relative_to(ROOT).as_posix()


def protocol_script() -> bytes:
    return (
        "// Written by tools/build_pwa.py from domain/protocol.py. Do not edit.\n"
        f"self.PASSLINE_PROTOCOL = Object.freeze({json.dumps(protocol.for_worker(), indent=1)});\n"
    ).encode()


def build() -> None:
    copy_runtime()
    write_if_changed(VENDOR / "protocol.js", protocol_script())
    icons = draw_icons()
    write_if_changed(VENDOR / "app-py.zip", app_zip(app_python()))
    config = {
        "interpreter": "/vendor/pyodide/pyodide.mjs",
        "files": {"/vendor/app-py.zip": "./*"},  # unpacked into the working directory
    }
    write_if_changed(VENDOR / "pyscript.json", json.dumps(config, indent=1).encode())
    boot = {
        "build": "",
        "files": [
            {"url": f"/vendor/{rel}", "size": (VENDOR / rel).stat().st_size} for rel in BOOT_FILES
        ],
    }

    shell = [
        PWA / name
        for name in (
            "index.html",
            "app.css",
            "boot.js",
            "remote-dom.js",
            "manifest.json",
            "manifest-kiosk.json",
        )
    ]
    runtime = sorted(
        p
        for p in VENDOR.rglob("*")
        if p.is_file() and p.suffix != ".gz" and p.name not in ("precache.js", "boot.json")
    )
    entries = [{"url": url_of(p), "revision": revision(p)} for p in shell + icons + runtime]
    # The start URL is served from index.html; precache it under "/" too.
    entries.insert(0, {"url": "/", "revision": revision(PWA / "index.html")})
    build_id = hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()[:12]
    # boot.json names the build, so it joins the list after the id is taken from the rest.
    boot["build"] = build_id
    write_if_changed(VENDOR / "boot.json", json.dumps(boot, indent=1).encode())
    entries.append({"url": "/vendor/boot.json", "revision": revision(VENDOR / "boot.json")})
    script = (
        "// Written by tools/build_pwa.py: what the service worker precaches. Do not edit.\n"
        f"self.PASSLINE_BUILD = {json.dumps(build_id)};\n"
        f"self.PASSLINE_PRECACHE = {json.dumps(entries, indent=1)};\n"
    )
    changed = write_if_changed(VENDOR / "precache.js", script.encode())
    gzip_siblings(VENDOR)
    total = sum((VENDOR / e["url"][len("/vendor/") :]).stat().st_size
                for e in entries if e["url"].startswith("/vendor/"))  # fmt: skip
    state = "new" if changed else "unchanged"
    print(f"pwa/vendor: build {build_id} ({state}), {len(entries)} precached files,"
          f" runtime {total / 1e6:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    build()
