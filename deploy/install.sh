#!/bin/bash
# Install (or upgrade) Passline on a Debian box as services, from a built checkout
# (`make install` builds it first and runs this as root):
#
#   make install HOST=192.168.1.20
#   make install HOST=pos.local POSTGRES=postgresql://passline@127.0.0.1/passline \
#                BROKER=redis://127.0.0.1:6379/0 PROCESSES=3
#
# What it does, each step safe to repeat (running it again from a newer checkout upgrades):
#   - a system user `passline`, owning /var/lib/passline (the database and its backups);
#   - the app in /opt/passline (the previous copy kept as /opt/passline.previous) with its own
#     virtualenv, and /usr/local/bin/passline, which runs a command as the service user with
#     the service's settings;
#   - /etc/passline/passline.env (only if missing: an operator's settings are never replaced);
#   - systemd: passline.service (one process on SQLite), or passline@PORT.service per process
#     on PostgreSQL with a broker;
#   - Debian's Caddy service in front: /etc/caddy/Caddyfile (Debian's own kept beside it as
#     Caddyfile.debian) importing /etc/caddy/caddy.d/*.caddy, and the address and upstreams in
#     /etc/systemd/system/caddy.service.d/passline.conf;
#   - then starts (or restarts) them, unless systemd is not running (a container), where it
#     prints what to start.
#
# --root DIR writes everything under DIR instead of / and touches nothing else (no packages,
# user, ownership or services): how the suite checks the result on a machine it must not change.
set -euo pipefail

usage() {
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
	echo "options: --host ADDRESS [--postgres URL --broker URL --processes N] [--root DIR] [--no-start]" >&2
	exit 2
}

HOST="" POSTGRES="" BROKER="" PROCESSES=1 ROOT="" START=1
while [ $# -gt 0 ]; do
	case "$1" in
	--host) HOST="$2"; shift 2 ;;
	--postgres) POSTGRES="$2"; shift 2 ;;
	--broker) BROKER="$2"; shift 2 ;;
	--processes) PROCESSES="$2"; shift 2 ;;
	--root) ROOT="$(realpath -m "$2")"; shift 2 ;;
	--no-start) START=0; shift ;;
	-h | --help) usage ;;
	*) echo "unknown option: $1" >&2; usage ;;
	esac
done

SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
APP="$ROOT/opt/passline"
STATE="$ROOT/var/lib/passline"
ETC="$ROOT/etc"
say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
fail() { echo "install: $*" >&2; exit 1; }

[ -n "$HOST" ] || fail "--host is required: the address or local name the tablets open (e.g. 192.168.1.20)"
case "$PROCESSES" in '' | *[!0-9]*) fail "--processes wants a number" ;; esac
if [ "$PROCESSES" -gt 1 ] || [ -n "$POSTGRES" ]; then
	[ -n "$POSTGRES" ] || fail "several processes share one PostgreSQL: give --postgres URL"
	[ -n "$BROKER" ] || fail "several processes hear each other through Redis: give --broker URL"
fi
[ -f "$SOURCE/pwa/vendor/app-py.zip" ] || fail "the app is not built: run \`make install\` (or \`make setup\` first)"
if [ -z "$ROOT" ]; then
	[ "$(id -u)" = 0 ] || fail "run as root (sudo make install …)"
	say "packages: python3-venv, caddy"
	missing=""
	python3 -c 'import ensurepip' 2>/dev/null || missing="$missing python3-venv"
	command -v caddy >/dev/null || missing="$missing caddy"
	if [ -n "$missing" ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
	fi
	say "system user passline"
	id -u passline >/dev/null 2>&1 ||
		useradd --system --home-dir /var/lib/passline --no-create-home --shell /usr/sbin/nologin passline
fi

say "app: $APP"
mkdir -p "$(dirname "$APP")"
staging="$APP.new"
rm -rf "$staging"
mkdir -p "$staging"
# The built checkout without what is the developer's own: sources, the built PWA, deploy files.
tar -C "$SOURCE" -cf - \
	--exclude=./.git --exclude=./.venv --exclude=./node_modules --exclude=./var \
	--exclude=./tests --exclude=./bench --exclude=./test-artifacts --exclude=./.hypothesis \
	--exclude='*.egg-info' --exclude=__pycache__ --exclude=./.ci --exclude=./.ruff_cache \
	--exclude=./.pytest_cache --exclude=./build . | tar -C "$staging" -xf -
# The venv names its own folder, so it is made where it lives; a failure puts the previous
# copy back.
if [ -d "$APP" ]; then
	rm -rf "$APP.previous"
	mv "$APP" "$APP.previous"
fi
mv "$staging" "$APP"
if ! { python3 -m venv "$APP/.venv" &&
	"$APP/.venv/bin/pip" install --quiet --disable-pip-version-check -e "$APP"; }; then
	rm -rf "$APP"
	[ -d "$APP.previous" ] && mv "$APP.previous" "$APP"
	fail "the virtualenv could not be made; the previous copy is in place"
fi
"$APP/.venv/bin/python" -m compileall -q "$APP/server" "$APP/domain" >/dev/null
version="$("$APP/.venv/bin/passline" --version)"
say "installed $version"

mkdir -p "$ROOT/usr/local/bin"
cat >"$ROOT/usr/local/bin/passline" <<'WRAPPER'
#!/bin/sh
# Passline's commands with the service's settings, as the service's user, from any folder:
# what they write (the database, backups) stays the service's.
set -a
[ -r /etc/passline/passline.env ] && . /etc/passline/passline.env
set +a
cd /var/lib/passline 2>/dev/null || cd /
if [ "$(id -u)" = 0 ]; then
	exec runuser -u passline -- /opt/passline/.venv/bin/passline "$@"
fi
exec /opt/passline/.venv/bin/passline "$@"
WRAPPER
chmod 755 "$ROOT/usr/local/bin/passline"

say "settings: $ETC/passline/passline.env"
mkdir -p "$ETC/passline" "$STATE"
chmod 700 "$STATE"
if [ ! -f "$ETC/passline/passline.env" ]; then
	umask 077
	{
		echo "# Passline's settings (README, \"Settings\"); read by the services and by"
		echo "# /usr/local/bin/passline. Root's alone: it may hold the database's password."
		if [ -n "$POSTGRES" ]; then
			echo "PASSLINE_DATABASE=$POSTGRES"
			echo "PASSLINE_BROKER=$BROKER"
		else
			echo "PASSLINE_DATABASE=/var/lib/passline/passline.db"
		fi
		echo "# Caddy is in front: believe its X-Forwarded-For, so PIN limits count per tablet."
		echo "PASSLINE_TRUSTED_PROXIES=1"
	} >"$ETC/passline/passline.env"
	umask 022
else
	echo "    kept as it was (delete it to have it written again)"
fi

say "systemd units"
units="$ETC/systemd/system"
mkdir -p "$units/caddy.service.d"
if [ "$PROCESSES" -gt 1 ] || [ -n "$POSTGRES" ]; then
	cp "$SOURCE/deploy/systemd/passline@.service" "$units/"
	services=""
	upstream=""
	for i in $(seq 1 "$PROCESSES"); do
		services="$services passline@$((8000 + i)).service"
		upstream="$upstream 127.0.0.1:$((8000 + i))"
	done
	upstream="${upstream# }"
else
	cp "$SOURCE/deploy/systemd/passline.service" "$units/"
	services="passline.service"
	upstream="127.0.0.1:8000"
fi
cat >"$units/caddy.service.d/passline.conf" <<DROPIN
# Debian's Caddy service in front of Passline (written by deploy/install.sh): the address the
# tablets open and the server process(es) behind it, read by /etc/caddy/caddy.d/passline.caddy.
[Service]
Environment=PASSLINE_HOST=$HOST
Environment="PASSLINE_UPSTREAM=$upstream"
DROPIN

say "Caddy: $ETC/caddy/Caddyfile"
mkdir -p "$ETC/caddy/caddy.d"
if [ -f "$ETC/caddy/Caddyfile" ] && ! grep -q "caddy.d/passline.caddy" "$ETC/caddy/Caddyfile" &&
	[ ! -f "$ETC/caddy/Caddyfile.debian" ]; then
	mv "$ETC/caddy/Caddyfile" "$ETC/caddy/Caddyfile.debian"
fi
cp "$SOURCE/deploy/Caddyfile" "$ETC/caddy/Caddyfile"
cp "$SOURCE"/deploy/caddy.d/*.caddy "$ETC/caddy/caddy.d/"

if [ -n "$ROOT" ]; then
	say "written under $ROOT; nothing started"
	exit 0
fi
chown -R passline:passline "$STATE"
chmod 600 "$ETC/passline/passline.env"
if [ "$START" = 1 ] && [ -d /run/systemd/system ]; then
	say "starting $services and reloading Caddy"
	systemctl daemon-reload
	# shellcheck disable=SC2086 # one word per unit
	systemctl enable $services caddy.service >/dev/null
	# shellcheck disable=SC2086
	systemctl restart $services
	# A reload adapts the Caddyfile again with the drop-in's new address (Caddy's admin
	# endpoint, on loopback); a Caddy that is not running is started.
	systemctl reload-or-restart caddy.service
	say "Passline is at https://$HOST/ (systemctl status $services caddy)"
else
	say "systemd is not running here: start them with"
	echo "    systemctl daemon-reload && systemctl enable --now$(printf ' %s' $services) && systemctl reload-or-restart caddy"
fi
cat <<NEXT
Next:
  passline restaurant create ID --name 'Your Restaurant' --tz Europe/Istanbul --currency TRY
  then the README's "Your own restaurant" steps. Each tablet trusts Caddy's root once:
  /var/lib/caddy/.local/share/caddy/pki/authorities/local/root.crt
NEXT
