#!/usr/bin/env bash
# Runs what deploy/participation.service runs, without systemd: the unit's ExecStart line,
# verbatim except that /opt/participation is mapped to this checkout, with an environment file
# like /etc/participation/env (production mode, a generated secret, a temporary SQLite database).
# Waits for /healthz = 200 on 127.0.0.1, checks security headers, cookies and the request log,
# stops gunicorn with SIGTERM as systemd would, and validates the unit with systemd-analyze when
# present. Then participation-worker@.service, when Redis answers: its ExecStart against Redis,
# and a job that is running when SIGTERM reaches the main process only (as KillMode=mixed sends
# it) must finish before the worker exits. Bounded: every wait has a timeout. Exit code 0 only
# when every check passed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
UNIT="$ROOT/deploy/participation.service"
WUNIT="$ROOT/deploy/participation-worker@.service"
# a Redis database and a queue of this check's own (its keys are deleted afterwards)
CHECK_REDIS_URL="${PARTICIPATION_CHECK_REDIS_URL:-redis://127.0.0.1:6379/9}"
WORK="$(mktemp -d /tmp/participation-check.XXXXXX)"
GPID=""
WPID=""
QUEUE="deploy-check-$(python3 -c 'import secrets; print(secrets.token_hex(5))')"
FAILED=0

ok()   { printf '  ok    %s\n' "$*"; }
bad()  { printf '  FAIL  %s\n' "$*"; FAILED=1; }
step() { printf '\n== %s\n' "$*"; }

cleanup() {
  if [ -n "$GPID" ] && kill -0 "$GPID" 2>/dev/null; then kill -TERM "$GPID" 2>/dev/null || true; fi
  # the worker runs in a process group of its own (setsid): its work horse and scheduler too
  if [ -n "$WPID" ]; then kill -KILL -- "-$WPID" 2>/dev/null || true; fi
  "$ROOT/.venv/bin/python" - "$CHECK_REDIS_URL" "$QUEUE" >/dev/null 2>&1 <<'PY' || true
import sys
from redis import Redis
r = Redis.from_url(sys.argv[1], socket_connect_timeout=2)
queue = sys.argv[2]
own = list(r.scan_iter(f"*{queue}*", count=1000))
own += [k for k in r.scan_iter("rq:job:*", count=1000)
        if r.type(k) == b"hash" and r.hget(k, "origin") == queue.encode()]
if own:
    r.delete(*own)
r.srem("rq:queues", f"rq:queue:{queue}")
PY
  rm -rf "$WORK"
}
trap cleanup EXIT

step "unit: ExecStart"
EXEC="$(sed -n 's/^ExecStart=//p' "$UNIT")"
[ -n "$EXEC" ] || { echo "no ExecStart in $UNIT"; exit 1; }
echo "  unit:  $EXEC"
EXEC="${EXEC//\/opt\/participation/$ROOT}"
PORT=8000
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then
  # someone else's server on this shared machine: same command, another loopback port
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  EXEC="${EXEC//127.0.0.1:8000/127.0.0.1:$PORT}"
  echo "  note:  port 8000 is in use here; using 127.0.0.1:$PORT"
fi
echo "  run:   $EXEC"
case "$EXEC" in *"--bind 127.0.0.1:"*) ok "binds loopback only";; *) bad "ExecStart does not bind 127.0.0.1";; esac

step "environment file (as /etc/participation/env, mode 600)"
ENVFILE="$WORK/env"
(umask 077; cat >"$ENVFILE" <<EOF
PARTICIPATION_ENV=production
PARTICIPATION_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
PARTICIPATION_DATABASE_URL=sqlite:///$WORK/instance/participation.db
PARTICIPATION_INSTANCE_PATH=$WORK/instance
PARTICIPATION_BASE_URL=https://partisipasi.example.go.id
PARTICIPATION_TRUSTED_PROXIES=1
PARTICIPATION_LOG_LEVEL=INFO
PARTICIPATION_REQUEST_LOG=true
EOF
)
mkdir -p "$WORK/instance"
ok "written to $ENVFILE ($(stat -c %a "$ENVFILE"))"

# systemd starts the service with an empty environment plus EnvironmentFile=, in WorkingDirectory=;
# each exec replaces the previous process, so $! below is gunicorn's master itself
run_env() {
  local script
  script="$(mktemp "$WORK/start.XXXXXX")"  # one per run: a running worker's is still read
  { echo 'set -a'; echo ". '$ENVFILE'"; echo 'set +a'; echo "cd '$ROOT'"; echo "exec $*"; } >"$script"
  exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 HOME="$WORK" bash "$script"
}

step "database migrated (participation db upgrade, as before every start)"
if (run_env "$ROOT/.venv/bin/participation" db upgrade) >"$WORK/upgrade.log" 2>&1; then
  ok "$(tail -n1 "$WORK/upgrade.log")"
else
  bad "db upgrade failed:"; tail -n 5 "$WORK/upgrade.log"; exit 1
fi

step "gunicorn start"
(run_env "$EXEC") >"$WORK/gunicorn.log" 2>&1 &
GPID=$!
BASE="http://127.0.0.1:$PORT"
STATUS=000
for _ in $(seq 1 60); do
  STATUS="$(curl -s -o "$WORK/healthz" -w '%{http_code}' --max-time 2 "$BASE/healthz" || true)"
  [ "$STATUS" = 200 ] && break
  kill -0 "$GPID" 2>/dev/null || break
  sleep 0.5
done
if [ "$STATUS" = 200 ]; then ok "/healthz 200: $(cat "$WORK/healthz")"; else
  bad "/healthz gave $STATUS"; tail -n 20 "$WORK/gunicorn.log"; exit 1; fi
WORKERS="$(grep -c 'Booting worker' "$WORK/gunicorn.log" || true)"
[ "$WORKERS" = 3 ] && ok "3 workers booted" || bad "workers booted: $WORKERS"
LISTEN="$(ss -ltnp 2>/dev/null | grep ":$PORT " | awk '{print $4}' | sort -u | tr '\n' ' ')"
case "$LISTEN" in "127.0.0.1:$PORT ") ok "listening on $LISTEN";; *) bad "listening on: $LISTEN";; esac

step "security headers and cookies"
curl -s -D "$WORK/home.h" -o /dev/null --max-time 5 "$BASE/"
curl -s -D "$WORK/login.h" -o /dev/null --max-time 5 "$BASE/masuk"
for h in Content-Security-Policy X-Content-Type-Options X-Frame-Options Referrer-Policy \
         Permissions-Policy Cross-Origin-Opener-Policy X-Request-ID; do
  grep -qi "^$h:" "$WORK/home.h" && ok "$h: $(grep -i "^$h:" "$WORK/home.h" | cut -d' ' -f2- | tr -d '\r' | cut -c1-60)" \
    || bad "missing $h on /"
done
curl -s -D "$WORK/https.h" -o /dev/null --max-time 5 -H 'X-Forwarded-Proto: https' "$BASE/"
grep -qi '^Strict-Transport-Security:' "$WORK/https.h" && ok "HSTS behind the TLS proxy (X-Forwarded-Proto: https)" \
  || bad "no HSTS behind the TLS proxy"
COOKIE="$(grep -i '^Set-Cookie: participation_session' "$WORK/login.h" | tr -d '\r' || true)"
if [[ "$COOKIE" == *Secure* && "$COOKIE" == *HttpOnly* && "$COOKIE" == *SameSite=Lax* ]]; then
  ok "session cookie Secure; HttpOnly; SameSite=Lax"; else bad "session cookie: ${COOKIE:-none}"; fi

step "request log (JSON, no personal data)"
curl -s -o /dev/null --max-time 5 "$BASE/?email=siti%40contoh.id&nik=6471010101010001"
curl -s -o /dev/null --max-time 5 "$BASE/konfirmasi/TOKEN-RAHASIA-123"
sleep 0.5
LINES="$(grep -c '^{"ts":.*"event":"request"' "$WORK/gunicorn.log" || true)"
[ "$LINES" -ge 5 ] && ok "$LINES JSON request lines" || bad "JSON request lines: $LINES"
grep -q '"path":"/konfirmasi/<token>"' "$WORK/gunicorn.log" && ok "token path logged as /konfirmasi/<token>" \
  || bad "token path not logged as its rule"
PII='siti|contoh\.id|6471010101010001|TOKEN-RAHASIA|127\.0\.0\.1'
if grep '^{' "$WORK/gunicorn.log" | grep -Eq "$PII"; then
  bad "personal data or token in the log:"; grep '^{' "$WORK/gunicorn.log" | grep -E "$PII" | cut -c1-300; else ok "no e-mail, NIK, token or client address in the log"; fi
echo "  e.g.  $(grep '"path":"/konfirmasi/<token>"' "$WORK/gunicorn.log" | head -n1)"

step "stop (SIGTERM, as systemctl stop)"
kill -TERM "$GPID"
for _ in $(seq 1 60); do kill -0 "$GPID" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$GPID" 2>/dev/null; then bad "gunicorn still running after 30 s"; kill -KILL "$GPID"; else
  ok "gunicorn stopped: $(grep -E 'Handling signal|Shutting down' "$WORK/gunicorn.log" | sed 's/.*\] //' | tr '\n' ';')"; fi
GPID=""
sleep 0.5
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then bad "port $PORT still open after stop"; else
  ok "port $PORT closed, no worker left"; fi

step "systemd-analyze verify"
if command -v systemd-analyze >/dev/null 2>&1; then
  # the units as installed would be, with their paths mapped to this checkout (User= must exist);
  # the worker template as its instance @1, so that %i is expanded
  mkdir -p "$WORK/unit"
  for pair in "$UNIT:participation.service" "$WUNIT:participation-worker@1.service"; do
    sed -e "s#/opt/participation#$ROOT#g" -e "s#/etc/participation/env#$ENVFILE#" \
        -e "s#^User=.*#User=$(id -un)#" -e "s#^Group=.*#Group=$(id -gn)#" \
        -e "s#/var/lib/participation#$WORK/instance#" "${pair%%:*}" >"$WORK/unit/${pair#*:}"
    if OUT="$(timeout 60 systemd-analyze verify "$WORK/unit/${pair#*:}" 2>&1)" && [ -z "$OUT" ]; then
      ok "systemd-analyze verify ${pair#*:}: no warnings, no errors"
    else
      bad "systemd-analyze verify ${pair#*:}:"; echo "$OUT" | sed 's/^/        /'
    fi
  done
else
  echo "  skip  systemd-analyze not installed"
fi

step "worker unit: ExecStart against Redis, stopped while a job runs"
WEXEC="$(sed -n 's/^ExecStart=//p' "$WUNIT")"
echo "  unit:  $WEXEC"
WEXEC="${WEXEC//\/opt\/participation/$ROOT}"
grep -q '^KillMode=mixed$' "$WUNIT" && ok "KillMode=mixed: SIGTERM reaches the main process only" \
  || bad "KillMode is not mixed: the work horse would die mid-job on every stop"
grep -q '^Restart=always$' "$WUNIT" && ok "Restart=always" || bad "Restart= is not always"
if "$ROOT/.venv/bin/python" -c 'import sys; from redis import Redis; Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()' \
    "$CHECK_REDIS_URL" 2>/dev/null; then
  # the web unit's env file plus Redis; the tests' job handlers (tests/jobs/handlers.py) give
  # the worker a slow job to be stopped in the middle of
  ENVFILE_WEB="$ENVFILE"
  ENVFILE="$WORK/env-worker"
  (umask 077; cat "$ENVFILE_WEB" - >"$ENVFILE" <<EOF
PARTICIPATION_REDIS_URL=$CHECK_REDIS_URL
PARTICIPATION_JOBS_QUEUE=$QUEUE
PARTICIPATION_JOB_MODULES=tests.jobs.handlers
PARTICIPATION_JOBS_HEARTBEAT_SECONDS=0.5
PYTHONPATH=$ROOT
EOF
  )
  echo "  run:   $WEXEC   (queue $QUEUE on $CHECK_REDIS_URL)"
  # setsid: a process group of its own, as the unit's cgroup, so nothing of it can be left behind
  (run_env setsid "$WEXEC") >"$WORK/worker.log" 2>&1 &
  WPID=$!
  for _ in $(seq 1 60); do
    grep -q "Listening on $QUEUE" "$WORK/worker.log" && break
    kill -0 "$WPID" 2>/dev/null || break
    sleep 0.5
  done
  if grep -q "Listening on $QUEUE" "$WORK/worker.log"; then ok "$(head -n1 "$WORK/worker.log")"
  else bad "worker did not start:"; tail -n 20 "$WORK/worker.log"; fi
  STARTED="$WORK/job-started"
  JOB="$( (run_env "$ROOT/.venv/bin/python" - "$STARTED" <<'PY'
import sys

import tests.jobs.handlers  # noqa: F401 - registers tests.slow
from participation import create_app
from participation.core.clock import utcnow
from participation.jobs import enqueue

app = create_app()
with app.extensions["participation.sessionmaker"]() as session:
    job = enqueue(session, "tests.slow", {"seconds": 4, "steps": 8, "started_file": sys.argv[1]},
                  now=utcnow())
    session.commit()
    print(job.id)
PY
  ) 2>"$WORK/enqueue.log" | tail -n1)"
  for _ in $(seq 1 60); do
    [ -e "$STARTED" ] && break
    kill -0 "$WPID" 2>/dev/null || break
    sleep 0.5
  done
  if [ -e "$STARTED" ]; then
    # the horse and the scheduler: children of the worker; the horse has a process group of its
    # own (RQ calls setpgrp), which is why the unit must not rely on signalling groups
    CHILDREN="$(pgrep -P "$WPID" | tr '\n' ' ' || true)"
    ok "job $JOB (4 s) running in the work horse; SIGTERM to the main process, as systemctl stop"
    kill -TERM "$WPID"
    for _ in $(seq 1 120); do kill -0 "$WPID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$WPID" 2>/dev/null; then
      bad "worker still running 60 s after SIGTERM:"; tail -n 20 "$WORK/worker.log"; ps -o pid,stat,wchan:20,cmd -g "$WPID" || true
    else
      WSTATUS=0; wait "$WPID" || WSTATUS=$?
      [ "$WSTATUS" = 0 ] && ok "worker exited with status 0: $(grep -o 'warm shut down requested' "$WORK/worker.log" | head -n1)" \
        || bad "worker exit status $WSTATUS"
    fi
    STATE="$( (run_env "$ROOT/.venv/bin/python" - "$JOB" <<'PY'
import sys

from participation import create_app
from participation.jobs import Job

app = create_app()
with app.extensions["participation.sessionmaker"]() as session:
    job = session.get(Job, int(sys.argv[1]))
    print(job.status, job.attempts)
PY
    ) 2>>"$WORK/enqueue.log" | tail -n1)"
    [ "$STATE" = "done 1" ] && ok "job $JOB finished before the worker left (status, attempts: $STATE)" \
      || { bad "job $JOB after the stop: ${STATE:-unknown}"; tail -n 20 "$WORK/worker.log"; }
    LEFT=""
    for pid in $CHILDREN; do kill -0 "$pid" 2>/dev/null && LEFT="$LEFT $pid"; done
    if [ -n "$LEFT" ] || pgrep -g "$WPID" >/dev/null 2>&1; then
      bad "processes of the worker left:$LEFT"; ps -o pid,pgid,cmd -p "${LEFT# }" 2>/dev/null || true
    else
      ok "no work horse or scheduler left (children were: ${CHILDREN% })"; fi
  else
    bad "job never started:"; tail -n 20 "$WORK/worker.log"; tail -n 5 "$WORK/enqueue.log"
  fi
  kill -KILL -- "-$WPID" 2>/dev/null || true
  for pid in ${LEFT:-}; do kill -KILL "$pid" 2>/dev/null || true; done
  WPID=""
  ENVFILE="$ENVFILE_WEB"
else
  echo "  skip  Redis does not answer at $CHECK_REDIS_URL"
fi

echo
if [ "$FAILED" = 0 ]; then echo "deploy check: all passed"; else echo "deploy check: FAILED"; fi
exit "$FAILED"
