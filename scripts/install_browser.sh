#!/usr/bin/env bash
# Installs headless Chromium from Debian for the browser tests (tests/browser).
# Debian's package, not `playwright install`: Playwright downloads its own browser build from a
# CDN, which this project's machines cannot reach; apt can. Idempotent: does nothing when
# /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

if [[ -x "$CHROMIUM" ]]; then
  echo ">> Chromium is er al: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "!! $CHROMIUM ontbreekt en apt-get is er niet. Installeer Chromium zelf (Debian-pakket 'chromium')." >&2
  exit 1
fi

SUDO=()
if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "!! Chromium installeren vraagt root-rechten (of sudo). Draai: apt-get install -y chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo ">> Pakketlijsten bijwerken (apt-get update) ..."
if ! "${SUDO[@]}" apt-get update -qq; then
  echo "!! apt-get update is mislukt: controleer de netwerkverbinding met de Debian-spiegel." >&2
  exit 1
fi
echo ">> Installeren: ${PACKAGES[*]} (eerste keer: een paar minuten) ..."
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; then
  echo "!! apt-get install ${PACKAGES[*]} is mislukt (zie de melding hierboven)." >&2
  exit 1
fi
if [[ ! -x "$CHROMIUM" ]]; then
  echo "!! Het pakket is geinstalleerd, maar $CHROMIUM bestaat niet." >&2
  exit 1
fi
echo ">> Klaar: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
