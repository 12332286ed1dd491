#!/usr/bin/env bash
# Reproduces docs/BENCHMARKS.md in one go: Magpie, Prosody and ejabberd on this machine, each alone
# on CPU core $SERVER_CPU with the load generator on core $GEN_CPU, the same scenarios against each,
# figures compared only within this run.
#
#   bench/run-all.sh                      everything (about 15 minutes)
#   SCENARIOS=login,chat bench/run-all.sh a subset (the document then shows only those figures)
#
# Environment (all optional):
#   JAVA_HOME       JDK 21+ (java, jcmd, jfr); otherwise the ones on PATH
#   MVN             Maven 3.9+ command (default: mvn)
#   MAGPIE_DIST     an unpacked Magpie distribution to measure; default: built from the committed
#                   HEAD (git archive), so other people's uncommitted work never leaks into the figures
#   BENCH_JAR       the generator jar; default: built from the same snapshot
#   SCENARIOS       login,idle,chat,chat-archived,muc,mam,upload
#   SERVERS         which servers to run, in this order (default magpie,prosody,ejabberd); for checks
#   IDLE            idle session counts (default 5000,10000; Prosody logs in
#                   ~70 sessions/s here; 5000,10000,max goes to the open-file limit)
#   DURATION WARMUP seconds per measured phase and of warm-up before it (default 8 and 5: a JIT
#                   compiling on the one server core needs a few seconds before figures settle)
#   RATE            fixed offered 1:1 rate (default 5000 msg/s)
#   ROOMS           room sizes of the fan-out scenario (default 100,1000)
#   MAM_MESSAGES    messages stored before the history queries (default 2000: Prosody archives ~30/s here)
#   SERVER_CPU GEN_CPU   cores for the servers and the generator (default 0 and 1)
#   NICE            scheduling priority of the servers and the generator (default -10, needs root):
#                   on a machine shared with builds it keeps other processes off the measured cores
#   MAGPIE_JAVA_OPTS     JVM flags of Magpie (default below, printed into the document)
#   OUT             the document to write (default docs/BENCHMARKS.md of this checkout)
#   KEEP=1          keep the work directory (configs, logs, JSON, JFR) instead of deleting it
#   DOC_FROM=<dir>  only write the document again from a kept work directory (the same run's files)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=$(command -v "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd")
JFR=$(command -v "${JAVA_HOME:+$JAVA_HOME/bin/}jfr")
MVN=${MVN:-mvn}
SCENARIOS=${SCENARIOS:-login,idle,chat,chat-archived,muc,mam,upload}
SERVERS=${SERVERS:-magpie,prosody,ejabberd}
IDLE=${IDLE:-5000,10000}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-5}
RATE=${RATE:-5000}
ROOMS=${ROOMS:-100,1000}
MAM_MESSAGES=${MAM_MESSAGES:-2000}
SERVER_CPU=${SERVER_CPU:-0}
NICE=${NICE:--10}
GEN_CPU=${GEN_CPU:-1}
MAGPIE_JAVA_OPTS=${MAGPIE_JAVA_OPTS:--XX:+UseSerialGC -Xms512m -Xmx2g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints}
GEN_JAVA_OPTS="-XX:+UseSerialGC -Xms1g -Xmx3g"
OUT=${OUT:-$ROOT/docs/BENCHMARKS.md}
DOMAIN=localhost
PASSWORD=Bench2026pass
MAGPIE_PORT=25222
PROSODY_PORT=25223
PROSODY_HTTP=25280
EJABBERD_PORT=25224
EJABBERD_HTTP=25281

if [ -n "${DOC_FROM:-}" ]; then
  WORK=$DOC_FROM
  KEEP=1
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/magpie-bench.XXXXXX")
fi
chmod 755 "$WORK" # ejabberd runs as its own user and must reach its files here
RUNNING=
cleanup() {
  if [ -n "$RUNNING" ]; then stop_"$RUNNING" || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { printf '\n=== %s  %s\n' "$(date +%H:%M:%S)" "$*"; }

# every connection costs a file descriptor on both sides: use the hard limit. Each server inherits
# it from this shell (ejabberd too: see EJABBERDCTL), so none of them is capped at 1024.
ulimit -n "$(ulimit -Hn)"
OPEN_FILES=$(ulimit -n)

# pid of the process that listens on a loopback TCP port
listener_pid() { ss -Htlnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1; }

# the open-file limit a server really got (what a start script or su did to it shows here)
check_open_files() { # name pid
  local soft
  soft=$(awk '/^Max open files/ {print $4}' "/proc/$2/limits")
  echo "$soft" >"$WORK/$1.nofile"
  echo "$1 (pid $2): open-file limit $soft"
  if [ "$soft" -lt "$OPEN_FILES" ]; then
    echo "WARNING: $1 has an open-file limit of $soft, below this shell's $OPEN_FILES: it will refuse connections early" >&2
  fi
}

wait_port() {
  for _ in $(seq 1 120); do
    if [ -n "$(listener_pid "$1")" ]; then return 0; fi
    sleep 0.5
  done
  echo "nothing listens on port $1 after 60 s" >&2
  return 1
}

if [ -z "${DOC_FROM:-}" ]; then
# ---------------------------------------------------------------- packages and builds
log "packages"
missing=()
command -v prosody >/dev/null || missing+=(prosody)
command -v ejabberdctl >/dev/null || missing+=(ejabberd)
dpkg-query -W -f='${Status}' lua-dbi-sqlite3 2>/dev/null | grep -q installed || missing+=(lua-dbi-sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  # the packages' own services are not started here: each server runs from its config in $WORK
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -q "${missing[@]}"
fi
PROSODY_VERSION=$(dpkg-query -W -f='${Version}' prosody)
EJABBERD_VERSION=$(dpkg-query -W -f='${Version}' ejabberd)
ERLANG_VERSION=$(dpkg-query -W -f='${Version}' erlang-base 2>/dev/null || echo unknown)
LUA_VERSION=$(head -n 1 /usr/bin/prosody | sed 's/.*env //')

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
echo "$COMMIT" >"$WORK/commit"
if [ -z "${MAGPIE_DIST:-}" ] || [ -z "${BENCH_JAR:-}" ]; then
  log "building Magpie $COMMIT (committed HEAD) and the generator"
  mkdir -p "$WORK/src"
  git -C "$ROOT" archive HEAD | tar -x -C "$WORK/src"
  # package, not install: the shared local repository keeps what other builds put there
  (cd "$WORK/src" && $MVN -B -q -o package -Dmaven.test.skip=true -Pbench -pl server-core/distribution,bench -am)
fi
MAGPIE_DIST=${MAGPIE_DIST:-$(ls -d "$WORK"/src/server-core/distribution/target/magpie-server-*/ | head -n 1)}
BENCH_JAR=${BENCH_JAR:-$WORK/src/bench/target/magpie-bench.jar}

# ---------------------------------------------------------------- TLS for the peers (Magpie makes its own)
mkdir -p "$WORK/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$DOMAIN" \
  -addext "subjectAltName=DNS:$DOMAIN,DNS:conference.$DOMAIN,DNS:upload.$DOMAIN" \
  -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" 2>/dev/null
cat "$WORK/tls/cert.pem" "$WORK/tls/key.pem" >"$WORK/tls/both.pem"
chmod 644 "$WORK"/tls/*.pem

# ---------------------------------------------------------------- the generator
run_generator() { # name port pid [extra options]
  local name=$1 port=$2 pid=$3
  shift 3
  log "generator against $name (pid $pid)"
  # shellcheck disable=SC2086
  nice -n "$NICE" taskset -c "$GEN_CPU" "$JAVA" $GEN_JAVA_OPTS -jar "$BENCH_JAR" --name "$name" --port "$port" --domain "$DOMAIN" \
    --password "$PASSWORD" --server-pid "$pid" --server-core "$SERVER_CPU" --scenario "$SCENARIOS" --idle "$IDLE" --rate "$RATE" --rooms "$ROOMS" \
    --duration "$DURATION" --warmup "$WARMUP" --mam-messages "$MAM_MESSAGES" --chat-archive false --out "$WORK/$name.json" "$@" \
    2>&1 | tee "$WORK/$name.txt"
}

# ---------------------------------------------------------------- Magpie
start_magpie() {
  cp -r "$MAGPIE_DIST" "$WORK/magpie"
  local conf=$WORK/magpie/conf/magpie.properties
  sed -i "s/^server.domain=.*/server.domain=$DOMAIN/; s/^server.client.port=.*/server.client.port=$MAGPIE_PORT/;
          s/^server.tls.required=.*/server.tls.required=false/;
          s/^files.http.tls=.*/files.http.tls=false/;
          s/^auth.registration.per.address.per.hour=.*/auth.registration.per.address.per.hour=0/;
          s/^auth.registration.per.hour=.*/auth.registration.per.hour=0/;
          s/^server.limits.connections.per.address=.*/server.limits.connections.per.address=1000000/;
          s/^server.limits.unauthenticated.per.address=.*/server.limits.unauthenticated.per.address=1000000/;
          s/^server.limits.unauthenticated.total=.*/server.limits.unauthenticated.total=1000000/;
          s/^server.ping.idle.seconds=.*/server.ping.idle.seconds=3600/" "$conf"
  (cd "$WORK/magpie" && JAVA_OPTS="$MAGPIE_JAVA_OPTS" nice -n "$NICE" taskset -c "$SERVER_CPU" bin/magpie-server --daemon)
  RUNNING=magpie
  MAGPIE_PID=$(cat "$WORK/magpie/data/magpie.pid")
  check_open_files magpie "$MAGPIE_PID"
}
stop_magpie() {
  [ -d "$WORK/magpie" ] && (cd "$WORK/magpie" && bin/magpie-server stop)
  RUNNING=
}

# ---------------------------------------------------------------- Prosody
start_prosody() {
  mkdir -p "$WORK/prosody/data"
  local whitelist
  whitelist=$(for i in $(seq 1 20); do printf '"127.0.0.%s"; ' "$i"; done)
  cat >"$WORK/prosody/prosody.cfg.lua" <<EOF
-- written by bench/run-all.sh: equal settings to Magpie's (registration, rooms, archive, files; no TLS required)
run_as_root = true
pidfile = "$WORK/prosody/prosody.pid"
data_path = "$WORK/prosody/data"
log = { info = "$WORK/prosody/prosody.log" }
network_backend = "epoll"
c2s_ports = { $PROSODY_PORT }
c2s_interfaces = { "127.0.0.1" }
s2s_ports = { }
http_ports = { $PROSODY_HTTP }
http_interfaces = { "127.0.0.1" }
https_ports = { }
http_external_url = "http://127.0.0.1:$PROSODY_HTTP/"
c2s_require_encryption = false
allow_registration = true
-- lift the registration limits: every loopback source address the generator uses is whitelisted
registration_whitelist = { $whitelist }
min_seconds_between_registrations = 0
registration_throttle_max = 1000000
registration_throttle_period = 1
authentication = "internal_hashed"
-- SQLite (lua-dbi-sqlite3), as Prosody recommends for archives: its file store re-reads the archive on every append
storage = "sql"
sql = { driver = "SQLite3", database = "prosody.sqlite" }
default_archive_policy = true
archive_expires_after = "never"
ssl = { certificate = "$WORK/tls/cert.pem"; key = "$WORK/tls/key.pem" }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "register"; "mam"; "offline"; "ping"; "vcard_legacy"; "posix" }
modules_disabled = { "s2s" }
VirtualHost "$DOMAIN"
Component "conference.$DOMAIN" "muc"
  restrict_room_creation = false
  muc_room_locking = false
  muc_room_default_persistent = true
  max_history_messages = 20
Component "upload.$DOMAIN" "http_file_share"
  http_file_share_size_limit = 64*1024*1024
  http_file_share_daily_quota = 100*1024*1024*1024
  http_file_share_global_quota = 100*1024*1024*1024
EOF
  nice -n "$NICE" taskset -c "$SERVER_CPU" prosody --config "$WORK/prosody/prosody.cfg.lua" -F >"$WORK/prosody/console.log" 2>&1 &
  RUNNING=prosody
  wait_port "$PROSODY_PORT"
  PROSODY_PID=$(listener_pid "$PROSODY_PORT")
  check_open_files prosody "$PROSODY_PID"
}
stop_prosody() {
  local pid
  pid=$(listener_pid "$PROSODY_PORT")
  if [ -n "$pid" ]; then kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; fi
  RUNNING=
}

# ---------------------------------------------------------------- ejabberd
EJABBERD_NODE=magpie-bench@localhost
# The packaged ejabberdctl, started by root, switches to the ejabberd user with su, and su's PAM
# session (pam_limits) sets the open-file limit back to 1024 whatever this shell or ejabberdctl.cfg
# says: ejabberd then refuses connections past about a thousand sessions. So ejabberdctl is started
# as the ejabberd user already, without PAM (setpriv keeps this shell's limits), and runs the node
# "as the current user". HOME is that user's, as su would set it: erl keeps the node's cookie there,
# and start and stop must use the same cookie.
# --ctl-config too: the packaged ejabberdctl.cfg would set the config path back to the system's
EJABBERDCTL=(setpriv --reuid=ejabberd --regid=ejabberd --init-groups
  ejabberdctl --node "$EJABBERD_NODE" --ctl-config "$WORK/ejabberd/ejabberdctl.cfg" --config "$WORK/ejabberd/ejabberd.yml"
  --spool "$WORK/ejabberd/db" --logs "$WORK/ejabberd/log")
in_ejabberd_env() { # command...: in the ejabberd user's environment (the setpriv itself is in EJABBERDCTL)
  (cd "$WORK/ejabberd" && exec env HOME="$(getent passwd ejabberd | cut -d: -f6)" USER=ejabberd LOGNAME=ejabberd "$@")
}
start_ejabberd() {
  mkdir -p "$WORK/ejabberd/db" "$WORK/ejabberd/log" "$WORK/ejabberd/upload"
  cat >"$WORK/ejabberd/ejabberd.yml" <<EOF
# written by bench/run-all.sh: equal settings to Magpie's; no shapers, no traffic limits
hosts: ["$DOMAIN"]
loglevel: info
certfiles: ["$WORK/tls/both.pem"]
listen:
  - port: $EJABBERD_PORT
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls: true
    max_stanza_size: 262144
    shaper: none
    access: all
  - port: $EJABBERD_HTTP
    ip: "127.0.0.1"
    module: ejabberd_http
    request_handlers:
      /upload: mod_http_upload
acl:
  loopback:
    ip: ["127.0.0.0/8"]
access_rules:
  local:
    allow: all
  register:
    allow: all
auth_method: internal
auth_password_format: scram
registration_timeout: infinity
max_fsm_queue: 100000
modules:
  mod_disco: {}
  mod_roster: {}
  mod_vcard: {}
  mod_ping: {}
  mod_offline: {}
  mod_register:
    access: register
    ip_access: all
  mod_mam:
    default: always
  mod_muc:
    host: "conference.@HOST@"
    access: all
    access_create: all
    access_persistent: all
    max_users: 5000
    max_users_presence: 5000
    history_size: 20
    default_room_options:
      persistent: true
      mam: false
      max_users: 5000
  mod_http_upload:
    host: "upload.@HOST@"
    put_url: "http://127.0.0.1:$EJABBERD_HTTP/upload"
    docroot: "$WORK/ejabberd/upload"
    max_size: 67108864
EOF
  # Erlang ports (sockets and files) are capped separately from file descriptors: at least the
  # open-file limit, never below the package's 32000
  local ports=$(( OPEN_FILES > 32000 ? OPEN_FILES + 1024 : 32000 ))
  printf 'ERL_MAX_PORTS=%s\nERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"\nEJABBERD_PID_PATH=%s\n' \
    "$ports" "$WORK/ejabberd/ejabberd.pid" >"$WORK/ejabberd/ejabberdctl.cfg"
  chown -R ejabberd "$WORK/ejabberd"
  # nice first (a negative value needs root), then the switch to the ejabberd user
  in_ejabberd_env nice -n "$NICE" taskset -c "$SERVER_CPU" "${EJABBERDCTL[@]}" foreground >"$WORK/ejabberd/console.log" 2>&1 &
  RUNNING=ejabberd
  wait_port "$EJABBERD_PORT"
  EJABBERD_PID=$(listener_pid "$EJABBERD_PORT")
  check_open_files ejabberd "$EJABBERD_PID"
}
stop_ejabberd() {
  local pid
  pid=$(listener_pid "$EJABBERD_PORT")
  in_ejabberd_env "${EJABBERDCTL[@]}" stop >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
  RUNNING=
}

# ---------------------------------------------------------------- the run
RUN_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "$RUN_STARTED" >"$WORK/started"
echo "$SERVERS" >"$WORK/servers"
SECONDS=0

for server in ${SERVERS//,/ }; do
  case $server in
    magpie)
      log "Magpie $COMMIT"
      start_magpie
      run_generator magpie "$MAGPIE_PORT" "$MAGPIE_PID" --jcmd "$JCMD" --jfr "$WORK/magpie-chat.jfr"
      stop_magpie ;;
    prosody)
      log "Prosody $PROSODY_VERSION"
      start_prosody
      run_generator prosody "$PROSODY_PORT" "$PROSODY_PID"
      stop_prosody ;;
    ejabberd)
      log "ejabberd $EJABBERD_VERSION"
      start_ejabberd
      run_generator ejabberd "$EJABBERD_PORT" "$EJABBERD_PID"
      stop_ejabberd ;;
    *) echo "unknown server in SERVERS: $server" >&2; exit 2 ;;
  esac
done

RUN_MINUTES=$(( (SECONDS + 59) / 60 ))
echo "$RUN_MINUTES" >"$WORK/minutes"
fi # DOC_FROM

COMMIT=$(cat "$WORK/commit")
RUN_STARTED=$(cat "$WORK/started")
SERVERS=$(cat "$WORK/servers" 2>/dev/null || echo "$SERVERS")
RUN_MINUTES=$(cat "$WORK/minutes" 2>/dev/null || echo "?")
PROSODY_VERSION=$(dpkg-query -W -f='${Version}' prosody)
EJABBERD_VERSION=$(dpkg-query -W -f='${Version}' ejabberd)
ERLANG_VERSION=$(dpkg-query -W -f='${Version}' erlang-base 2>/dev/null || echo unknown)
LUA_VERSION=$(head -n 1 /usr/bin/prosody | sed 's/.*env //')
BENCH_JAR=${BENCH_JAR:-$WORK/src/bench/target/magpie-bench.jar}

# ---------------------------------------------------------------- the document
log "writing $OUT"
reports=()
for s in magpie prosody ejabberd; do [ -f "$WORK/$s.json" ] && reports+=("$WORK/$s.json"); done
"$JAVA" -jar "$BENCH_JAR" compare --out "$WORK/table.md" "${reports[@]}"
profile() { # view, rows
  if [ -f "$WORK/magpie-chat.jfr" ]; then
    # the run's temporary folder is of no use to a reader: shown as <work>
    "$JFR" view --width 160 "$1" "$WORK/magpie-chat.jfr" 2>/dev/null | head -n "$2" | sed "s#$WORK/#<work>/#g"
  else
    echo "(no recording)"
  fi
}
{
  cat <<EOF
# Benchmarks: Magpie, Prosody and ejabberd

*Generated by \`bench/run-all.sh\` on $RUN_STARTED in $RUN_MINUTES minutes; the analysis below the
tables is written by hand for this run (bench/ANALYSIS.md). Figures of different runs are never
compared: every ratio below comes from this one run on this one machine.*

## Machine and versions

| | |
|---|---|
| CPU | $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) |
| Memory | $(free -g | awk '/^Mem:/ {print $2}') GiB |
| Kernel | $(uname -sr) |
| OS | $(. /etc/os-release && echo "$PRETTY_NAME") |
| Open-file limit (hard) | $(ulimit -Hn) |
| Open-file limit of each server process | $(for s in magpie prosody ejabberd; do [ -f "$WORK/$s.nofile" ] && echo "$s $(cat "$WORK/$s.nofile")"; done | paste -sd, - | sed 's/,/, /g') (read from /proc/<pid>/limits during the run) |
| Magpie | commit $COMMIT, on $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') with \`$MAGPIE_JAVA_OPTS\` |
| Prosody | $PROSODY_VERSION (Debian) on $LUA_VERSION, epoll backend, SQLite storage (lua-dbi-sqlite3) |
| ejabberd | $EJABBERD_VERSION (Debian) on Erlang/OTP $ERLANG_VERSION, Mnesia storage |
| Generator | bench/ (this repository), \`$GEN_JAVA_OPTS\`, virtual threads, raw XMPP |

The machine is shared with other engineers' builds and tests, so single figures carry noise of a
few per cent to tens of per cent; a ratio is only meaningful within this run, and repeated runs
should be compared before trusting a small difference.

## How it was run

Each server runs alone, pinned with \`taskset -c $SERVER_CPU\`; the generator is pinned to core
$GEN_CPU, so every figure is *per server core*. Servers and generator run at \`nice -n $NICE\` so the
other engineers' builds on this shared machine stay mostly off those cores; what they still took
of the server's core is a row of the CPU table ("other processes on the server's core"). All three get the same domain (\`$DOMAIN\`),
in-band registration, rooms, archive (MAM with policy "always"), no TLS required on loopback
(STARTTLS offered), no rate limits or shapers (Prosody's registration throttle and whitelist
lifted, ejabberd's shaper and registration timeout off), INFO logging. The configs are written by the script into a temporary directory.

Archive writes are not equal, and the tables must be read with that in mind:

- 1:1 (scenario 3, "1:1"): the accounts ask for MAM preference "never" and every server honours
  it, so these rows measure routing alone. "1:1 archived" is the same load with the preference
  "always": every server stores every message in its archive (Magpie in Derby, durably, before it
  routes it). The notes per server below say which case applied.
- Rooms (scenario 4): room archives are off on the peers (Prosody without mod_muc_mam, ejabberd
  rooms with \`mam: false\`; both keep 20 messages of history in memory); Magpie stores every
  group message and each member's unread count before it sends the message.
- History (scenario 5): every server archives: it measures archived 1:1 messages per second and
  query latency. Prosody stores in SQLite, ejabberd in Mnesia, Magpie in Derby.
- Idle sessions are measured at the counts in the command below (\`IDLE\`); the open-file limit
  (\`IDLE=...,max\`) is left out of the default run because Prosody logs in fewer than 200 sessions/s here.

\`\`\`
$(printf '%s ' "${0##"$ROOT"/}"; env | grep -E '^(SERVERS|SCENARIOS|IDLE|DURATION|WARMUP|RATE|ROOMS|MAM_MESSAGES)=' | tr '\n' ' ')
# per server (see bench/run-all.sh):
nice -n $NICE taskset -c $GEN_CPU java $GEN_JAVA_OPTS -jar magpie-bench.jar --name <server> --port <port> --domain $DOMAIN \\
  --server-pid <pid> --server-core $SERVER_CPU --chat-archive false --scenario $SCENARIOS --idle $IDLE --rate $RATE --rooms $ROOMS --duration $DURATION --warmup $WARMUP \\
  --mam-messages $MAM_MESSAGES [--jcmd jcmd --jfr magpie-chat.jfr   for Magpie]
\`\`\`

Scenario details: see bench/README.md.

## Results

$(for s in ${SERVERS//,/ }; do [ -f "$WORK/$s.json" ] || echo "**$s has no figures in this run: it did not start or did not finish.**"; done)

$(cat "$WORK/table.md")

## Profile of Magpie under the 1:1 load (JFR, both 1:1 phases)

Hot methods (execution samples):

\`\`\`
$(profile hot-methods 30)
\`\`\`

Allocation by class:

\`\`\`
$(profile allocation-by-class 20)
\`\`\`

Lock contention:

\`\`\`
$(profile contention-by-site 20)
\`\`\`

File writes:

\`\`\`
$(profile file-writes-by-path 12)
\`\`\`

EOF
  if [ -f "$ROOT/bench/ANALYSIS.md" ]; then cat "$ROOT/bench/ANALYSIS.md"; fi
} >"$OUT"
log "done in $RUN_MINUTES minutes: $OUT"
