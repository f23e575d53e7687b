# Installs what the build and the tests need, skipping what is already there.
# Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION="0.3.10"
LEPTOSFMT_VERSION="0.1.33"
WASM_BINDGEN_VERSION="0.2.130"
# cargo-leptos adds this flag to what it builds; plain `cargo test` and `cargo clippy` get the
# same, so that the tests' server and the one `cargo leptos build` serves are one build, not two
# (build_site hands cargo-leptos the flags without it, or it would be there twice).
OPORA_OWN_RUSTFLAGS="${RUSTFLAGS:-}"
export RUSTFLAGS="$OPORA_OWN_RUSTFLAGS --cfg erase_components"
# Leptos reads the bundle's name when it is compiled; cargo-leptos sets it from Cargo.toml's
# `name`, and the tests' build needs the same value to be the same build.
export LEPTOS_OUTPUT_NAME=opora
# Compiled dependencies are kept outside the clone, in one directory for every checkout of
# Опора on this machine: a fresh clone (and the test command run on it) compiles only Опора's
# own crates, not SurrealDB again. Set CARGO_TARGET_DIR to keep them elsewhere.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/opora/target}"
# A CI run compiles Опора's crates once, in a clone nobody edits: incremental caches would only
# cost time and gigabytes there.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m  (%d с от начала)\n' "$*" "$SECONDS"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# The shared target directory keeps the dependencies, but every clone compiles Опора's own crates
# (a few gigabytes of debug binaries and incremental caches) under names of its own: those not
# rebuilt for six hours belong to clones that are gone or idle, and are removed so that the
# directory does not grow with every run. An idle checkout only recompiles its own crates.
prune_own_builds() {
  [ -d "$CARGO_TARGET_DIR" ] || return 0
  find "$CARGO_TARGET_DIR" -type f -path '*/deps/*' -mmin +360 \( \
    -name 'app-*' -o -name 'libapp-*' -o -name 'opora-*' -o -name 'opora_server-*' -o \
    -name 'libopora_server-*' -o -name 'opora_tests-*' -o -name 'libopora_tests-*' -o \
    -name 'integration-*' -o -name 'crash-*' \) -delete
  find "$CARGO_TARGET_DIR" -mindepth 2 -maxdepth 5 -type d -path '*/incremental/*' -mmin +360 \
    -prune -exec rm -rf {} +
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    step "Rust не найден — установите rustup: https://rustup.rs"
    exit 1
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Добавляю цель wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    step "Устанавливаю cargo-leptos $CARGO_LEPTOS_VERSION (≈ 13 мин)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    step "Устанавливаю wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Without --locked: its lock file names a crate that the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_leptosfmt() {
  if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    step "Устанавливаю leptosfmt $LEPTOSFMT_VERSION (форматирование view!)"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null; then
    step "Устанавливаю Node.js и npm"
    apt_install nodejs npm
  fi
}

ensure_chromium() {
  if [ -z "${OPORA_CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ]; then
    step "Устанавливаю Chromium"
    apt_install chromium
  fi
}

ensure_playwright() {
  ensure_node
  ensure_chromium
  if ! [ -d end2end/node_modules/@playwright/test ]; then
    step "Устанавливаю Playwright (без загрузки браузеров)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

# The SurrealDB server of the same version as Опора's client (the workspace's `opora-db`).
build_db_server() {
  step "Сборка сервера SurrealDB (opora-db)"
  cargo build -p opora-db
  DB_SERVER_BIN="$CARGO_TARGET_DIR/debug/opora-db"
}

# A port nobody listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A password of 32 hex digits, made on the spot and never written to the repository.
new_secret() {
  head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

# Starts the SurrealDB server on loopback: start_db_server PORT STORAGE LOG (STORAGE: memory or
# surrealkv://DIR), root password in DB_ROOT_PASS; waits until it answers. Its pid: DB_SERVER_PID.
start_db_server() {
  local port="$1" storage="$2" log="$3"
  SURREAL_USER=root SURREAL_PASS="$DB_ROOT_PASS" SURREAL_NO_BANNER=true SURREAL_LOG=warn \
    "$DB_SERVER_BIN" start --bind "127.0.0.1:$port" "$storage" > "$log" 2>&1 &
  DB_SERVER_PID=$!
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$port/health" > /dev/null; then return 0; fi
    if ! kill -0 "$DB_SERVER_PID" 2> /dev/null; then
      echo "Сервер SurrealDB не запустился; его журнал:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "Сервер SurrealDB не ответил за 20 с; его журнал: $log" >&2
  return 1
}

# `--split`: the pages loaded when first opened (app/src/lazy_pages.rs) become chunks of their
# own; the browser tests run on that build, as a tablet gets it.
build_site() {
  step "Сборка сервера и WASM-клиента (cargo leptos build --split)"
  RUSTFLAGS="$OPORA_OWN_RUSTFLAGS" cargo leptos build --split
}
