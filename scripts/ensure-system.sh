#!/usr/bin/env bash
# Installs the Debian packages Summit needs when they are missing, and makes sure PostgreSQL and
# Redis answer on loopback. Safe to run again: it only acts on what is absent or stopped.
#   scripts/ensure-system.sh [--services]   (--services: also PostgreSQL, Redis and Chromium, for the tests)
set -euo pipefail

want_services=false
[ "${1:-}" = "--services" ] && want_services=true

need=()
command -v python3 >/dev/null || need+=(python3 python3-venv)
python3 -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)
command -v make >/dev/null || need+=(make)
command -v msgfmt >/dev/null || need+=(gettext)
# WeasyPrint renders with Pango.
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if $want_services; then
  command -v pg_ctlcluster >/dev/null || command -v pg_isready >/dev/null || need+=(postgresql)
  command -v redis-server >/dev/null || need+=(redis-server)
  # Browser tests: Debian's Chromium (Playwright drives it; it never downloads a browser) and
  # npm for axe-core.
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v npm >/dev/null || need+=(npm)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${need[*]}. Install them (as root: apt-get install ${need[*]})." >&2
    exit 1
  fi
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

$want_services || exit 0

# PostgreSQL: the cluster the Debian package made, started if it is down.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "Starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# A fresh Debian cluster uses password auth on TCP: give the postgres role the password the tests use.
if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1" >/dev/null 2>&1; then
  su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\""
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/summit.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
