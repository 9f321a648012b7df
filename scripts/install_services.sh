#!/usr/bin/env bash
# Installs Debian's PostgreSQL and redis-server for the tests that need real servers
# (tests/unit/test_insights.py, tests/scale). The tests never use the system services: they
# start private instances on 127.0.0.1 (tests/support/services.py). Idempotent: does nothing
# when initdb, postgres, pg_ctl and redis-server are already there.
set -euo pipefail

have_postgres() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/postgres" && -x "$dir/pg_ctl" ]] && return 0
  done
  command -v initdb >/dev/null && command -v postgres >/dev/null && command -v pg_ctl >/dev/null
}
have_redis() { command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]]; }

PACKAGES=()
have_postgres || PACKAGES+=(postgresql)
have_redis || PACKAGES+=(redis-server)

if [[ ${#PACKAGES[@]} -eq 0 ]]; then
  echo ">> PostgreSQL en redis-server zijn er al"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "!! ${PACKAGES[*]} ontbreekt en apt-get is er niet. Installeer zelf: ${PACKAGES[*]}." >&2
  exit 1
fi

SUDO=()
if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "!! ${PACKAGES[*]} installeren vraagt root-rechten (of sudo). Draai: apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# The packages would start system services; the tests start their own, so ask Debian not to
# (policy-rc.d exit 101 = "do not start"), and only for this install.
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [[ ! -e "$POLICY" ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  CREATED_POLICY=1
fi
cleanup() { [[ $CREATED_POLICY -eq 1 ]] && "${SUDO[@]}" rm -f "$POLICY" || true; }
trap cleanup EXIT

echo ">> Pakketlijsten bijwerken (apt-get update) ..."
if ! "${SUDO[@]}" apt-get update -qq; then
  echo "!! apt-get update is mislukt: controleer de netwerkverbinding met de Debian-spiegel." >&2
  exit 1
fi
echo ">> Installeren: ${PACKAGES[*]} (eerste keer: een minuut) ..."
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; then
  echo "!! apt-get install ${PACKAGES[*]} is mislukt (zie de melding hierboven)." >&2
  exit 1
fi
if ! have_postgres || ! have_redis; then
  echo "!! De pakketten zijn geinstalleerd, maar initdb/postgres of redis-server is niet te vinden." >&2
  exit 1
fi
echo ">> Klaar: PostgreSQL en redis-server geinstalleerd (de tests starten eigen, tijdelijke servers)"
