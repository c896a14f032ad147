#!/usr/bin/env bash
# A local Kafka-wire broker (noida-db, from PyPI) for the embedded profile, the tests and the bench.
#
#   scripts/kafka-broker.sh start PORT DIR   start in the background; returns once it answers metadata
#   scripts/kafka-broker.sh stop DIR         stop it; its data stays in DIR for the next start
#
# noida-db's Python wrapper would leave its binary running when killed, so this runs the binary
# itself and keeps its pid in DIR/broker.pid. PYTHON picks the interpreter (default: the repo's .venv).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
START_TIMEOUT="${KAFKA_BROKER_START_TIMEOUT:-30}"

usage() {
    echo "usage: $0 start PORT DIR | stop DIR" >&2
    exit 2
}

binary() {
    "$PYTHON" -c 'from importlib.resources import files; print(files("noida_db") / "noida-db")'
}

alive() { [[ -f "$1/broker.pid" ]] && kill -0 "$(cat "$1/broker.pid")" 2>/dev/null; }

answers_metadata() {
    "$PYTHON" - "$1" <<'PY'
import sys
from confluent_kafka.admin import AdminClient

try:
    AdminClient({"bootstrap.servers": sys.argv[1], "log_level": 0}).list_topics(timeout=1)
except Exception:
    sys.exit(1)
PY
}

start() {
    local port="$1" dir="$2"
    mkdir -p "$dir"
    if alive "$dir"; then
        echo "noida-db already running (pid $(cat "$dir/broker.pid")) for $dir"
        return 0
    fi
    local bin
    bin="$(binary)"
    chmod +x "$bin"
    # The binary prints a harmless GLIBC version warning on start; it goes to the log with the rest.
    nohup "$bin" start --only kafka --host 127.0.0.1 --kafka-port "$port" --data-dir "$dir" \
        >>"$dir/broker.log" 2>&1 </dev/null &
    echo $! >"$dir/broker.pid"
    local deadline=$((SECONDS + START_TIMEOUT))
    # First the port, then a real metadata round trip: the port opens before the broker answers.
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && answers_metadata "127.0.0.1:$port"; do
        if ! alive "$dir"; then
            echo "noida-db exited during start; see $dir/broker.log:" >&2
            tail -n 20 "$dir/broker.log" >&2
            rm -f "$dir/broker.pid"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "noida-db did not answer on 127.0.0.1:$port within ${START_TIMEOUT}s" >&2
            stop "$dir"
            return 1
        fi
        sleep 0.2
    done
    echo "noida-db kafka on 127.0.0.1:$port (pid $(cat "$dir/broker.pid"), data in $dir)"
}

stop() {
    local dir="$1"
    if ! alive "$dir"; then
        rm -f "$dir/broker.pid"
        return 0
    fi
    local pid
    pid="$(cat "$dir/broker.pid")"
    # `down` asks the server to save its data and exit; SIGTERM, then SIGKILL, if it does not.
    "$(binary)" down --data-dir "$dir" >>"$dir/broker.log" 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        sleep 1
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/broker.pid"
    echo "noida-db stopped (data kept in $dir)"
}

case "${1:-}" in
start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
*) usage ;;
esac
