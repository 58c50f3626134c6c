"""The schema's history: one list for both engines, each entry one version forward.

Entries are written in the SQL SQLite and PostgreSQL share; ``for_engine`` turns an entry into
PostgreSQL where the two differ only in spelling (column types, ``WITHOUT ROWID``). Where they
differ in substance an entry is a dict with each engine's own statements.
"""

from __future__ import annotations

import re

# Each entry upgrades the schema by one version; never edit a released one, append a new one.
MIGRATIONS: list[str | dict[str, str]] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE restaurants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tz TEXT NOT NULL DEFAULT 'UTC',
        last_seq INTEGER NOT NULL DEFAULT 0,
        menu_version INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE pins (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        role TEXT NOT NULL,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        PRIMARY KEY (restaurant, role)
    ) WITHOUT ROWID;
    CREATE TABLE events (
        restaurant TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (restaurant, seq)
    ) WITHOUT ROWID;
    CREATE TABLE idempotency (
        restaurant TEXT NOT NULL,
        client_id TEXT NOT NULL,
        op TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, client_id)
    ) WITHOUT ROWID;
    CREATE TABLE areas (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE dining_tables (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        area_id TEXT NOT NULL,
        seats INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'free',
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE categories (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        station TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE items (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        data TEXT NOT NULL,
        version INTEGER NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX items_by_version ON items (restaurant, version);
    CREATE TABLE orders (
        restaurant TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        table_id TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX orders_by_status ON orders (restaurant, status);
    CREATE TABLE order_numbers (
        restaurant TEXT NOT NULL,
        day TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (restaurant, day)
    ) WITHOUT ROWID;
    """,
    # Devices: a sign-in is a device the server knows and can revoke. ``devices_gen`` moves on
    # every revocation, so a server notices one made by another process (the CLI) by polling
    # one small table.
    """
    CREATE TABLE devices (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        secret_hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        revoked_at TEXT,
        revoked_why TEXT,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    ALTER TABLE restaurants ADD COLUMN devices_gen INTEGER NOT NULL DEFAULT 0;
    """,
    # Retention: events up to ``pruned_seq`` are gone; a cursor below it gets a fresh snapshot.
    """
    ALTER TABLE restaurants ADD COLUMN pruned_seq INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX idempotency_by_age ON idempotency (created_at);
    CREATE INDEX orders_by_age ON orders (restaurant, created_at);
    """,
    # The currency prices are in (minor units of it): the screens and reports write money with it.
    """
    ALTER TABLE restaurants ADD COLUMN currency TEXT NOT NULL DEFAULT 'TRY';
    """,
    # Menu photos, stored beside the menu so a backup holds them; named by their bytes' hash.
    """
    CREATE TABLE images (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, name)
    ) WITHOUT ROWID;
    """,
    # The day report reads one local day of the log by time.
    """
    CREATE INDEX events_by_time ON events (restaurant, at);
    """,
    # A restaurant's rules for its bills (domain.bill.Settings): payment methods, taxes
    # included or added, service charge. JSON, as the rules grow with the bill screen.
    """
    ALTER TABLE restaurants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
    """,
    # Who made each change (device and role, JSON); null for the server's own events (a
    # kitchen screen going offline) and for commands run on the server (an import).
    """
    ALTER TABLE events ADD COLUMN made_by TEXT;
    """,
    # The log's epoch: an id created with the log. A cursor means something only within its
    # epoch; a backup is a new epoch (``backup``), so a restored copy is told apart from the
    # log devices were following, even where its seq has grown past their cursors again.
    {
        "sqlite": """
        ALTER TABLE restaurants ADD COLUMN epoch TEXT NOT NULL DEFAULT '';
        UPDATE restaurants SET epoch = lower(hex(randomblob(16))) WHERE epoch = '';
        """,
        "postgresql": """
        ALTER TABLE restaurants ADD COLUMN epoch TEXT NOT NULL DEFAULT '';
        UPDATE restaurants SET epoch = replace(gen_random_uuid()::text, '-', '')
        WHERE epoch = '';
        """,
    },
    # A manager's approval is for one change, used once (``store.approvals``): each use is
    # kept for as long as an approval lives. ``approvals_gen`` moves when all of a restaurant's
    # approvals end (a new manager PIN, a manager device revoked, the day closed).
    """
    ALTER TABLE restaurants ADD COLUMN approvals_gen INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE approvals_used (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        used_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    """,
    # The cash drawers' shifts (``domain.drawers``; ``day`` once a close of day took them in)
    # and the closed business days with the Z report each was closed with, fixed from then on.
    """
    CREATE TABLE drawer_shifts (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        day TEXT,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE closed_days (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        day TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        report TEXT NOT NULL,
        PRIMARY KEY (restaurant, day)
    ) WITHOUT ROWID;
    """,
    # People who sign in as themselves (``domain.staff``): a personal PIN, kept only as a slow
    # hash under the restaurant's own salt (``pin_salt``), unique in the restaurant.
    """
    ALTER TABLE restaurants ADD COLUMN pin_salt BLOB;
    CREATE TABLE staff (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        job TEXT NOT NULL,
        pin_hash BLOB NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX staff_by_pin ON staff (restaurant, pin_hash);
    """,
    # A device a person signed in on with their own PIN says whose it is (null: a role's PIN).
    """
    ALTER TABLE devices ADD COLUMN person TEXT;
    """,
    # Devices join once (``server.access.pairing``): a one-time code from a manager pairs a
    # device, and people sign in and out on it without unpairing it (``signed_in``). A demo
    # restaurant signs any device in by PIN; role PINs work on paired devices until the
    # manager ends them (``role_pins``). Today's devices are paired: they keep working. Each
    # restaurant signs its tokens with its own key (``signing_key``, made on first use). A
    # person clocks in and out (``staff_shifts``: their hours in the day's figures). A
    # restaurant defines jobs of its own (``jobs``: a base and the rights, ``domain.staff``).
    """
    ALTER TABLE restaurants ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE restaurants ADD COLUMN role_pins INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE restaurants ADD COLUMN signing_key TEXT;
    ALTER TABLE devices ADD COLUMN signed_in INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE devices ADD COLUMN signed_out_why TEXT;
    CREATE TABLE pairing_codes (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        code_hash BLOB NOT NULL,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        made_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        device TEXT,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX pairing_by_code ON pairing_codes (restaurant, code_hash);
    CREATE TABLE staff_shifts (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        person TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        device TEXT NOT NULL,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX staff_shifts_by_person ON staff_shifts (restaurant, person, started_at);
    CREATE TABLE jobs (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        base TEXT NOT NULL,
        rights TEXT NOT NULL,
        discount_bp INTEGER,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    """,
    # Kitchen printers and their print jobs (issue 27): a job is written in the transaction of
    # the change it prints, so it exists exactly when the change does.
    """
    CREATE TABLE printers (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        width INTEGER NOT NULL,
        code_page TEXT NOT NULL,
        stations TEXT NOT NULL,
        bill INTEGER NOT NULL DEFAULT 0,
        z_report INTEGER NOT NULL DEFAULT 0,
        copies INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        offline_since TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE TABLE print_jobs (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        printer TEXT NOT NULL,
        kind TEXT NOT NULL,
        order_id TEXT NOT NULL,
        station TEXT NOT NULL,
        doc TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        maybe_printed INTEGER NOT NULL DEFAULT 0,
        claimed_by TEXT,
        lease_until TEXT,
        next_try_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        printed_at TEXT,
        reprint_of TEXT,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX print_jobs_due ON print_jobs (status, next_try_at);
    CREATE INDEX print_jobs_by_order ON print_jobs (restaurant, order_id);
    """,
    # Device health (issue 29): each device's last report and the trouble kinds it raised a
    # notice for; the app's errors, one row per place and message with a count and the devices.
    """
    CREATE TABLE device_health (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        device TEXT NOT NULL,
        report TEXT NOT NULL,
        reported_at TEXT NOT NULL,
        offset_ms INTEGER NOT NULL DEFAULT 0,
        notifying TEXT NOT NULL DEFAULT '',
        notice TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (restaurant, device)
    ) WITHOUT ROWID;
    CREATE TABLE device_errors (
        restaurant TEXT NOT NULL REFERENCES restaurants(id),
        id TEXT NOT NULL,
        place TEXT NOT NULL,
        message TEXT NOT NULL,
        count INTEGER NOT NULL,
        devices TEXT NOT NULL,
        builds TEXT NOT NULL,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        PRIMARY KEY (restaurant, id)
    ) WITHOUT ROWID;
    CREATE INDEX device_errors_by_time ON device_errors (last_at);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    def __init__(self, found: int) -> None:
        super().__init__(
            f"database schema is version {found}, this Passline knows up to {SCHEMA_VERSION}"
        )


def for_engine(entry: str | dict[str, str], engine: str) -> list[str]:
    """The statements of one migration for ``engine`` ("sqlite" or "postgresql")."""
    text = entry[engine] if isinstance(entry, dict) else entry
    if engine == "postgresql" and not isinstance(entry, dict):
        text = re.sub(r"\s*WITHOUT ROWID", "", text)
        text = re.sub(r"\bBLOB\b", "BYTEA", text)
        # Money in minor units and sequence numbers outgrow 32 bits; SQLite's INTEGER is 64.
        text = re.sub(r"\bINTEGER\b", "BIGINT", text)
    return [s.strip() for s in text.split(";") if s.strip()]
