#!/usr/bin/env bash
# Builds Опора, fills an embedded database with a demo department and starts the server.
#   OPORA_DATA_DIR   where the database lives (default: ./data)
#   OPORA_ADDR       where to listen (default: 127.0.0.1:3000)
source "$(dirname "$0")/setup.sh"

ensure_rust
prune_own_builds
build_site

export OPORA_DATA_DIR="${OPORA_DATA_DIR:-$ROOT/data}"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/opora"
if [ -d "$OPORA_DATA_DIR/db" ] && [ -f "$OPORA_DATA_DIR/demo-logins.txt" ]; then
  step "Демо-данные уже загружены ($OPORA_DATA_DIR); логины и пароли:"
  cat "$OPORA_DATA_DIR/demo-logins.txt"
else
  step "Загружаю демо-данные в $OPORA_DATA_DIR"
  "$BIN" seed-demo
fi
step "Запуск: http://${OPORA_ADDR:-127.0.0.1:3000}  (остановить — Ctrl+C)"
exec "$BIN" serve
