# syntax=docker/dockerfile:1
# Wirabot: one image for every role (gateway, worker, scheduler). TypeScript runs through
# tsx, so there is no separate build output to keep in step with the source.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- dependencies: production packages only; puppeteer's browser download is off (.puppeteerrc.cjs)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- typecheck: fails the build on a type error
FROM ${NODE_IMAGE} AS typecheck
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json vitest.config.ts ./
COPY src src
COPY migrations migrations
COPY locales locales
COPY test test
COPY bench bench
RUN npm run typecheck

# --- runtime: Debian's Chromium for WhatsApp Web, tini to pass SIGTERM on, a non-root user
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    CHROMIUM_PATH=/usr/bin/chromium \
    PUPPETEER_SKIP_DOWNLOAD=true \
    PGLITE_DIR=/app/data/pglite \
    WHATSAPP_SESSION_DIR=/app/data/whatsapp
COPY --from=deps /app/node_modules node_modules
COPY --from=typecheck /app/package.json ./
COPY .puppeteerrc.cjs tsconfig.json ./
COPY src src
COPY migrations migrations
COPY locales locales
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8443
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "src/main.ts"]
