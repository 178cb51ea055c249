#!/bin/sh
# Writes fresh production secrets for docker-compose.yml into a folder (default ./secrets, which
# git and the image ignore), one file per secret, readable by the owner only. Run once per
# installation; keep the folder backed up apart from the database (the keys decrypt it).
#   scripts/ops/generate-secrets.sh [dir]     then: CASEWORK_SECRETS=<dir> docker compose up -d
set -eu
dir="${1:-./secrets}"
mkdir -p "$dir" && chmod 700 "$dir"
umask 077
key() { openssl rand -base64 32; }
year="$(date +%Y)"
[ -f "$dir/casework_db_password" ] || openssl rand -hex 24 > "$dir/casework_db_password"
printf 'postgres://casework:%s@casework-db:5432/casework\n' "$(cat "$dir/casework_db_password")" > "$dir/database_url"
[ -f "$dir/pii_keys" ] || printf 'p%s:%s\n' "$year" "$(key)" > "$dir/pii_keys"
[ -f "$dir/pii_blind_index_key" ] || key > "$dir/pii_blind_index_key"
[ -f "$dir/temporal_payload_keys" ] || printf 't%s:%s\n' "$year" "$(key)" > "$dir/temporal_payload_keys"
[ -f "$dir/case_keys" ] || printf '{"current":"c%s","keys":{"c%s":"%s"}}\n' "$year" "$year" "$(key)" > "$dir/case_keys"
[ -f "$dir/audit_signing_key" ] || openssl genpkey -algorithm ed25519 -outform DER | base64 -w0 > "$dir/audit_signing_key"
[ -f "$dir/grafana_admin_password" ] || openssl rand -hex 16 > "$dir/grafana_admin_password"
echo "secrets written to $dir"
