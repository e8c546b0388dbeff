#!/bin/bash
# bench-table.sh BEFORE AFTER: issue 19's before/after table (docs/bench.md,
# "Before and after, 1 to 1,000 sessions"). Each binary serves a copy of the
# demo's Bench page (`stark run DIR`, watching the page as `stark run`
# does by default, a fresh server per measurement; WATCH=no adds
# --no-watch, which stats the page on every run) and is loaded by AFTER's `stark bench` (the client whose CPU
# is reported, and which reads the server's CPU from its /metrics) with 1,
# 50, 200 and 1,000 sessions (--set n=0..1000), then measured with 1,000
# idle sessions (--idle). The two binaries alternate, ROUNDS times (env, default 3); each
# load lasts DURATION (env, default 5s). SESSIONS (env, default "1 50 200
# 1000") chooses the loads; IDLE=no leaves out the idle measurement. Prints one line per measurement and
# the medians. Run from the repository's root; needs curl and python3.
set -eu
[ $# -eq 2 ] || { echo "usage: deploy/bench-table.sh BEFORE AFTER" >&2; exit 2; }
bins=("$1" "$2")
labels=(before after)
rounds=${ROUNDS:-3}
duration=${DURATION:-5s}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp pages/5_Bench.star "$tmp/Bench.star"
printf '[limits]\nclient_sockets = 2000\nsessions = 2000\n' >"$tmp/stark.toml"
port=${PORT:-8751}
nowatch=
[ "${WATCH:-yes}" = no ] && nowatch=--no-watch
results="$tmp/results.jsonl"

serve() { # serve BIN: start a server on $port, wait for /healthz
	"$1" run "$tmp" $nowatch --addr 127.0.0.1:$port >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && return; sleep 0.1; done
	echo "server $1 did not start" >&2
	exit 1
}
stop() {
	kill $pid
	wait $pid 2>/dev/null || true
	port=$((port + 1))
}
record() { # record LABEL MODE: add the bench's JSON with label and mode
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["label"]=sys.argv[2]; d["mode"]=sys.argv[3]; print(json.dumps(d))' "$tmp/b.json" "$1" "$2" | tee -a "$results"
}

for round in $(seq 1 "$rounds"); do
	for n in ${SESSIONS:-1 50 200 1000}; do
		for i in 0 1; do
			serve "${bins[$i]}"
			"${bins[1]}" bench http://127.0.0.1:$port/Bench --sessions $n --duration "$duration" --set n=0..1000 --json >"$tmp/b.json" || true
			stop
			record "${labels[$i]}" "load"
		done
	done
	[ "${IDLE:-yes}" = no ] && continue
	for i in 0 1; do
		serve "${bins[$i]}"
		"${bins[1]}" bench http://127.0.0.1:$port/Bench --sessions 1000 --idle --json >"$tmp/b.json" || true
		stop
		record "${labels[$i]}" "idle"
	done
done

python3 - "$results" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def med(xs):
    xs = [x for x in xs if x]
    return statistics.median(xs) if xs else 0
print("\n| sessions | | reruns/s | p50 ms | p99 ms | server CPU µs/rerun | client CPU µs/rerun |")
print("|---|---|---|---|---|---|---|")
for n in sorted({r["sessions"] for r in rows if r["mode"] == "load"}):
    for label in ("before", "after"):
        rs = [r for r in rows if r["mode"] == "load" and r["label"] == label and r["sessions"] == n]
        print("| %d | %s | %.0f | %.1f | %.1f | %.0f | %.0f |" % (n, label,
            med([r["reruns_per_s"] for r in rs]), med([r["p50_ms"] for r in rs]), med([r["p99_ms"] for r in rs]),
            med([r.get("server_cpu_us_per_rerun") for r in rs]), med([r.get("client_cpu_us_per_rerun") for r in rs])))
if any(r["mode"] == "idle" for r in rows):
    print("\n| 1,000 idle sessions | heap per session | stacks per session | total | goroutines per session |")
    print("|---|---|---|---|---|")
    for label in ("before", "after"):
        rs = [r for r in rows if r["mode"] == "idle" and r["label"] == label]
        h = med([r.get("idle_bytes_per_session") for r in rs]); s = med([r.get("idle_stack_bytes_per_session") for r in rs])
        print("| %s | %.1f KB | %.1f KB | %.1f KB | %.2f |" % (label, h/1000, s/1000, (h+s)/1000, med([r.get("idle_goroutines_per_session") for r in rs])))
EOF
