# syntax=docker/dockerfile:1
# One image for the three services and the simulators; the first argument picks which runs
# (see docker/entrypoint.sh):  docker run IMAGE ingest|sync|audit|simulators
ARG NODE_IMAGE=node:20-slim

# --- deps: every dependency, dev included, for the TypeScript build ------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build: compile to dist/ -------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
COPY simulators ./simulators
COPY scripts ./scripts
RUN npm run build

# --- prod-deps: runtime dependencies only ------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini runs as PID 1: it forwards SIGTERM to node (which drains and exits, see run-service.ts)
# and reaps zombies; node itself as PID 1 would ignore signals it has no handler for.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# A fixed UID/GID so Kubernetes runAsUser and volume ownership are predictable.
RUN groupadd --system --gid 10001 bridge \
  && useradd --system --uid 10001 --gid bridge --no-create-home --shell /usr/sbin/nologin bridge
COPY --chown=root:root package.json ./
COPY --chown=root:root --from=prod-deps /app/node_modules ./node_modules
COPY --chown=root:root --from=build /app/dist ./dist
COPY --chown=root:root --chmod=0755 docker/entrypoint.sh /usr/local/bin/vsb-entrypoint
# The code is owned by root and read-only to the service user; nothing is written at run time.
USER 10001:10001
EXPOSE 3001 3002 3003 3011 3012
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/vsb-entrypoint"]
# Default: ingest. The entry files are dist/services/{ingest,sync,audit}/src/main.js and
# dist/simulators/main.js.
CMD ["ingest"]
