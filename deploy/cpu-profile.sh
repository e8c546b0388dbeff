#!/bin/bash
# cpu-profile.sh [STARK...]: a CPU profile of `stark run` serving the demo's
# Bench page to `stark bench --sessions 200 --set n=0..1000`, classified into
# the buckets of issue 19 by deploy/cpu-buckets.py (docs/bench.md, "Where a
# rerun's CPU goes"). Each STARK binary (default ./bin/stark) is profiled in
# turn, ROUNDS times (env, default 1), interleaved; the profiles are kept in
# OUT (env, default ./cpu-profiles); the servers listen from PORT (env,
# default 8651) up. The server's profile comes from Go's
# net/http/pprof on STARK_PPROF_ADDR, an environment variable of `stark run`.
# The server watches its page, as `stark run` does by default; WATCH=no
# adds --no-watch (which stats the page on every run).
# The bench client is the first binary's. Run from the repository's root.
set -eu
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=(./bin/stark)
rounds=${ROUNDS:-1}
out=${OUT:-./cpu-profiles}
sessions=${SESSIONS:-200}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp pages/5_Bench.star "$tmp/Bench.star"
printf '[limits]\nclient_sockets = 1000\n' >"$tmp/stark.toml"
port=${PORT:-8651}
nowatch=
[ "${WATCH:-yes}" = no ] && nowatch=--no-watch
for round in $(seq 1 "$rounds"); do
	for bin in "${bins[@]}"; do
		name=$(basename "$bin")
		STARK_PPROF_ADDR=127.0.0.1:$((port + 1000)) "$bin" run "$tmp" $nowatch --addr 127.0.0.1:$port >/dev/null 2>&1 &
		pid=$!
		for _ in $(seq 1 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
		"${bins[0]}" bench http://127.0.0.1:$port/Bench --sessions "$sessions" --duration 10s --set n=0..1000 --json >"$tmp/bench.json" 2>/dev/null &
		bpid=$!
		sleep 1.5 # the sessions connected and running
		prof="$out/$name.$round.pprof"
		curl -sf -o "$prof" "http://127.0.0.1:$((port + 1000))/debug/pprof/profile?seconds=7"
		wait $bpid
		kill $pid
		wait $pid 2>/dev/null || true
		printf '== %s round %s: ' "$name" "$round"
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("reruns/s=%.0f p50=%sms p99=%sms server_cpu=%.0fus/rerun" % (d["reruns_per_s"], d["p50_ms"], d["p99_ms"], d.get("server_cpu_us_per_rerun", 0)))' "$tmp/bench.json"
		go tool pprof -traces "$bin" "$prof" 2>/dev/null | python3 deploy/cpu-buckets.py
		port=$((port + 1))
	done
done
