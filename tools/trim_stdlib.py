"""The Python standard library we ship to browsers, less what a page can never use.

Pyodide's ``python_stdlib.zip`` is 2.5 MB of a first install's 6.7. Left out: development
tools (pydoc and ``help()``, doctest, unittest, pdb, profilers), what needs processes, servers or
mail (multiprocessing, http, wsgiref, xmlrpc, smtplib, ...), formats we never read in a page
(email, xml, sqlite3, tomllib, ...; not html: PyScript's display imports it) and the codecs
of other scripts than ours. Each of these is imported by nothing that runs when a module of
ours (or Pyodide's, or PyScript's) is imported:
``tests/client/test_stdlib.py`` follows every import made at import time through the trimmed
archive, and the browser tests run every screen on it. Kept although nothing imports them at
import time: zipfile and tarfile (``shutil.unpack_archive`` unpacks the app's archive with
them), ``_pylong`` and ``_pydecimal`` (C code falls back to them), ``calendar``.
"""

from __future__ import annotations

import io
import zipfile


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEFT_OUT = _words(
    """
    pydoc pydoc_data doctest unittest pdb bdb trace pstats profile cProfile timeit tabnanny
    pyclbr symtable modulefinder compileall py_compile zipapp this antigravity __hello__
    __phello__ multiprocessing http wsgiref xmlrpc smtplib imaplib poplib ftplib nntplib
    telnetlib mailbox mailcap netrc webbrowser getpass pty sched shelve dbm sqlite3 email xml
    _markupbase mimetypes plistlib tomllib configparser argparse optparse cmd fileinput
    filecmp pickletools _pyio wave aifc sunau chunk sndhdr imghdr colorsys graphlib stringprep
    quopri uu xdrlib crypt pipes nturl2path sre_constants sre_compile sre_parse turtle
    turtledemo tkinter curses idlelib lib2to3 ensurepip venv
"""
)  # fmt: skip
# Codecs a page of ours may be asked for; the tables of other scripts' are left out.
KEPT_CODECS = _words(
    """
    __init__ aliases utf_8 utf_8_sig ascii latin_1 utf_16 utf_16_le utf_16_be utf_32 utf_32_le
    utf_32_be idna punycode raw_unicode_escape unicode_escape charmap undefined cp437 cp1252
    cp1254 cp857 iso8859_1 iso8859_9 _win_cp_codecs
"""
)  # fmt: skip


def shipped(name: str) -> bool:
    """Whether an entry of the archive (``email/parser.py``, ``encodings/cp850.py``) ships."""
    top, _, rest = name.partition("/")
    if top.removesuffix(".py") in LEFT_OUT:
        return False
    if top == "encodings" and rest.endswith(".py"):
        return rest.removesuffix(".py") in KEPT_CODECS
    return True


def trimmed(data: bytes) -> bytes:
    """The archive without what is left out; fixed order and times: same input, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:  # fmt: skip
        for info in source.infolist():
            if shipped(info.filename):
                kept = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                kept.compress_type = zipfile.ZIP_DEFLATED
                kept.external_attr = info.external_attr
                target.writestr(kept, source.read(info), compresslevel=9)
    return out.getvalue()
