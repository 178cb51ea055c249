#!/usr/bin/env bash
# CI's check of everything an operator deploys: the compose file (docker-compose config), the
# Kubernetes manifests (kustomize build, then every object against Kubernetes' schemas, strict),
# Prometheus' configuration and alert rules (promtool check + the rules' unit tests). Each
# validator is first shown to reject a broken input, so a validator that accepts anything fails
# this script too. Exits non-zero on the first failure, saying which.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/ops/ensure-tools.sh
export PATH="$PWD/.tools/bin:$PATH"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
step() { echo "validate-deploy: $*"; }
must_fail() { # <what> <command…>: the validator must reject the broken input
  if "${@:2}" >"$tmp/out" 2>&1; then echo "validate-deploy: $1 accepted a broken input" >&2; exit 1; fi
}

# The variables the compose file requires (values only for validation; none is a secret).
compose_env=(CASEWORK_SECRETS=/run/casework-secrets TEMPORAL_DB_PASSWORD=validation AUTH_JWKS_URL=https://idp.invalid/jwks
  AUTH_ISSUER=https://idp.invalid TEMPORAL_AUTH_PROVIDER_URL=https://idp.invalid TEMPORAL_AUTH_CLIENT_ID=temporal-ui
  TEMPORAL_AUTH_CLIENT_SECRET=validation)
step "docker-compose config ($(docker-compose version --short))"
sed 's/^    command: \[.node., .dist\/src\/worker.js.\]/    commands: [worker]/' docker-compose.yml > "$tmp/broken-compose.yml"
must_fail "docker-compose config" env "${compose_env[@]}" docker-compose -f "$tmp/broken-compose.yml" config -q
must_fail "docker-compose config (missing variables)" env -u AUTH_JWKS_URL docker-compose -f docker-compose.yml config -q
env "${compose_env[@]}" docker-compose -f docker-compose.yml config -q

step "kustomize build + kubernetes-validate --strict ($(kubectl version --client 2>/dev/null | tr '\n' ' '))"
for dir in deploy/k8s/base deploy/k8s/overlays/production; do
  kubectl kustomize "$dir" > "$tmp/manifests.yaml"
  kubernetes-validate --strict --quiet "$tmp/manifests.yaml"
done
sed 's/^  replicas: 2$/  replicas: two/; s/^      terminationGracePeriodSeconds: 30$/      terminationGracePeriod: 30/' "$tmp/manifests.yaml" > "$tmp/broken.yaml"
must_fail "kubernetes-validate" kubernetes-validate --strict --quiet "$tmp/broken.yaml"

step "promtool ($(promtool --version 2>&1 | head -1))"
promtool check config --syntax-only deploy/monitoring/prometheus/prometheus.yml >/dev/null
promtool check rules deploy/monitoring/prometheus/alerts.yml >/dev/null
promtool test rules deploy/monitoring/prometheus/alerts.test.yml
sed 's/expr: sum(rate(casework_http_request_duration_seconds_count{status=~"5.."}\[5m\]))/expr: sum(rate(casework_http_request_duration_seconds_count{status=~"5.."}[5m])/' \
  deploy/monitoring/prometheus/alerts.yml > "$tmp/broken-alerts.yml"
must_fail "promtool check rules" promtool check rules "$tmp/broken-alerts.yml"
step "all deployment files valid"
