#!/usr/bin/env bash
# The browser tests drive a real Chromium (Playwright's own download does not work offline). Use
# CHROMIUM_PATH or one on PATH; otherwise, as root on Debian/Ubuntu, install the distribution's.
# Without one the browser tests fail saying how to get it (never a silent skip).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "[ci] installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
else
  echo "[ci] no Chromium found; the browser tests will fail and say how to install one" >&2
fi
