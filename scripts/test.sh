#!/usr/bin/env bash
# Runs every test: unit, integration (in-memory SurrealDB) and end-to-end (Playwright in
# Chromium against the real server on a temporary on-disk database).
source "$(dirname "$0")/setup.sh"

ensure_rust
ensure_playwright

step "Модульные тесты"
cargo test -p app --features ssr --lib
cargo test -p server

step "Интеграционные тесты"
cargo test -p opora-tests

build_site

step "Сквозные тесты в Chromium"
(cd end2end && npx playwright test)
