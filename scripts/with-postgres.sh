#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a fresh mktemp -d directory under /tmp (unix socket in that directory too), starts it
# on 127.0.0.1 at a free port, creates the database "gonghui", runs CMD with
#   DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/gonghui   (and PGHOST/PGPORT/PGUSER/PGDATABASE)
# then stops the cluster and deletes the directory, exiting with CMD's exit code.
#
# Installs the Debian "postgresql" package (via scripts/system-packages.sh) only when no initdb is found.
# As root, the cluster runs as the "postgres" OS user (initdb refuses root); otherwise as the caller.
#
# Environment knobs:
#   PG_BIN=/usr/lib/postgresql/15/bin   use these server binaries instead of the newest one found
#   PG_DURABLE=1                        keep fsync/synchronous_commit on (benchmarks); default off for speed
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

find_pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        [ -x "$PG_BIN/initdb" ] && echo "$PG_BIN"
        return 0
    fi
    local initdb
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$initdb" ] && dirname "$initdb"
    return 0
}

pg_bin=$(find_pg_bin)
if [ -z "$pg_bin" ]; then
    if [ -n "${PG_BIN:-}" ]; then
        echo "with-postgres: PG_BIN=$PG_BIN has no initdb" >&2
        exit 1
    fi
    echo "with-postgres: no PostgreSQL server binaries under /usr/lib/postgresql; installing 'postgresql'" >&2
    bash "$here/system-packages.sh" postgresql >&2
    pg_bin=$(find_pg_bin)
    if [ -z "$pg_bin" ]; then
        echo "with-postgres: installed 'postgresql' but still found no /usr/lib/postgresql/*/bin/initdb" >&2
        exit 1
    fi
fi

if [ "$(id -u)" -eq 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
        echo "with-postgres: running as root but there is no 'postgres' OS user to own the cluster" \
            "(initdb refuses to run as root); is the Debian 'postgresql' package installed correctly?" >&2
        exit 1
    fi
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

cluster=$(mktemp -d /tmp/gonghui-pg.XXXXXX)
started=
cmd_rc=

cleanup() {
    local rc=$?
    [ -n "$cmd_rc" ] && rc=$cmd_rc
    trap - EXIT INT TERM
    if [ -n "$started" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] && chown postgres: "$cluster"
chmod 700 "$cluster"

if ! as_pg "$pg_bin/initdb" -D "$cluster/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$cluster/initdb.log" 2>&1; then
    cat "$cluster/initdb.log" >&2
    echo "with-postgres: initdb failed" >&2
    exit 1
fi

server_opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$cluster -c max_connections=200"
if [ "${PG_DURABLE:-0}" != "1" ]; then
    # A throwaway test cluster: durability buys nothing and costs a lot of test time.
    server_opts="$server_opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

# A free port can be taken between probing and binding; try a few.
for attempt in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_pg "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "$server_opts -c port=$port" start >/dev/null 2>&1; then
        started=1
        break
    fi
done
if [ -z "$started" ]; then
    cat "$cluster/server.log" >&2 || true
    echo "with-postgres: could not start PostgreSQL" >&2
    exit 1
fi

if ! as_pg "$pg_bin/createdb" -h "$cluster" -p "$port" -U postgres gonghui >&2; then
    echo "with-postgres: createdb gonghui failed" >&2
    exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/gonghui"
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=gonghui
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') at $DATABASE_URL" >&2

set +e
"$@"
cmd_rc=$?
set -e
exit "$cmd_rc"
