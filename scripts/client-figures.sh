#!/usr/bin/env bash
# The client on a tablet: builds the release bundle, starts the release server on a fresh demo
# database and measures how long the board takes to become interactive with the processor
# slowed 4× on a «Fast 3G» connection (end2end/perf/tti.mjs), and the bundle's size raw, gzip
# and brotli. Prints the figures; asserts nothing.
#   RUNS              loads of each kind (default 3)
#   OPORA_PERF_PORT   where the measured server listens (default 3390)
#   BUILD=0           measure the release build already made (target/site and the binary)
source "$(dirname "$0")/setup.sh"

ensure_rust
ensure_playwright
if ! command -v wasm-opt >/dev/null; then
  step "Устанавливаю wasm-opt (binaryen из npm; в Debian он слишком старый)"
  as_root npm install -g binaryen@132
fi

if [ "${BUILD:-1}" != 0 ]; then
  step "Сборка release (сервер и WASM с wasm-opt)"
  RUSTFLAGS="$OPORA_OWN_RUSTFLAGS" cargo leptos build --release --split --precompress
fi

BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/opora"
DATA="$(mktemp -d)"
PORT="${OPORA_PERF_PORT:-3390}"
PASSWORD="Замер-клиента-2026!"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

step "Демо-отделение во временной базе $DATA"
OPORA_DATA_DIR="$DATA" OPORA_DEMO_PASSWORD="$PASSWORD" OPORA_LOG=warn "$BIN" seed-demo >/dev/null
OPORA_DATA_DIR="$DATA" OPORA_ADDR="127.0.0.1:$PORT" OPORA_SITE_ROOT="$ROOT/target/site" OPORA_LOG=warn \
  "$BIN" serve &
SERVER=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

step "Доска на планшете: процессор ×4, «Fast 3G»; затем визиты дня без связи"
OPORA_SERVER_PID="$SERVER" OPORA_URL="http://127.0.0.1:$PORT" OPORA_LOGIN=morozova OPORA_PASSWORD="$PASSWORD" \
  OPORA_PKG="$ROOT/target/site/pkg" node end2end/perf/tti.mjs
