//go:build !unix

package cputime

import "time"

// Process returns false: this system's CPU time is not read.
func Process() (time.Duration, bool) { return 0, false }
