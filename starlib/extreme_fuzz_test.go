package starlib_test

// This file fuzzes the builtins and operators that build a result of a size
// their arguments choose (widths, precisions, repetitions, replacements,
// joins, splits, the printing of nested and shared values) with extreme
// arguments: no input may crash the process or allocate much past the
// bound of one call ([limits] call_bytes).

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

// extremePage runs one operation, chosen by op, on n, m and s.
var extremePage = lines(
	`ss = st.session_state`,
	`op, n, m, s = ss.op, ss.n, ss.m, ss.s`,
	`c = s[:1] or "a"`,
	`def nested(depth, wide):`,
	`    x = [s]`,
	`    for i in range(depth):`,
	`        x = [x, x] if wide else [x]`,
	`    return x`,
	`if op == 0:`,
	`    r = fmt("{:" + c + ">" + str(n) + "}", m)`,
	`elif op == 1:`,
	`    r = fmt("{:." + str(n) + "f}", 1.5)`,
	`elif op == 2:`,
	`    r = (s * m).replace(c, s * n)`,
	`elif op == 3:`,
	`    r = s * n`,
	`elif op == 4:`,
	`    r = [s] * n`,
	`elif op == 5:`,
	`    r = (1, s) * n`,
	`elif op == 6:`,
	`    r = s.join([s] * m)`,
	`elif op == 7:`,
	`    r = str(nested(min(abs(n), 3000), m % 2 == 1))`,
	`elif op == 8:`,
	`    r = ("{0}" * m).format(s * n)`,
	`elif op == 9:`,
	`    r = ("%s" * m) % tuple([s] * m)`,
	`elif op == 10:`,
	`    r = list(range(n))`,
	`elif op == 11:`,
	`    r = (s * m).split(c)`,
	`elif op == 12:`,
	`    r = n`,
	`    for i in range(min(abs(m), 40)):`,
	`        r = r * r`,
	`elif op == 13:`,
	`    r = repr(nested(min(abs(m), 60), True))`,
	`elif op == 14:`,
	`    r = []`,
	`    r += range(n)`,
	`else:`,
	`    r = ("%(k)s" * m) % {"k": s * n}`,
	`st.text(str(len(r)) if type(r) != "int" else "int")`,
)

// extremeCallBytes is the fuzzed app's bound of one call; a run may
// allocate a small multiple of it (the result, the copies a page makes of
// it, the run's own bookkeeping), never more than extremeRunBytes.
const (
	extremeCallBytes = 1 << 20
	extremeRunBytes  = 48 << 20
)

func FuzzExtremes(f *testing.F) {
	for _, seed := range []struct {
		op   int
		n, m int64
		s    string
	}{
		{0, 1_000_000_000_000, 1, "x"}, {1, 1_000_000_000, 0, ""}, {2, 1_000_000, 1_000_000, "a"},
		{3, 1 << 30, 0, "xy"}, {4, 1 << 29, 0, ""}, {5, -1, 0, "a"}, {6, 0, 1_000_000, "abc"},
		{7, 100_000, 0, "x"}, {7, 3000, 1, "x"}, {8, 1000, 100_000, "é"}, {9, 0, 100_000, "xx"},
		{10, 1 << 40, 0, ""}, {11, 0, 1_000_000, ","}, {12, 1 << 60, 40, ""}, {13, 0, 60, "x"},
		{14, 1 << 31, 0, ""}, {15, 1_000_000, 100_000, "k"}, {0, 10, 5, "\U0010FFFF"},
	} {
		f.Add(seed.op, seed.n, seed.m, seed.s)
	}
	s, err := harness.FromSource(f.TempDir(), extremePage, nil, host.Limits{CallBytes: extremeCallBytes, WallTime: 10e9})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, op int, n, m int64, str string) {
		if op < 0 {
			op = -op
		}
		s.Set("op", starlark.MakeInt(op%16))
		s.Set("n", starlark.MakeInt64(n))
		s.Set("m", starlark.MakeInt64(m))
		s.Set("s", starlark.String(str))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res := s.Run()
		runtime.ReadMemStats(&after)
		if res.Status != host.Completed && res.Status != host.Failed {
			t.Fatalf("op %d n %d m %d s %q: status %s", op%16, n, m, str, res.Status)
		}
		if res.Err != nil && strings.Contains(res.Err.Message, "panic") {
			t.Fatalf("op %d n %d m %d s %q: %s", op%16, n, m, str, res.Err.Message)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > extremeRunBytes {
			t.Fatalf("op %d n %d m %d s %q: the run allocated %d MiB, past %d MiB (one call may take %d MiB); status %s %s",
				op%16, n, m, str, got>>20, extremeRunBytes>>20, extremeCallBytes>>20, res.Status, errText(res))
		}
	})
}
