//go:build !race

package host_test

// raceEnabled says that the tests run under the race detector.
const raceEnabled = false
