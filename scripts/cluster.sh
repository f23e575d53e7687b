#!/usr/bin/env bash
# Опора as a region runs it when one machine is not enough: a SurrealDB server and two Опора
# nodes against it, each on a port of its own (put a load balancer in front of them).
#   OPORA_CLUSTER_DIR  where the database, the shared files and the passwords live
#                      (default: ./data/cluster)
#   OPORA_DB_PORT      the database server's port (default: 8000)
#   OPORA_NODE_PORTS   the nodes' ports (default: "3001 3002")
#   OPORA_LIVE         live updates from a live query (`query`) or the change feed
#                      (`changefeed`, the default here: needed once the database has several nodes)
# Stop everything with Ctrl+C.
source "$(dirname "$0")/setup.sh"

ensure_rust
prune_own_builds
build_site
build_db_server

DIR="${OPORA_CLUSTER_DIR:-$ROOT/data/cluster}"
DB_PORT="${OPORA_DB_PORT:-8000}"
NODE_PORTS="${OPORA_NODE_PORTS:-3001 3002}"
BIN="$CARGO_TARGET_DIR/debug/opora"
mkdir -p "$DIR/files"
# The passwords are made once, kept beside the data (readable by this user only) and never
# printed: the database's root user, and Опора's own user with rights on its database only.
if [ ! -f "$DIR/secrets.env" ]; then
  (umask 077 && printf 'DB_ROOT_PASS=%s\nOPORA_DB_PASS=%s\n' "$(new_secret)" "$(new_secret)" > "$DIR/secrets.env")
fi
# shellcheck disable=SC1091
source "$DIR/secrets.env"
export OPORA_DB="ws://127.0.0.1:$DB_PORT" OPORA_DB_USER=opora OPORA_DB_PASS
# The nodes share the files (photos, scanned answers): on several machines this is a network
# share mounted at the same place on each.
export OPORA_DATA_DIR="$DIR/files" OPORA_LIVE="${OPORA_LIVE:-changefeed}"

PIDS=()
stop_all() {
  step "Останавливаю узлы и сервер базы данных"
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

step "Сервер SurrealDB: 127.0.0.1:$DB_PORT, данные в $DIR/db"
start_db_server "$DB_PORT" "surrealkv://$DIR/db" "$DIR/db.log"
PIDS+=("$DB_SERVER_PID")

step "Пользователь базы данных «opora» (права только на свою базу)"
OPORA_DB_ROOT_PASS="$DB_ROOT_PASS" "$BIN" db-user
if [ ! -f "$OPORA_DATA_DIR/demo-logins.txt" ]; then
  step "Загружаю демо-данные"
  "$BIN" seed-demo
fi

for port in $NODE_PORTS; do
  OPORA_ADDR="127.0.0.1:$port" "$BIN" serve > "$DIR/node-$port.log" 2>&1 &
  PIDS+=("$!")
done
for port in $NODE_PORTS; do
  for _ in $(seq 1 150); do
    if curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; then break; fi
    sleep 0.2
  done
  curl -sf "http://127.0.0.1:$port/healthz" > /dev/null || { echo "Узел $port не ответил; журнал: $DIR/node-$port.log" >&2; exit 1; }
done
step "Готово: узлы $(for p in $NODE_PORTS; do printf 'http://127.0.0.1:%s ' "$p"; done)— живые обновления: $OPORA_LIVE. Логины: $OPORA_DATA_DIR/demo-logins.txt. Остановить — Ctrl+C"
wait
