#!/usr/bin/env bash
# Formats the code: rustfmt everywhere, and the `view!` blocks of the app with leptosfmt followed
# by rustfmt (the two disagree on a few expressions inside views; this order is the project's).
# `--check` changes nothing and fails when a file is not formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
check=""
[ "${1:-}" = "--check" ] && check=1
if [ -n "$check" ]; then cargo fmt --all -- --check; else cargo fmt --all; fi
bad=()
while IFS= read -r file; do
  [ -f "$file" ] || continue
  formatted="$(leptosfmt --quiet --stdin --rustfmt < "$file")"
  if [ "$formatted" != "$(cat "$file")" ]; then
    if [ -n "$check" ]; then bad+=("$file"); else printf '%s\n' "$formatted" > "$file"; fi
  fi
done < <(git ls-files --cached --others --exclude-standard 'app/src/*.rs' 'app/src/**/*.rs' | sort -u)
if [ ${#bad[@]} -gt 0 ]; then
  printf 'view! не отформатирован (./scripts/format.sh): %s\n' "${bad[@]}"
  exit 1
fi
