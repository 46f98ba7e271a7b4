#!/usr/bin/env bash
# Shared by up, down and status: run the CLI on the project's Node 24, installing and building
# what is missing first, so these commands work on a fresh clone.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
node scripts/ensure-install.mjs >&2
# Builds infra and the packages it uses when their sources changed; a cache hit otherwise.
node_modules/.bin/turbo run build --filter=@danvan/infra --output-logs=errors-only >/dev/null 2>&1 ||
  node_modules/.bin/turbo run build --filter=@danvan/infra --output-logs=errors-only >&2
# kafkajs 2.2.4 schedules negative timeouts, which Node 24 reports as warnings (harmless noise).
exec node_modules/.bin/node --disable-warning=TimeoutNegativeWarning infra/dist/local/cli.js "$@"
