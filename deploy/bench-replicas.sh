#!/usr/bin/env bash
# Throughput of replicas behind HAProxy (docs/scale.md, "Measured here"):
# `stark bench` at SESSIONS sessions against one replica directly, through
# HAProxy to one replica, and through HAProxy to two, all with --redis;
# runs interleaved, fresh replicas each run, medians printed. `stark bench
# --metrics` reads each replica's /metrics before and after a run: its runs
# (how the load split) and its CPU, summed for the server's CPU per rerun.
#   deploy/bench-replicas.sh [ROUNDS] [DURATION] [SESSIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
dur=${2:-10s}
sessions=${3:-200}
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/stark" ./cmd/stark
mkdir "$tmp/app"
cp pages/5_Bench.star "$tmp/app/"
printf '[limits]\nclient_sockets = 1000\nsessions = 1000\n' >"$tmp/app/stark.toml"
redis-server --port 6491 --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
# Two frontends: 8693 balances to replica a only, 8694 to a and b (cookie
# affinity as deploy/haproxy.cfg; a bench session keeps one socket, so it
# stays on the replica its socket reached).
cat >"$tmp/haproxy.cfg" <<'CFG'
global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    option redispatch
    retries 2
frontend one
    bind 127.0.0.1:8693
    default_backend one
frontend two
    bind 127.0.0.1:8694
    default_backend two
backend one
    balance roundrobin
    option httpchk GET /healthz
    cookie SRV insert indirect nocache httponly
    server a 127.0.0.1:8691 cookie a check inter 200ms fall 1 rise 1
backend two
    balance roundrobin
    option httpchk GET /healthz
    cookie SRV insert indirect nocache httponly
    server a 127.0.0.1:8691 cookie a check inter 200ms fall 1 rise 1
    server b 127.0.0.1:8692 cookie b check inter 200ms fall 1 rise 1
CFG
"$haproxy" -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.log" 2>&1 &
hapid=$!
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:8693/ && break; sleep 0.1; done
curl -s -o /dev/null http://127.0.0.1:8693/ || { cat "$tmp/haproxy.log"; exit 1; }

hapcpu() { # HAProxy's CPU seconds so far (utime + stime, /proc)
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$hapid/stat"
}

for i in $(seq "$rounds"); do
  for mode in direct lb1 lb2; do
    ports=(8691)
    [ "$mode" = lb2 ] && ports=(8691 8692)
    pids=()
    for p in "${ports[@]}"; do
      "$tmp/stark" run "$tmp/app" --addr "127.0.0.1:$p" --no-watch --redis redis://127.0.0.1:6491/0 >"$tmp/stark-$p.log" 2>&1 &
      pids+=($!)
    done
    for p in "${ports[@]}"; do
      for _ in $(seq 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.1; done
    done
    sleep 1 # HAProxy's checks see the replicas up
    case $mode in
      direct) url=http://127.0.0.1:8691/Bench ;;
      lb1) url=http://127.0.0.1:8693/Bench ;;
      lb2) url=http://127.0.0.1:8694/Bench ;;
    esac
    metrics=$(printf 'http://127.0.0.1:%s,' "${ports[@]}")
    h0=$(hapcpu)
    out=$("$tmp/stark" bench "$url" --sessions "$sessions" --duration "$dur" --set n=0..1000 --json --metrics "${metrics%,}" || true)
    h1=$(hapcpu)
    echo "$out" | sed "s/^{/{\"mode\":\"$mode\",\"cpu_haproxy\":$(awk "BEGIN{print $h1 - $h0}"),/" >>"$tmp/results.jsonl"
    kill "${pids[@]}"; wait "${pids[@]}" || true
  done
done
cat "$tmp/results.jsonl"
python3 - "$tmp/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for x in rows:  # stark bench --metrics: replica a (8691), then b (8692)
    reps = x.get("replicas") or []
    fig = lambda i, k: reps[i][k] if i < len(reps) else 0
    x["cpu_a"], x["runs_a"], x["cpu_b"], x["runs_b"] = fig(0, "cpu_s"), fig(0, "runs"), fig(1, "cpu_s"), fig(1, "runs")
med = lambda r, f: statistics.median(f(x) for x in r)
base = None
for mode in ("direct", "lb1", "lb2"):
    r = [x for x in rows if x["mode"] == mode]
    rps = med(r, lambda x: x["reruns_per_s"])
    base = base or rps
    cpu = med(r, lambda x: x.get("server_cpu_us_per_rerun", 0))
    share = med(r, lambda x: x["runs_a"] / max(1, x["runs_a"] + x["runs_b"]))
    cpu_a = med(r, lambda x: 1e6 * x["cpu_a"] / max(1, x["runs_a"]))
    cpu_b = med(r, lambda x: 1e6 * x["cpu_b"] / max(1, x["runs_b"])) if mode == "lb2" else 0
    hap = med(r, lambda x: 1e6 * x["cpu_haproxy"] / max(1, x["reruns"]))
    lo, hi = min(x["reruns_per_s"] for x in r), max(x["reruns_per_s"] for x in r)
    print(f"{mode:6} runs={len(r)} reruns/s median={rps:.0f} (range {lo:.0f}-{hi:.0f}, {100*(rps-base)/base:+.1f}% against direct) "
          f"p50={med(r, lambda x: x['p50_ms']):.1f}ms p99={med(r, lambda x: x['p99_ms']):.1f}ms "
          f"server_cpu={cpu:.0f}us/rerun (a {cpu_a:.0f}, b {cpu_b:.0f}) haproxy_cpu={hap:.0f}us/rerun share of reruns on a={100*share:.0f}% "
          f"errors={sum(x['errors'] for x in r)}")
PY
