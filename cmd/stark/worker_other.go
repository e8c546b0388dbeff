//go:build !linux

package main

import (
	"errors"
	"os/exec"
)

// limitAddressSpace is Linux's only: elsewhere a worker runs under the heap
// guard alone.
func limitAddressSpace(extra int64) (uint64, error) {
	return 0, errors.New("an operating-system memory limit for workers is implemented on Linux only")
}

func ownProcessGroup(cmd *exec.Cmd) {}
