# Passline in a container: the server (SQLite in the volume /var/lib/passline, or PostgreSQL and
# Redis: compose.yaml) for Caddy to front. `docker compose up` runs both (README, "Docker").
#
#   docker build -t passline .
#   docker run -d -p 127.0.0.1:8000:8000 -v passline-data:/var/lib/passline passline

# The browser runtime (PyScript, Pyodide, Workbox) from the npm registry at the lock file's
# versions, only to build the app; none of it runs in the server's image but the built files.
FROM node:20-bookworm-slim AS runtime
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /opt/passline
COPY pyproject.toml README.md LICENSE CHANGELOG.md ./
COPY domain domain
COPY server server
COPY tools tools
COPY pwa pwa
COPY --from=runtime /src/node_modules node_modules
# Build the app (the PWA's archive and runtime), then drop what only the build needed.
RUN python tools/build_pwa.py \
 && rm -rf node_modules \
 && pip install --no-compile -e . \
 && python -m compileall -q server domain
# Not root: a system user owning only the data volume.
RUN useradd --system --uid 10001 --home-dir /var/lib/passline --shell /usr/sbin/nologin passline \
 && install -d -m 0700 -o passline -g passline /var/lib/passline
USER passline
WORKDIR /var/lib/passline
ENV PASSLINE_DATABASE=/var/lib/passline/passline.db \
    PASSLINE_TRUSTED_PROXIES=1
VOLUME ["/var/lib/passline"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --start-interval=2s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status != 200)"]
ENTRYPOINT ["passline"]
# 0.0.0.0 inside the container: its port is published to the host (or only to Caddy).
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
