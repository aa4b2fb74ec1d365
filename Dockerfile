# syntax=docker/dockerfile:1
# Wirabot: one image for every role (gateway, worker, scheduler). The TypeScript is compiled
# once at build time (`npm run build` into dist/); the image runs plain JavaScript with node,
# no tsx, so a process and every `wirabot` command start quickly.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- dependencies: production packages only; puppeteer's browser download is off (.puppeteerrc.cjs)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- build: fails on a type error (tests and benches included), then compiles src/ into dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.migrations.json vitest.config.ts ./
COPY scripts scripts
COPY src src
COPY migrations migrations
COPY locales locales
COPY test test
COPY bench bench
RUN npm run typecheck && npm run build

# --- runtime: Debian's Chromium for WhatsApp Web, tini to pass SIGTERM on, pg_dump for
# `wirabot backup`, a non-root user
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji ca-certificates tini postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    CHROMIUM_PATH=/usr/bin/chromium \
    PUPPETEER_SKIP_DOWNLOAD=true \
    PGLITE_DIR=/app/data/pglite \
    WHATSAPP_SESSION_DIR=/app/data/whatsapp \
    BACKUP_DIR=/app/data/backups \
    METRICS_PORT=9464
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/dist dist
COPY .puppeteerrc.cjs ./
COPY locales locales
# `wirabot <command>` on the PATH: docker compose exec wirabot wirabot people list
RUN ln -s /app/dist/cli/main.js /usr/local/bin/wirabot \
 && mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8443 9464
# /healthz answers while the process runs; /readyz also checks Postgres, Redis and the channels.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
# Node 24 sizes V8's young generation larger than Node 20 did; for this service 8 MB
# semi-spaces keep it about 80 MB smaller at the same speed (bench:engine:node24, README).
CMD ["node", "--max-semi-space-size=8", "dist/main.js"]
