# syntax=docker/dockerfile:1
# One recipe for the image of every deployable workspace (ARCHITECTURE.md §8): the monorepo pruned
# to the package and what it depends on (turbo prune --docker), built, dev dependencies dropped.
# From the repository root, for example:
#   docker build --build-arg PACKAGE=@danvan/dialogues --build-arg MAIN=apps/dialogues/dist/main.js \
#     -t danvan/dialogues .
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS prune
ARG PACKAGE
RUN test -n "$PACKAGE" || { echo "build with --build-arg PACKAGE=@danvan/<workspace>" >&2; exit 1; }
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune "$PACKAGE" --docker

FROM ${NODE_IMAGE} AS build
ARG PACKAGE
WORKDIR /repo
# Manifests first, so the dependency layer is cached until a package.json or the lockfile changes.
COPY --from=prune /repo/out/json/ ./
# `npm install` installs the locked versions; `npm ci` would call the lockfile out of sync, as npm
# 11 writes it without other platforms' optional packages (scripts/ensure-install.mjs). The image
# is Node 24 already: no install scripts, chiefly not the root `node` devDependency's download of a
# second Node binary, whose dangling link is removed.
RUN npm install --ignore-scripts --no-audit --no-fund \
  && rm -rf node_modules/node node_modules/.bin/node
COPY --from=prune /repo/out/full/ ./
# Every package's tsconfig extends it; turbo prune copies workspaces only.
COPY --from=prune /repo/tsconfig.base.json ./
RUN npx turbo run build --filter="${PACKAGE}..." && npm prune --omit=dev --ignore-scripts

FROM ${NODE_IMAGE}
ARG MAIN
RUN test -n "$MAIN" || { echo "build with --build-arg MAIN=<path of the entry .js>" >&2; exit 1; }
# In a container the service listens on every interface of the container (HOST); elsewhere it
# keeps to 127.0.0.1 unless told otherwise.
ENV NODE_ENV=production MAIN=${MAIN} HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /repo ./
USER node
# exec: node is PID 1 and receives SIGTERM itself, for the graceful shutdown.
CMD ["sh", "-c", "exec node --disable-warning=TimeoutNegativeWarning \"$MAIN\""]
