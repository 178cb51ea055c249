#!/bin/sh
# One-shot (temporalio/admin-tools): the namespace Casework runs in, once the server answers.
set -eu
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
for i in $(seq 1 60); do
  temporal operator cluster health --address temporal:7233 && break
  sleep 2
done
temporal operator namespace describe -n "$NAMESPACE" --address temporal:7233 ||
  temporal operator namespace create -n "$NAMESPACE" --retention "${TEMPORAL_RETENTION:-30d}" --address temporal:7233
