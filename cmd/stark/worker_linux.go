package main

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

// limitAddressSpace caps the process's address space (RLIMIT_AS) at what it
// has now plus extra, and returns the cap: an allocation past it fails and
// the Go runtime ends the process with "out of memory", which the
// supervisor reports. Address space, not resident memory: the runtime's
// reservations are counted from the start, so the cap is relative to them.
func limitAddressSpace(extra int64) (uint64, error) {
	now, err := vmSize()
	if err != nil {
		return 0, err
	}
	limit := now + uint64(extra)
	return limit, syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit})
}

// vmSize reads the process's address space size from /proc/self/status.
func vmSize() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmSize:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, err
			}
			return kb << 10, nil
		}
	}
	return 0, syscall.ENOENT
}

// ownProcessGroup puts a worker in a process group of its own, so that a
// terminal's Ctrl-C reaches the server, which stops its workers itself.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
