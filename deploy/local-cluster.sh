#!/usr/bin/env bash
# Runs a ModelOpt cluster as plain processes on localhost: one coordinator and N workers, no containers.
#
#   deploy/local-cluster.sh start  [--workers N] [--slots N] [--base-port P] [--management-port M] [--command-port C] [--run-dir DIR] [--tls on|off]
#   deploy/local-cluster.sh status [--run-dir DIR]
#   deploy/local-cluster.sh stop   [--run-dir DIR] [--grace SECONDS]
#
# Ports: the coordinator uses P (Akka remoting, default 4053), M (Akka.Management, default P+4505 = 8558) and C
# (command endpoint, default P+5057 = 9110); worker i uses P+i and M+i. Every node is a seed, the coordinator first,
# and each runs under a supervisor that starts it again when it dies (kill -9, crash), so any one node's death or
# restart ends in one cluster again. The run directory (default .local-cluster/ in the repository) holds the journal
# (SQLite), checkpoints, logs/<node>.log, pids/<node>.pid (the node) and pids/<node>.supervisor (its supervisor).
# With --tls on (the default) the nodes talk mutual TLS with certificates from a CA made once in tls/ca (tls/node is
# what they load), so no other process on this machine can join them.
# ModelOpt.Node is built (Release) when its output is missing or older than any source file.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run_dir="$repo/.local-cluster"
workers=2
slots=1
base_port=4053
management_port=""
command_port=""
grace=20
tls=on
command=${1:-}
[[ $# -gt 0 ]] && shift

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
fail() { echo "local-cluster: $*" >&2; exit 1; }
whole_number() { [[ $2 =~ ^[0-9]+$ ]] || fail "$1: expected a whole number, got '$2'"; }

while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || fail "$1: missing value"
  case $1 in
    --workers) whole_number "$1" "$2"; workers=$2 ;;
    --slots) whole_number "$1" "$2"; slots=$2 ;;
    --base-port) whole_number "$1" "$2"; base_port=$2 ;;
    --management-port) whole_number "$1" "$2"; management_port=$2 ;;
    --command-port) whole_number "$1" "$2"; command_port=$2 ;;
    --run-dir) run_dir=$(mkdir -p "$2" && cd "$2" && pwd) ;;
    --grace) whole_number "$1" "$2"; grace=$2 ;;
    --tls) [[ $2 == on || $2 == off ]] || fail "--tls: expected on or off, got '$2'"; tls=$2 ;;
    *) fail "unknown option '$1'" ;;
  esac
  shift 2
done
(( slots >= 1 )) || fail "--slots: at least 1"
management_port=${management_port:-$((base_port + 4505))}
command_port=${command_port:-$((base_port + 5057))}
(( base_port + workers <= 65535 && management_port + workers <= 65535 && command_port <= 65535 )) \
  || fail "ports: base $base_port, management $management_port, command $command_port leave no room for $workers workers"

output="$repo/src/ModelOpt.Node/bin/Release/net10.0"
dll="$output/ModelOpt.Node.dll"
pids="$run_dir/pids"
logs="$run_dir/logs"

build_if_needed() {
  if [[ -f $dll ]] && [[ -z $(find "$repo/src" \( -name '*.cs' -o -name '*.csproj' -o -name 'appsettings*.json' \) \
        -not -path '*/obj/*' -not -path '*/bin/*' -newer "$dll" -print -quit) ]]; then
    return
  fi
  echo "local-cluster: building ModelOpt.Node (Release)"
  dotnet build "$repo/src/ModelOpt.Node/ModelOpt.Node.csproj" -c Release -m:1 -v q -nologo
}

# A pid file names a live node only if that process is still a ModelOpt.Node (pids are reused).
live_pid() {
  local file=$1 pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'ModelOpt.Node' \
    && echo "$pid"
}

# Every node lists every node as a seed, the coordinator first: a restarted coordinator asks the workers (still a
# cluster) to let it in instead of forming a cluster of its own, and a restarted worker finds whichever node is up.
seed_nodes() {
  local i seeds="akka.tcp://modelopt@127.0.0.1:$base_port"
  for ((i = 1; i <= workers; i++)); do seeds+=",akka.tcp://modelopt@127.0.0.1:$((base_port + i))"; done
  echo "$seeds"
}

# Runs one node and starts it again whenever it dies, until stop (SIGTERM) arrives: SIGTERM goes on to the node,
# which leaves the cluster. A node that exits by itself with 0 (it was told to leave) or 2 (bad options) stays down.
# Quick successive deaths wait 1, 2, 4 ... 15 s before the next start.
supervise() {
  local name=$1 node="" stopping="" code pause=0 started
  trap 'stopping=1; [[ -n $node ]] && kill -TERM "$node" 2>/dev/null' TERM INT
  while [[ -z $stopping ]]; do
    started=$SECONDS
    echo "=== local-cluster: starting $name ($(date -u +%FT%TZ))" >>"$logs/$name.log"
    dotnet "$dll" </dev/null >>"$logs/$name.log" 2>&1 &
    node=$!
    # Write then rename: a reader never sees the pid file empty or half-written.
    echo "$node" >"$pids/$name.pid.new" && mv -f "$pids/$name.pid.new" "$pids/$name.pid"
    # wait returns early (>128) when a trapped signal arrives; wait again until the node has really ended.
    while :; do
      wait "$node" && code=0 || code=$?
      kill -0 "$node" 2>/dev/null || break
    done
    [[ -n $stopping ]] && break
    if (( code == 0 || code == 2 )); then
      echo "=== local-cluster: $name exited with $code; not restarting it" >>"$logs/$name.log"
      break
    fi
    (( SECONDS - started > 60 )) && pause=0
    pause=$(( pause == 0 ? 1 : (pause * 2 > 15 ? 15 : pause * 2) ))
    echo "=== local-cluster: $name died (exit $code); starting it again in ${pause}s" >>"$logs/$name.log"
    sleep "$pause" & wait $! || true
  done
  rm -f "$pids/$name.pid"
}

start_node() {
  local name=$1 roles=$2 offset=$3
  local port=$((base_port + offset))
  (
    cd "$run_dir"
    export MOPT_ROLES=$roles MOPT_HOSTNAME=127.0.0.1 MOPT_PORT=$port \
      MOPT_SEED_NODES="$(seed_nodes)" MOPT_SLOTS=$slots \
      MOPT_JOURNAL="$run_dir/journal.db" MOPT_CHECKPOINTS="$run_dir/checkpoints" \
      MOPT_MANAGEMENT_PORT=$((management_port + offset)) MOPT_COMMAND_PORT=$command_port MOPT_COMMAND_BIND=127.0.0.1 MOPT_TOKEN_FILE="$run_dir/token" \
      OTEL_SERVICE_NAME=${OTEL_SERVICE_NAME:-modelopt-node} \
      OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$name${OTEL_RESOURCE_ATTRIBUTES:+,$OTEL_RESOURCE_ATTRIBUTES}"
    if [[ $tls == on ]]; then export MOPT_TLS_DIR="$run_dir/tls/node"; else unset MOPT_TLS_DIR; fi
    # setsid: the supervisor and its node get their own session, so a Ctrl-C in this terminal does not reach them; stop does.
    setsid bash -c "$(declare -f supervise); logs='$logs' pids='$pids' dll='$dll'; supervise '$name'" </dev/null >/dev/null 2>&1 &
    echo $! >"$pids/$name.supervisor.new" && mv -f "$pids/$name.supervisor.new" "$pids/$name.supervisor"
  )
  local deadline=$((SECONDS + 5))
  until [[ -s $pids/$name.pid ]] || (( SECONDS >= deadline )); do sleep 0.1; done
  echo "local-cluster: started $name (roles $roles, port $port, pid $(cat "$pids/$name.pid" 2>/dev/null || echo '?'), log $logs/$name.log)"
}

node_names() {
  [[ -d $pids ]] || return 0
  # Workers first, so the coordinator sees them leave before it stops itself.
  find "$pids" \( -name 'worker-*.pid' -o -name 'worker-*.supervisor' \) -printf '%f\n' | sed 's/\.\(pid\|supervisor\)$//' | sort -Vu
  [[ -f $pids/coordinator.pid || -f $pids/coordinator.supervisor ]] && echo coordinator
  return 0
}

start() {
  local running
  running=$(for name in $(node_names); do
    { live_pid "$pids/$name.pid" || live_supervisor "$pids/$name.supervisor"; } >/dev/null && echo "$name"
  done)
  [[ -z $running ]] || fail "already running in $run_dir: $(echo $running); run stop first"
  build_if_needed
  mkdir -p "$pids" "$logs" "$run_dir/checkpoints"
  rm -f "$pids"/*.pid "$pids"/*.supervisor "$pids"/*.new
  # The command endpoint's token: created once, owner-only; mopt reads it through MOPT_TOKEN_FILE.
  [[ -s $run_dir/token ]] || (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$run_dir/token")
  # The cluster's CA (made once) and the certificate every node presents, issued afresh from it.
  if [[ $tls == on ]]; then
    dotnet "$dll" tls ca "$run_dir/tls/ca" >/dev/null
    dotnet "$dll" tls issue "$run_dir/tls/ca" "$run_dir/tls/node" --name local-node >/dev/null
  fi
  start_node coordinator coordinator 0
  for ((i = 1; i <= workers; i++)); do start_node "worker-$i" worker "$i"; done
  # A node that fails on its options or ports exits at once: report it instead of leaving a dead pid file.
  local deadline=$((SECONDS + 5)) failed=""
  while (( SECONDS < deadline )); do
    failed=$(for name in $(node_names); do live_pid "$pids/$name.pid" >/dev/null || echo "$name"; done)
    [[ -z $failed ]] || break
    sleep 0.5
  done
  if [[ -n $failed ]]; then
    for name in $failed; do echo "local-cluster: $name exited; last log lines:" >&2; tail -n 5 "$logs/$name.log" >&2; done
    stop
    exit 1
  fi
  echo "local-cluster: commands: MOPT_HOST=127.0.0.1:$command_port MOPT_TOKEN_FILE=$run_dir/token mopt search list"
}

# A supervisor's pid file names a live supervisor only if that process still runs this script's supervise loop.
live_supervisor() {
  local file=$1 pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'supervise' \
    && echo "$pid"
}

stop() {
  local name pid supervisor deadline
  for name in $(node_names); do
    supervisor=$(live_supervisor "$pids/$name.supervisor") || supervisor=""
    pid=$(live_pid "$pids/$name.pid") || pid=""
    [[ -n $supervisor ]] && kill -TERM "$supervisor" 2>/dev/null
    [[ -z $supervisor && -n $pid ]] && kill -TERM "$pid" 2>/dev/null
    deadline=$((SECONDS + grace))
    while { [[ -n $supervisor ]] && kill -0 "$supervisor" 2>/dev/null; } || { [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }; do
      if (( SECONDS >= deadline )); then
        echo "local-cluster: $name ignored SIGTERM for ${grace}s; sending SIGKILL" >&2
        [[ -n $supervisor ]] && kill -KILL "$supervisor" 2>/dev/null
        [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
        break
      fi
      sleep 0.2
    done
    [[ -n $supervisor || -n $pid ]] && echo "local-cluster: stopped $name${pid:+ (pid $pid)}"
    rm -f "$pids/$name.pid" "$pids/$name.supervisor"
  done
}

status() {
  local name pid any=""
  for name in $(node_names); do
    any=1
    if pid=$(live_pid "$pids/$name.pid"); then
      echo "$name: running (pid $pid, log $logs/$name.log)"
    elif live_supervisor "$pids/$name.supervisor" >/dev/null; then
      echo "$name: restarting (see $logs/$name.log)"
    else
      echo "$name: not running (see $logs/$name.log)"
    fi
  done
  [[ -n $any ]] || echo "no nodes in $run_dir"
}

case $command in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
