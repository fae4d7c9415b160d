#!/bin/sh
# Differential fuzzing of the --v=N traffic log against the real kubectl 1.27-1.33 (README.md).
# Usage: bench/experiments/log-fuzz/run.sh [cases] [first-seed] [out.json] [dump-dir]
set -e
cd "$(dirname "$0")/../../.."
KUBEWIRE_LOG_FUZZ="${1:-200}" KUBEWIRE_LOG_FUZZ_FIRST="${2:-1}" KUBEWIRE_LOG_FUZZ_POOL="${KUBEWIRE_LOG_FUZZ_POOL:-3}" \
  KUBEWIRE_LOG_FUZZ_OUT="${3:-/tmp/log-fuzz.json}" KUBEWIRE_LOG_FUZZ_DUMP="${4:-}" \
  npx vitest run test/kubectl/traffic-log/kubectl-log-fuzz.test.ts
