#!/usr/bin/env bash
# Make sure a PostgreSQL server listens on 127.0.0.1:5432 with a database "test" (trust auth).
# The project's machines start one before a session; elsewhere install and start Debian's.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! ready; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
  if [ -z "$version" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    version=$(ls /etc/postgresql | sort -V | tail -n1)
  fi
  conf=/etc/postgresql/$version/main
  grep -q "^host all all 127.0.0.1/32 trust" "$conf/pg_hba.conf" || \
    sed -i '1i host all all 127.0.0.1/32 trust' "$conf/pg_hba.conf"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do ready && break; sleep 1; done
fi
ready
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 || \
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test"
echo "PostgreSQL ready on 127.0.0.1:5432"
