#!/usr/bin/env bash
# Runs every test, unit and browser, installing first what they need when it is missing:
# Debian's chromium (the browser tests drive /usr/bin/chromium) and postgresql (the relay's
# replica tests start their own server with initdb + pg_ctl). Dependencies come from `npm ci`,
# which runs before this. With TEST_JSON_DIR set, each run also writes a JSON report there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "The tests need these Debian packages, and installing them needs root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    echo "Run that as root (or with sudo), then run this command again." >&2
    exit 1
  fi
  echo "installing ${missing[*]} for the tests"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

unit=()
e2e=()
if [ -n "${TEST_JSON_DIR:-}" ]; then
  mkdir -p "$TEST_JSON_DIR"
  unit=(-- --reporter=default --reporter=json "--outputFile.json=$TEST_JSON_DIR/unit.json")
  e2e=(-- --reporter=default --reporter=json "--outputFile.json=$TEST_JSON_DIR/e2e.json")
fi
npm test "${unit[@]}"
npm run test:e2e "${e2e[@]}"
