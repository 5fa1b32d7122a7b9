#!/usr/bin/env bash
# The project's own Neo4j server (5.26 Community, embedded; see neo4j/): no Docker needed.
#
#   bash scripts/neo4j.sh start    build if needed, start in the background, wait until ready
#   bash scripts/neo4j.sh stop     SIGTERM, wait, SIGKILL after NEO4J_STOP_TIMEOUT seconds
#   bash scripts/neo4j.sh status   exit 0 when running (process alive and Bolt port open), else 1
#   bash scripts/neo4j.sh wipe     stop, then delete the run directory (all data and logs)
#   bash scripts/neo4j.sh build    only build (mvn) if needed
#
# Environment:
#   NEO4J_BOLT_PORT       Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_PASSWORD        password of the user neo4j (default netsupport-dev, never printed)
#   NEO4J_HOME_DIR        run directory: data/, logs/, neo4j.pid, neo4j.log (default neo4j/run)
#   NEO4J_HEAP            JVM -Xmx (default 512m: loads of any size fit, in batches)
#   NEO4J_PAGE_CACHE      page cache, off the heap (default 256m)
#   NEO4J_TX_MEMORY_MAX   db.memory.transaction.max (default 0, no limit but the heap)
#   NEO4J_START_TIMEOUT   seconds to wait for READY (default 180)
#   NEO4J_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 60)
#   NEO4J_JAVA            java binary (default $JAVA_HOME/bin/java, else java on PATH)
#   NEO4J_JAVA_OPTS       extra JVM options, split on spaces
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/neo4j"
TARGET="$MODULE/target"
CLASSPATH_FILE="$TARGET/classpath.txt"
BUILD_STAMP="$TARGET/.netsupport-built"
MAIN_CLASS="netsupport.Neo4jLauncher"

PORT="${NEO4J_BOLT_PORT:-7687}"
HOME_DIR="${NEO4J_HOME_DIR:-$ROOT/neo4j/run}"
HEAP="${NEO4J_HEAP:-512m}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"
if [[ -z "${NEO4J_PASSWORD:-}" ]]; then
    NEO4J_PASSWORD="netsupport-dev"
fi
# The run directory holds the case data, the server's logs and the lock: none of it for
# other accounts on the machine (directories 0700, files 0600).
umask 077

if [[ "$HOME_DIR" != /* ]]; then
    HOME_DIR="$PWD/$HOME_DIR"
fi
PID_FILE="$HOME_DIR/neo4j.pid"
LOG_FILE="$HOME_DIR/neo4j.log"
LOCK_FILE="$HOME_DIR/neo4j.lock"

say() { printf 'neo4j: %s\n' "$*"; }
die() { printf 'neo4j: %s\n' "$*" >&2; exit 1; }

if [[ ! "$PORT" =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then
    die "NEO4J_BOLT_PORT is not a port number: $PORT"
fi
PORT=$((10#$PORT))
URI="bolt://127.0.0.1:$PORT"
[[ "$START_TIMEOUT" =~ ^[0-9]{1,6}$ ]] || die "NEO4J_START_TIMEOUT is not a number of seconds"
[[ "$STOP_TIMEOUT" =~ ^[0-9]{1,6}$ ]] || die "NEO4J_STOP_TIMEOUT is not a number of seconds"
START_TIMEOUT=$((10#$START_TIMEOUT))
STOP_TIMEOUT=$((10#$STOP_TIMEOUT))

java_bin() {
    if [[ -n "${NEO4J_JAVA:-}" ]]; then
        printf '%s\n' "$NEO4J_JAVA"
    elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        printf '%s\n' "$JAVA_HOME/bin/java"
    else
        printf 'java\n'
    fi
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# The pid from the pid file, when that process is alive and is our launcher.
server_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid="$(<"$PID_FILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
    printf '%s\n' "$pid"
}

ready_logged() {
    [[ -f "$LOG_FILE" ]] && grep -q "^NEO4J READY " "$LOG_FILE"
}

lock() {
    mkdir -p "$HOME_DIR"
    chmod 700 "$HOME_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$LOCK_FILE"
        flock -w "$((START_TIMEOUT + STOP_TIMEOUT + 60))" 9 || die "could not lock $LOCK_FILE"
    fi
}

build_needed() {
    [[ -f "$BUILD_STAMP" && -f "$CLASSPATH_FILE" ]] || return 0
    [[ -f "$TARGET/classes/netsupport/Neo4jLauncher.class" ]] || return 0
    [[ -z "$(find "$MODULE/pom.xml" "$MODULE/src" -newer "$BUILD_STAMP" -print -quit)" ]] \
        || return 0
    local jar
    local -a jars
    IFS=: read -r -a jars <"$CLASSPATH_FILE" || true
    for jar in "${jars[@]}"; do
        [[ -e "$jar" ]] || return 0
    done
    return 1
}

build() {
    build_needed || return 0
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven) is needed to build neo4j/"
    local out
    out="$(mktemp)"
    say "building neo4j/ (mvn)"
    if ! mvn -q -B -Dstyle.color=never -f "$MODULE/pom.xml" compile >"$out" 2>&1; then
        tail -n 60 "$out" >&2
        rm -f "$out"
        die "build failed"
    fi
    rm -f "$out"
    touch "$BUILD_STAMP"
}

stop_pid() {
    local pid="$1" waited=0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= STOP_TIMEOUT * 10)); then
            say "no exit after ${STOP_TIMEOUT}s, sending SIGKILL to pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

fail_start() {
    local pid="${1:-}" why="$2"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        stop_pid "$pid"
    fi
    rm -f "$PID_FILE"
    {
        printf 'neo4j: %s\n' "$why"
        if [[ -f "$LOG_FILE" ]]; then
            printf -- '--- last lines of %s ---\n' "$LOG_FILE"
            tail -n 40 "$LOG_FILE"
        fi
        if [[ -f "$HOME_DIR/logs/debug.log" ]]; then
            printf -- '--- last lines of %s ---\n' "$HOME_DIR/logs/debug.log"
            tail -n 20 "$HOME_DIR/logs/debug.log"
        fi
    } >&2
    exit 1
}

wait_ready() {
    local pid="$1" started="$2" now
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            fail_start "" "the server process (pid $pid) exited during start-up"
        fi
        if ready_logged && port_open; then
            now="$(date +%s)"
            say "running (pid $pid) at $URI, ready in $((now - started))s"
            return 0
        fi
        now="$(date +%s)"
        if ((now - started >= START_TIMEOUT)); then
            fail_start "$pid" "not ready after ${START_TIMEOUT}s (NEO4J_START_TIMEOUT); stopped it"
        fi
        sleep 0.2
    done
}

cmd_start() {
    lock
    local pid started java
    if pid="$(server_pid)"; then
        if port_open && ready_logged; then
            say "already running (pid $pid) at $URI"
            return 0
        fi
        say "pid $pid is starting; waiting"
        wait_ready "$pid" "$(date +%s)"
        return 0
    fi
    rm -f "$PID_FILE"
    if port_open; then
        die "port $PORT is already in use by another process (set NEO4J_BOLT_PORT)"
    fi
    build
    java="$(java_bin)"
    command -v "$java" >/dev/null 2>&1 || die "java not found (set NEO4J_JAVA or JAVA_HOME)"

    local -a jvm_opts=(
        "-Xmx$HEAP"
        -XX:+ExitOnOutOfMemoryError
        -XX:-OmitStackTraceInFastThrow
        -Djdk.nio.maxCachedBufferSize=1024
        -Dlog4j2.disable.jmx=true
        -Dfile.encoding=UTF-8
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        -Dio.netty.tryReflectionSetAccessible=true
    )
    if [[ -n "${NEO4J_JAVA_OPTS:-}" ]]; then
        local -a extra
        read -r -a extra <<<"$NEO4J_JAVA_OPTS"
        jvm_opts+=("${extra[@]}")
    fi

    mkdir -p "$HOME_DIR"
    chmod 700 "$HOME_DIR"
    [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
    started="$(date +%s)"
    local -a detach=(nohup)
    if command -v setsid >/dev/null 2>&1; then
        detach=(setsid nohup)
    fi
    (
        exec 9>&- # the server must not hold the start/stop lock
        cd "$HOME_DIR"
        umask 077
        export NEO4J_BOLT_PORT="$PORT" NEO4J_HOME_DIR="$HOME_DIR" NEO4J_PASSWORD
        exec "${detach[@]}" "$java" "${jvm_opts[@]}" \
            -cp "$TARGET/classes:$(<"$CLASSPATH_FILE")" "$MAIN_CLASS" \
            >"$LOG_FILE" 2>&1 </dev/null
    ) &
    pid=$!
    printf '%s\n' "$pid" >"$PID_FILE"
    say "starting (pid $pid), log $LOG_FILE"
    wait_ready "$pid" "$started"
}

cmd_stop() {
    [[ -d "$HOME_DIR" ]] || { say "not running"; return 0; }
    lock
    local pid
    if ! pid="$(server_pid)"; then
        rm -f "$PID_FILE"
        say "not running"
        return 0
    fi
    say "stopping (pid $pid)"
    stop_pid "$pid"
    rm -f "$PID_FILE"
    say "stopped"
}

cmd_status() {
    local pid
    if pid="$(server_pid)" && port_open; then
        say "running (pid $pid) at $URI"
        return 0
    fi
    say "not running"
    return 1
}

cmd_wipe() {
    [[ -d "$HOME_DIR" ]] || { say "nothing to wipe at $HOME_DIR"; return 0; }
    local entry name
    for entry in "$HOME_DIR"/* "$HOME_DIR"/.[!.]*; do
        [[ -e "$entry" ]] || continue
        name="${entry##*/}"
        case "$name" in
            data | logs | neo4j.pid | neo4j.log | neo4j.log.1 | neo4j.lock) ;;
            *) die "refusing to wipe $HOME_DIR: it holds $name, not only Neo4j files" ;;
        esac
    done
    cmd_stop
    rm -rf -- "$HOME_DIR"
    say "wiped $HOME_DIR"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    wipe) cmd_wipe ;;
    build) build ;;
    *)
        printf 'usage: %s start|stop|status|wipe|build\n' "$0" >&2
        exit 2
        ;;
esac
