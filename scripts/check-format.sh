#!/usr/bin/env bash
# Every C++ file of the project as .clang-format says: scripts/check-format.sh lists the files that differ and exits
# 1 (the test command runs it first); scripts/check-format.sh --fix formats them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find app src include tests bench -path tests/fuzz/corpus -prune -o \
                       -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print | sort)
if [[ ${1:-} == --fix ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (fix: scripts/check-format.sh --fix):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files as .clang-format says"
