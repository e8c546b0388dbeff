#!/bin/bash
# bench-instructions.sh TESTBIN BENCH [DIR]: what one iteration of the Go
# benchmark BENCH (a -test.bench pattern, e.g. 'RunReferencePage$') of the
# test binary TESTBIN costs in instructions, first-level data cache misses and
# second-level misses, counted by valgrind's cachegrind (apt-get install
# valgrind) with GOMAXPROCS=1 and a simulated 1 MiB second-level cache (this
# machine's). Unlike time on a shared machine, the counts repeat: run with
# GOGC=off for the mutator alone (the same to a few hundred instructions run
# after run); with the collector on, its cycles fall differently and the
# counts vary by a few percent. The figure is the slope between LO and HI
# iterations (env, default 200 and 1400), so the benchmark's setup cancels.
# The binary runs in DIR (default the current directory): its package's
# directory when the benchmark reads testdata.
#
#   go test -c -o /tmp/host.test ./host
#   GOGC=off deploy/bench-instructions.sh /tmp/host.test 'RunReferencePage$' host
set -eu
[ $# -ge 2 ] || { echo "usage: deploy/bench-instructions.sh TESTBIN BENCH [DIR]" >&2; exit 2; }
bin=$(realpath "$1") re=$2
cd "${3:-.}"
lo=${LO:-200} hi=${HI:-1400}
count() {
	GOMAXPROCS=1 valgrind --tool=cachegrind --cache-sim=yes --LL=1048576,16,64 --cachegrind-out-file=/dev/null \
		"$bin" -test.run '^$' -test.bench "$re" -test.benchtime "${1}x" 2>&1 | python3 -c '
import re, sys
v = {}
for line in sys.stdin:
    m = re.search(r"(I|D1|LL)\s+(refs|misses):\s+([\d,]+)", line)
    if m and m.group(1) + m.group(2) not in v:
        v[m.group(1) + m.group(2)] = int(m.group(3).replace(",", ""))
print(v.get("Irefs", 0), v.get("D1misses", 0), v.get("LLmisses", 0))'
}
read -r a1 a2 a3 < <(count "$lo")
read -r b1 b2 b3 < <(count "$hi")
n=$((hi - lo))
echo "$re: $(((b1 - a1) / n)) instructions/op, $(((b2 - a2) / n)) L1d misses/op, $(((b3 - a3) / n)) L2 misses/op (GOGC=${GOGC:-100})"
