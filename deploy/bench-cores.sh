#!/bin/bash
# bench-cores.sh ROUNDS: reruns/s of `stark run` at GOMAXPROCS 1 and 2, on
# the demo's Bench page (50 lines) and the same page with 500 lines, 50
# sessions of `stark bench` for 5 s each, rounds interleaved
# (docs/bench.md, "Scaling with cores and page size"). Run from the
# repository's root after `make build`.
set -eu
rounds=${1:-2}
bin=${STARK:-./bin/stark}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for lines in 50 500; do
	mkdir -p "$tmp/app$lines"
	sed "s/for i in range(50):/for i in range($lines):/" pages/5_Bench.star >"$tmp/app$lines/Bench.star"
	printf '[limits]\nclient_sockets = 1000\n' >"$tmp/app$lines/stark.toml"
done
port=8631
for round in $(seq 1 "$rounds"); do
	for procs in 1 2; do
		for lines in 50 500; do
			GOMAXPROCS=$procs "$bin" run "$tmp/app$lines" --addr 127.0.0.1:$port >/dev/null 2>&1 &
			pid=$!
			for _ in $(seq 1 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
			printf 'round=%s GOMAXPROCS=%s lines=%s ' "$round" "$procs" "$lines"
			"$bin" bench http://127.0.0.1:$port/Bench --sessions 50 --duration 5s --set n=0..1000 --json 2>/dev/null |
				python3 -c 'import json,sys; d=json.load(sys.stdin); print("reruns/s=%.0f p50=%sms p99=%sms server_cpu=%.0fus" % (d["reruns_per_s"], d["p50_ms"], d["p99_ms"], d["server_cpu_us_per_rerun"]))'
			kill $pid
			wait $pid 2>/dev/null || true
			port=$((port + 1))
		done
	done
done
