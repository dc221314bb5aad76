#!/usr/bin/env bash
# Collects the raw k6 samples of a finished k6-operator TestRun (one file per runner pod, written to the
# tokenpace-k6-out volume by deploy/k6-operator/testrun.yaml) and merges them into one report with
# `pnpm report`. The report merges k6 execution segments exactly, so the N runners' files give the same
# percentiles as one k6 running the whole test.
#
#   scripts/collect-testrun.sh [-n NAMESPACE] [-o OUT_DIR] [-t TIMEOUT] TESTRUN [-- REPORT_ARGS...]
#
# It waits for the TestRun to finish, starts deploy/k6-operator/collector.yaml, copies exactly as many files
# as the TestRun's parallelism (fewer or more is an error: a runner failed, or an older run's files are
# there), checks each gzip stream whole, removes them from the volume so the next run starts clean, and runs
# the report (report files in OUT_DIR/report). Needs kubectl with access to the cluster, and Node for the
# report.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAMESPACE=""
OUT_DIR=""
TIMEOUT="30m"
COLLECTOR=tokenpace-k6-collector

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

while getopts "n:o:t:h" option; do
  case "${option}" in
    n) NAMESPACE="${OPTARG}" ;;
    o) OUT_DIR="${OPTARG}" ;;
    t) TIMEOUT="${OPTARG}" ;;
    h) usage 0 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
TESTRUN="$1"
shift
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
OUT_DIR="${OUT_DIR:-out/testrun/${TESTRUN}}"

kube() {
  if [ -n "${NAMESPACE}" ]; then kubectl --namespace "${NAMESPACE}" "$@"; else kubectl "$@"; fi
}

# The operator's stages end in "finished" (every runner done) or "error".
echo "collect-testrun: waiting up to ${TIMEOUT} for testrun/${TESTRUN} to finish"
if ! kube wait "testrun/${TESTRUN}" --for=jsonpath='{.status.stage}'=finished --timeout="${TIMEOUT}"; then
  stage="$(kube get "testrun/${TESTRUN}" -o jsonpath='{.status.stage}' 2>/dev/null || true)"
  echo "collect-testrun: testrun/${TESTRUN} did not finish (stage: ${stage:-unknown})" >&2
  exit 1
fi
parallelism="$(kube get "testrun/${TESTRUN}" -o jsonpath='{.spec.parallelism}')"

cleanup() { kube delete pod "${COLLECTOR}" --ignore-not-found --wait=false >/dev/null 2>&1 || true; }
trap cleanup EXIT
kube apply -f "${ROOT}/deploy/k6-operator/collector.yaml" >/dev/null
kube wait "pod/${COLLECTOR}" --for=condition=Ready --timeout=5m >/dev/null

# Runner pods are named <testrun>-<index>-<suffix>; each wrote /out/<pod name>.ndjson.gz.
# shellcheck disable=SC2016 # expanded by the pod's shell, with the TestRun's name as \$1
mapfile -t files < <(
  kube exec "${COLLECTOR}" -- sh -c 'for f in /out/"$1"-[0-9]*-*.ndjson.gz; do [ -e "$f" ] && echo "$f"; done; true' \
    sh "${TESTRUN}"
)
if [ "${#files[@]}" -ne "${parallelism}" ]; then
  echo "collect-testrun: found ${#files[@]} output files for ${TESTRUN}, expected ${parallelism} (one per runner):" >&2
  printf '  %s\n' "${files[@]}" >&2
  echo "  a runner that failed writes none; files of an earlier run of the same name must be removed first" >&2
  exit 1
fi

mkdir -p "${OUT_DIR}"
OUT_DIR="$(cd "${OUT_DIR}" && pwd)"
local_files=()
for remote in "${files[@]}"; do
  local_file="${OUT_DIR}/$(basename "${remote}")"
  kube cp "${COLLECTOR}:${remote}" "${local_file}" >/dev/null
  # A runner killed mid-write leaves a truncated gzip stream: refuse it rather than report on part of a run.
  gzip -t "${local_file}"
  local_files+=("${local_file}")
done
kube exec "${COLLECTOR}" -- rm -f "${files[@]}"
echo "collect-testrun: copied ${#local_files[@]} files to ${OUT_DIR}"

cd "${ROOT}"
exec npx --yes pnpm@10.34.8 report "${local_files[@]}" --out-dir "${OUT_DIR}/report" "$@"
