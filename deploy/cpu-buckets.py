#!/usr/bin/env python3
"""cpu-buckets.py: classify the samples of a CPU profile into issue 19's buckets.

    go tool pprof -traces BINARY PROFILE | python3 deploy/cpu-buckets.py [--detail BUCKET N]

Each sample's stack is read from the leaf to the root; the first frame that
matches a bucket's pattern names the sample's bucket (so a collection
assist inside the formatter counts as GC, an allocation of the formatter as
formatting). A sample no pattern matches is "other" (the scheduler, idle
spinning, the runtime's timers). --detail BUCKET N prints the N frames that
named the most samples of BUCKET (for "other", the leaf functions).
Percentages are of all samples.
"""
import re
import sys

# Patterns are searched in function names; for one frame, the first bucket
# whose pattern matches wins.
BUCKETS = [
    ("GC", r"^runtime\.(gcBgMarkWorker|gcAssistAlloc|gcDrain|bgsweep|bgscavenge|markroot|scanobject|greyobject|gcMarkDone|gcStart|sweepone|GC$)"),
    ("stack growth", r"^runtime\.(newstack|morestack|copystack|shrinkstack)"),
    ("os.Stat", r"(^os\.(Stat|statNolog|Lstat)|^syscall\.(Stat|fstatat)|stark/host\.\(\*App\)\.stat$)"),
    ("% formatting", r"(stark/host\.\(\*Format\)|stark/host\.(formatValue|FormatFor)|stark/starlib\.formatLiteral|starlark\.\(\*Int\)\.Format|starlark\.interpolate|^math/big\.)"),
    ("encoding/hashing/diffing", r"(stark/session\.\(\*stream\)\.(deltaLocked|appendDeltaLocked|commitLocked|noteSource)|stark/session\.(Encode|encode|marshal|appendDelta|appendRunStart|appendRunEnd|plainASCII)|stark/host\.\(\*Element\)\.AppendJSON|stark/host\.(appendString|plainPrefix|special|appendValue|appendList|appendObject|appendFloat|AppendCounts|ToJSON|\(\*jsonConverter\)))"),
    ("WebSocket writes", r"(stark/web\.\(\*Server\)\.writer|stark/web\.\(\*sendQueue\)|gorilla/websocket\.\(\*Conn\)\.(WriteMessage|NextWriter|write|WriteControl)|gorilla/websocket\.\(\*messageWriter\))"),
    ("WebSocket reads", r"(gorilla/websocket\.\(\*Conn\)\.(NextReader|ReadMessage|read|advanceFrame)|gorilla/websocket\.\(\*messageReader\)|stark/session\.(Decode|decodeValue)|stark/session\.\(\*Conn\)\.Receive)"),
    # The operators stark compiles into calls of its own (host/rewrite.go)
    # are interpretation too.
    ("Starlark interpretation", r"(^go\.starlark\.net/|stark/starlib\.(mul|checkMul|add|checkAdd)$)"),
    ("element tree building and streaming", r"(stark/starlib\.|stark/host\.\(\*Tree\)|stark/host\.\(\*ScriptRunContext\)\.Append|stark/host\.(elementBytes|valueBytes|\(\*ScriptRunContext\)\.Cursor)|stark/session\.\(\*stream\)\.(add|emit|flush|end)|stark/session\.splitPath)"),
    # What is left of the host, the session and the server: starting a run,
    # its thread, its slot, its end and the next run's request.
    ("run setup and slots", r"(stark/host\.|stark/session\.|stark/web\.)"),
]
BUCKETS = [(n, re.compile(p)) for n, p in BUCKETS]
# Printed in the order.
NAMES = ["Starlark interpretation", "% formatting", "element tree building and streaming",
         "encoding/hashing/diffing", "WebSocket writes", "WebSocket reads", "run setup and slots",
         "os.Stat", "stack growth", "GC", "other"]
assert sorted(NAMES) == sorted([n for n, _ in BUCKETS] + ["other"])


def parse(lines):
    """Yields (value, [functions leaf first]) of each sample trace."""
    val, frames = None, []
    for line in lines:
        if line.startswith("-----------+"):
            if val is not None:
                yield val, frames
            val, frames = None, []
            continue
        if "|" not in line[:12] and val is None:
            m = re.match(r"^\s+([0-9.]+)(ns|us|µs|ms|s)\s+(\S+)", line)
            if m:
                scale = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1}[m.group(2)]
                val, frames = float(m.group(1)) * scale, [m.group(3)]
            continue
        if val is not None:
            f = line.strip()
            if f:
                frames.append(f.split()[0])
    if val is not None:
        yield val, frames


def classify(frames):
    """Returns the sample's bucket and the frame that named it."""
    for f in frames:
        for name, pat in BUCKETS:
            if pat.search(f):
                return name, f
    return "other", frames[0]


def main():
    detail, detail_n = None, 0
    if len(sys.argv) == 4 and sys.argv[1] == "--detail":
        detail, detail_n = sys.argv[2], int(sys.argv[3])
    totals = {n: 0.0 for n in NAMES}
    others = {}
    for val, frames in parse(sys.stdin):
        b, f = classify(frames)
        totals[b] += val
        if b == detail:
            others[f] = others.get(f, 0) + val
    total = sum(totals.values()) or 1
    for n in NAMES:
        print("%-38s %5.1f%%  %7.2fs" % (n, 100 * totals[n] / total, totals[n]))
    print("%-38s %5.1f%%  %7.2fs" % ("total", 100, total))
    for f, v in sorted(others.items(), key=lambda kv: -kv[1])[:detail_n]:
        print("  %s: %-60s %5.1f%%" % (detail, f, 100 * v / total))


if __name__ == "__main__":
    main()
