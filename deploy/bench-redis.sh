#!/usr/bin/env bash
# The throughput cost of --redis (session checkpoints) at 200 sessions
# (docs/replicas.md, "Measured"): one replica on this machine, with and
# without Redis, runs interleaved, medians printed.
#   deploy/bench-redis.sh [ROUNDS] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
dur=${2:-10s}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/stark" ./cmd/stark
mkdir "$tmp/app"
cp pages/5_Bench.star "$tmp/app/"
printf '[limits]\nclient_sockets = 500\nsessions = 1000\n' >"$tmp/app/stark.toml"
redis-server --port 6391 --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
sleep 0.5
for i in $(seq "$rounds"); do
  for mode in none redis; do
    extra=()
    [ "$mode" = redis ] && extra=(--redis redis://127.0.0.1:6391/0)
    "$tmp/stark" run "$tmp/app" --addr 127.0.0.1:8591 --no-watch "${extra[@]}" >"$tmp/stark.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -sf http://127.0.0.1:8591/healthz >/dev/null && break; sleep 0.1; done
    "$tmp/stark" bench http://127.0.0.1:8591/Bench --sessions 200 --duration "$dur" --set n=0..1000 --json |
      sed "s/^{/{\"mode\":\"$mode\",/" >>"$tmp/results.jsonl"
    kill "$pid"; wait "$pid" || true
  done
done
echo "redis keys after the runs: $(redis-cli -p 6391 dbsize)"
key=$(redis-cli -p 6391 --scan --pattern '*:session:*' | sed -n 1p)
echo "one checkpoint: $(redis-cli -p 6391 strlen "$key") bytes of value, $(redis-cli -p 6391 memory usage "$key") bytes in Redis (MEMORY USAGE), key $key"
cat "$tmp/results.jsonl"
python3 - "$tmp/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for mode in ("none", "redis"):
    r = [x for x in rows if x["mode"] == mode]
    med = lambda k: statistics.median(x.get(k, 0) for x in r)
    print(f"{mode:6} runs={len(r)} reruns/s median={med('reruns_per_s'):.0f} p50={med('p50_ms'):.1f}ms p99={med('p99_ms'):.1f}ms server_cpu={med('server_cpu_us_per_rerun'):.0f}us/rerun errors={sum(x['errors'] for x in r)}")
n = statistics.median(x["reruns_per_s"] for x in rows if x["mode"] == "none")
y = statistics.median(x["reruns_per_s"] for x in rows if x["mode"] == "redis")
print(f"cost of --redis: {100*(n-y)/n:.1f}% of reruns/s (median against median)")
PY
