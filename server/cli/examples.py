"""One example for every command, shown at the end of its ``--help`` (a test parses each one,
so an example never names an option the command does not have)."""

from __future__ import annotations

PG = "postgresql://passline@127.0.0.1/passline"
EXAMPLES: dict[str, tuple[str, ...]] = {
    "demo": ("passline demo --db var/demo.db",),
    "serve": ("passline serve --host 127.0.0.1 --port 8000",
              f"passline serve --workers 3 --broker redis://127.0.0.1:6379/0 --db {PG}"),
    "migrate": ("passline migrate --db /var/lib/passline/passline.db",),
    "migrate-to": (f"passline migrate-to {PG} --db var/passline.db",),
    "new-epoch": (f"passline new-epoch --db {PG}",),
    "pin set": ("passline pin set corner kiosk 4821",),
    "staff add": ("passline staff add corner 'Derya Kaya' --job manager",),
    "staff list": ("passline staff list corner",),
    "staff pin": ("passline staff pin corner derya-kaya",),
    "staff deactivate": ("passline staff deactivate corner derya-kaya",),
    "staff activate": ("passline staff activate corner derya-kaya",),
    "staff job": ("passline staff job corner head-waiter --name 'Head waiter' --base floor"
                  " --rights approve_discounts --discount-limit 2000",),
    "devices pair": ("passline devices pair corner --role kiosk --name 'Front kiosk'",),
    "devices list": ("passline devices list corner",),
    "devices revoke": ("passline devices revoke corner dAbCdEfGhIjKl",),
    "printers add": ("passline printers add corner Grill 192.168.1.50:9100 --stations grill",),
    "printers list": ("passline printers list corner",),
    "printers test": ("passline printers test corner grill",),
    "printers remove": ("passline printers remove corner grill",),
    "restaurant create": ("passline restaurant create corner --name 'Corner Café'"
                          " --tz Europe/Istanbul --currency TRY",),
    "restaurant delete": ("passline restaurant delete demo --yes",),
    "restaurant rotate-key": ("passline restaurant rotate-key corner",),
    "menu import": ("passline menu import corner menu.csv",),
    "menu export": ("passline menu export corner menu.csv",),
    "floor import": ("passline floor import corner floor.json",),
    "floor export": ("passline floor export corner floor.json",),
    "backup": ("passline backup --all", "passline backup corner --to /mnt/usb/passline"),
    "prune": ("passline prune --days 90",),
}  # fmt: skip


def epilog(command: str) -> str:
    lines = EXAMPLES[command]
    return ("Example:\n" if len(lines) == 1 else "Examples:\n") + "\n".join(f"  {x}" for x in lines)
