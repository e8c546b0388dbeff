package main

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// tuneGC sets the collector for a server whose live heap is small (sessions
// cost kilobytes) but which allocates fast (every rerun builds a tree): the
// default GOGC of 100 collects several times a second under load and parks
// runs in mark assists. Unless the operator set GOGC or GOMEMLIMIT, stark
// collects at 800% heap growth, bounded by a soft memory limit of half the
// machine's memory (at most 8 GiB), so the heap stays bounded on a busy
// server. docs/bench.md shows the effect.
func tuneGC() (percent int, limit int64) {
	percent, limit = -1, -1
	if os.Getenv("GOGC") == "" {
		percent = 800
		debug.SetGCPercent(percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = 8 << 30
		if total := memTotal(); total > 0 && total/2 < limit {
			limit = total / 2
		}
		debug.SetMemoryLimit(limit)
	}
	return percent, limit
}

// memTotal returns the machine's memory in bytes, or 0 when unknown.
func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			fields := strings.Fields(rest)
			if len(fields) >= 1 {
				kb, err := strconv.ParseInt(fields[0], 10, 64)
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}
