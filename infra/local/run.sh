#!/usr/bin/env bash
# Shared by up, down and status: run the CLI on the project's Node 24, installing and building
# what is missing first, so these commands work on a fresh clone.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
node scripts/ensure-install.mjs >&2
if [ ! -f infra/dist/local/cli.js ] || [ -n "$(find infra/local infra/kafka infra/ferretdb -name '*.ts' -newer infra/dist/local/cli.js -print -quit)" ]; then
  node_modules/.bin/turbo run build --filter=@danvan/infra --output-logs=errors-only >&2
fi
# kafkajs 2.2.4 schedules negative timeouts, which Node 24 reports as warnings (harmless noise).
exec node_modules/.bin/node --disable-warning=TimeoutNegativeWarning infra/dist/local/cli.js "$@"
