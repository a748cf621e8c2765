# syntax=docker/dockerfile:1.7
#
# One image for every process of INPS per tutti. What runs is chosen when the container starts,
# not when the image is built:
#
#   SERVICE = gateway | questionnaire | agreements | monitoring
#   PROCESS = api (default) | worker | migrate
#
#   docker build -t inps-per-tutti:local .
#   docker run --rm -e SERVICE=questionnaire -e PROCESS=migrate -e DATABASE_URL=... inps-per-tutti:local
#
# Any other command is run as given (`docker run ... inps-per-tutti:local node libs/shared/dist/auth/dev-token.cli.js central`).
# The container runs as UID/GID 10001, needs no writable path but /tmp (mount a tmpfs or emptyDir) and,
# for AUTH_MODE=dev only, DATA_DIR (/var/lib/inps, where the development signing key lives).
# Checked statically by scripts/deploy-check (no Docker daemon on the development machines).

ARG NODE_IMAGE=node:24.21-bookworm-slim

# ---------------------------------------------------------------------------------------------
# deps: every dependency (dev included) from the lock file, for the TypeScript build.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json .npmrc ./
COPY libs/client/package.json libs/client/
COPY libs/fonts/package.json libs/fonts/
COPY libs/kernel/package.json libs/kernel/
COPY libs/shared/package.json libs/shared/
COPY libs/territories/package.json libs/territories/
COPY services/gateway/package.json services/gateway/
COPY services/questionnaire/package.json services/questionnaire/
COPY services/agreements/package.json services/agreements/
COPY services/monitoring/package.json services/monitoring/
COPY apps/web/package.json apps/web/
# Install scripts are not needed to compile (the embedded PostgreSQL is never used in a container).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# ---------------------------------------------------------------------------------------------
# build: compile every workspace (tsc -b), output in libs/*/dist and services/*/dist; the web client
# (Vite) in apps/web/dist.
FROM deps AS build
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------------------------
# prod-deps: production dependencies only, from the same lock file, gathered under /prod with any
# workspace-level node_modules (npm nests a dependency there when versions conflict).
FROM deps AS prod-deps
# The font packages ship every weight (the Chinese one, 10 MB each): only the files @inps/fonts names are kept.
RUN --mount=type=cache,target=/root/.npm rm -rf node_modules && npm ci --omit=dev --ignore-scripts \
 && find node_modules/@expo-google-fonts -name '*.ttf' \
      ! -name NotoSans_400Regular.ttf ! -name NotoSans_700Bold.ttf \
      ! -name NotoSansArabic_400Regular.ttf ! -name NotoSansArabic_700Bold.ttf \
      ! -name NotoSansSC_400Regular.ttf -delete \
 && find node_modules/@fontsource/noto-sans-bengali/files -type f \
      ! -name noto-sans-bengali-bengali-400-normal.woff ! -name noto-sans-bengali-bengali-700-normal.woff -delete \
 && mkdir -p /prod && cp -a node_modules /prod/ \
 && for d in libs/* services/*; do \
      if [ -d "$d/node_modules" ]; then mkdir -p "/prod/$d" && cp -a "$d/node_modules" "/prod/$d/"; fi; \
    done

# ---------------------------------------------------------------------------------------------
# runtime: Node.js, the compiled code, its data files and production dependencies. No npm, no
# compiler, no sources, no tests.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/inps \
    PROCESS=api \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Package managers are build tooling: removed so that nothing can install code at run time.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
           /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* \
 && groupadd --system --gid 10001 inps \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin inps \
 && mkdir -p /var/lib/inps \
 && chown 10001:10001 /var/lib/inps
COPY --from=prod-deps /prod/ ./
COPY --from=build /app/package.json ./
COPY --from=build /app/libs/kernel/package.json libs/kernel/
COPY --from=build /app/libs/kernel/dist libs/kernel/dist
COPY --from=build /app/libs/shared/package.json libs/shared/
COPY --from=build /app/libs/shared/dist libs/shared/dist
COPY --from=build /app/libs/shared/messages libs/shared/messages
COPY --from=build /app/libs/territories/package.json libs/territories/
COPY --from=build /app/libs/territories/dist libs/territories/dist
COPY --from=build /app/libs/territories/data libs/territories/data
COPY --from=build /app/libs/fonts/package.json libs/fonts/
COPY --from=build /app/libs/fonts/dist libs/fonts/dist
COPY --from=build /app/services/gateway/package.json services/gateway/
COPY --from=build /app/services/gateway/dist services/gateway/dist
COPY --from=build /app/services/gateway/supergraph.graphql services/gateway/
# The web client the gateway serves at / (static files only: its code runs in the person's browser).
COPY --from=build /app/apps/web/dist apps/web/dist
COPY --from=build /app/services/questionnaire/package.json services/questionnaire/
COPY --from=build /app/services/questionnaire/dist services/questionnaire/dist
COPY --from=build /app/services/questionnaire/rulesets services/questionnaire/rulesets
COPY --from=build /app/services/questionnaire/guidance services/questionnaire/guidance
COPY --from=build /app/services/questionnaire/messages services/questionnaire/messages
COPY --from=build /app/services/agreements/package.json services/agreements/
COPY --from=build /app/services/agreements/dist services/agreements/dist
COPY --from=build /app/services/agreements/data services/agreements/data
COPY --from=build /app/services/monitoring/package.json services/monitoring/
COPY --from=build /app/services/monitoring/dist services/monitoring/dist
COPY --from=build /app/services/monitoring/messages services/monitoring/messages

# Chooses the process from SERVICE and PROCESS; `exec` so that node is PID 1 and receives SIGTERM
# (each service drains HTTP, queues and the database pool on SIGTERM).
COPY --chmod=0555 <<'EOF' /usr/local/bin/inps-entrypoint
#!/bin/sh
set -eu
if [ "$#" -gt 0 ]; then exec "$@"; fi
SERVICE="${SERVICE:-}"
PROCESS="${PROCESS:-api}"
case "$SERVICE" in
  gateway|questionnaire|agreements|monitoring) ;;
  *) echo "inps-entrypoint: set SERVICE to gateway, questionnaire, agreements or monitoring (got '${SERVICE}')" >&2; exit 64 ;;
esac
case "$PROCESS" in
  api) exec node "services/${SERVICE}/dist/main.js" ;;
  worker)
    if [ "$SERVICE" = gateway ]; then echo "inps-entrypoint: the gateway has no worker" >&2; exit 64; fi
    exec node "services/${SERVICE}/dist/worker.js" ;;
  migrate)
    if [ "$SERVICE" = gateway ]; then echo "inps-entrypoint: the gateway has no database" >&2; exit 64; fi
    exec node "services/${SERVICE}/dist/migrate.js" ;;
  *) echo "inps-entrypoint: PROCESS must be api, worker or migrate (got '${PROCESS}')" >&2; exit 64 ;;
esac
EOF

# PROCESS=api: GET /health/live on PORT. PROCESS=worker: GET /health/live on its side port when
# METRICS_PORT names one, else the database and Redis accept TCP connections. Kubernetes uses its
# own probes; this is for Docker and compose.
COPY --chmod=0555 <<'EOF' /usr/local/bin/inps-healthcheck
#!/usr/bin/env node
'use strict';
const net = require('node:net');
const fail = () => process.exit(1);
const env = process.env;
if ((env.PROCESS || 'api') === 'api') {
  const defaults = { gateway: 3000, questionnaire: 3001, agreements: 3002, monitoring: 3003 };
  const port = env.PORT || defaults[env.SERVICE] || 3000;
  fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), fail);
} else if (Number(env.METRICS_PORT) > 0) {
  fetch(`http://127.0.0.1:${env.METRICS_PORT}/health/live`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), fail);
} else {
  const targets = [env.DATABASE_URL, env.REDIS_URL].filter(Boolean).map((u) => new URL(u));
  const reach = (u) =>
    new Promise((resolve, reject) => {
      const s = net.connect({ host: u.hostname, port: Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)), timeout: 4000 });
      s.once('connect', () => { s.destroy(); resolve(); });
      s.once('timeout', () => { s.destroy(); reject(new Error('timeout')); });
      s.once('error', reject);
    });
  Promise.all(targets.map(reach)).then(() => process.exit(0), fail);
}
EOF

USER 10001:10001
EXPOSE 3000 3001 3002 3003
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["inps-healthcheck"]
ENTRYPOINT ["inps-entrypoint"]
CMD []
