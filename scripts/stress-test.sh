#!/usr/bin/env bash
# Runs the whole test suite several times in a row (3 by default) while stress-ng keeps every core busy, and
# fails on the first run that fails. A test that passes on an idle machine but not on a loaded one synchronises
# on time instead of on events; this is the run that finds it.
#
#   scripts/stress-test.sh                                  3 × `pnpm test` under 70 % load on every core
#   RUNS=5 STRESS_CPU_LOAD=90 scripts/stress-test.sh
#   STRESS_SUITE='npx --yes pnpm@10.34.8 --filter @tokenpace/emulator run test' scripts/stress-test.sh
#
# Settings (environment): RUNS (3), STRESS_CPU_LOAD (70: percent of each core stress-ng keeps busy),
# RUN_TIMEOUT_S (3600: one run is killed after this long, and counts as failed), STRESS_SUITE (the command of one
# run; default the whole suite), STRESS_OUT (out/stress: one log per run). Needs stress-ng (Debian:
# apt-get install -y stress-ng). Turbo's cache is bypassed (TURBO_FORCE), so every run really runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
cpu_load=${STRESS_CPU_LOAD:-70}
run_timeout_s=${RUN_TIMEOUT_S:-3600}
suite=${STRESS_SUITE:-npx --yes pnpm@10.34.8 test}
out_dir=${STRESS_OUT:-out/stress}

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "stress-test: stress-ng is not installed (Debian: apt-get install -y stress-ng)" >&2
  exit 2
fi
mkdir -p "$out_dir"
cores=$(nproc)

# The load outlives no run: it is bounded by its own timeout and stopped on any exit of this script.
stress-ng --cpu "$cores" --cpu-load "$cpu_load" --timeout "$((runs * run_timeout_s + 60))s" --quiet &
stress_pid=$!
stop_stress() {
  kill "$stress_pid" 2>/dev/null || true
  wait "$stress_pid" 2>/dev/null || true
}
trap stop_stress EXIT
if ! kill -0 "$stress_pid" 2>/dev/null; then
  echo "stress-test: stress-ng did not start" >&2
  exit 2
fi
echo "stress-test: stress-ng (pid $stress_pid) loads $cores cores at $cpu_load %; $runs runs of: $suite"

for run in $(seq 1 "$runs"); do
  log="$out_dir/run-$run.log"
  started=$(date +%s)
  status=0
  TURBO_FORCE=true timeout --kill-after=30 "$run_timeout_s" bash -c "$suite" >"$log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - started))
  if [ "$status" -ne 0 ]; then
    echo "stress-test: run $run of $runs FAILED (exit $status after ${elapsed}s); the end of $log:"
    tail -n 40 "$log"
    exit 1
  fi
  echo "stress-test: run $run of $runs passed in ${elapsed}s: $(grep -v '^[[:space:]]*$' "$log" | tail -n 1)"
done
echo "stress-test: all $runs runs passed under load"
