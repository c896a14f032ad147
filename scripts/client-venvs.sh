#!/usr/bin/env bash
# One venv per real client of Summit's exports (clients/<name>.txt, pinned), under .venv-clients/<name>,
# kept apart from .venv because their pins clash with Summit's. Reinstalled only when a pin changed.
#   scripts/client-venvs.sh            every client
set -euo pipefail
cd "$(dirname "$0")/.."
for requirements in clients/*.txt; do
  name=$(basename "$requirements" .txt)
  venv=".venv-clients/$name"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  digest=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$digest" ]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$digest" > "$venv/.installed"
  fi
done
