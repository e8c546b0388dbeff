package host

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// formatCorpus are the formats compared with the interpreter's %.
var formatCorpus = []string{
	"", "plain text", "%", "%%", "a %% b", "%%%", "%d", "%i", "%o", "%x", "%X",
	"%e", "%E", "%f", "%F", "%g", "%G", "%c", "%s", "%r", "%s %s", "%d-%d-%d",
	"Line %d: value is **%d**", "%(a)s", "%(a)d and %(b)r", "%(a)s %s", "%(", "%(a",
	"%(a)", "%(a)%", "%()s", "%q", "%5d", "%-d", "%.2f", "x%", "%s%", "%%%s%%",
	"%(a)s%(a)s", "é %s ü", "%c%c", "%d %(a)s", "%s %(a)s", "%% %(a)d %%",
}

// formatValues are the right operands compared.
func formatValues() []starlark.Value {
	big1, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	big2 := new(big.Int).Neg(big1)
	d := starlark.NewDict(2)
	d.SetKey(starlark.String("a"), starlark.MakeInt(7))
	d.SetKey(starlark.String("b"), starlark.String("q\"uote"))
	empty := starlark.NewDict(0)
	list := starlark.NewList([]starlark.Value{starlark.MakeInt(1), starlark.String("x")})
	return []starlark.Value{
		starlark.MakeInt(0), starlark.MakeInt(42), starlark.MakeInt(-255), starlark.MakeInt(65),
		starlark.MakeInt64(math.MaxInt64), starlark.MakeInt64(math.MinInt64),
		starlark.MakeBigInt(big1), starlark.MakeBigInt(big2),
		starlark.MakeInt(0x110000), starlark.MakeInt(0xD800), starlark.MakeInt(-1),
		starlark.Float(0), starlark.Float(1.5), starlark.Float(-2), starlark.Float(1e20), starlark.Float(1e-7),
		starlark.Float(123456789), starlark.Float(math.Inf(1)), starlark.Float(math.Inf(-1)), starlark.Float(math.NaN()),
		starlark.String(""), starlark.String("a"), starlark.String("é"), starlark.String("ab"), starlark.String("q\"uote"),
		starlark.Bytes("by"), starlark.None, starlark.True, list,
		starlark.Tuple{}, starlark.Tuple{starlark.MakeInt(1)}, starlark.Tuple{starlark.MakeInt(1), starlark.MakeInt(2)},
		starlark.Tuple{starlark.MakeInt(1), starlark.String("s"), starlark.Float(2.5)},
		starlark.Tuple{starlark.Float(3.9), starlark.MakeBigInt(big1), starlark.MakeInt(-3)},
		starlark.Tuple{starlark.String("x"), starlark.String("y"), starlark.String("z")},
		starlark.Tuple{list, d}, d, empty,
	}
}

// compareFormat checks that stark's formatter gives format % x exactly as
// the interpreter does: the same string, or the same error.
func compareFormat(t *testing.T, format string, x starlark.Value) {
	t.Helper()
	want, wantErr := starlark.Binary(syntax.PERCENT, starlark.String(format), x)
	got, gotErr := ParseFormat(format).Interpolate(x)
	if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
		t.Fatalf("%q %% %s: error %v, interpreter's %v", format, x, gotErr, wantErr)
	}
	if wantErr == nil && got != want {
		t.Fatalf("%q %% %s = %s, interpreter's %s", format, x, got, want)
	}
}

// TestFormatMatchesInterpreter compares stark's % formatter with the
// interpreter's on every format of the corpus against every value.
func TestFormatMatchesInterpreter(t *testing.T) {
	for _, f := range formatCorpus {
		for _, x := range formatValues() {
			compareFormat(t, f, x)
		}
	}
}

// FuzzFormat compares stark's % formatter with the interpreter's on any
// format against the values of the corpus.
func FuzzFormat(f *testing.F) {
	for i, s := range formatCorpus {
		f.Add(s, uint8(i))
	}
	values := formatValues()
	f.Fuzz(func(t *testing.T, format string, which uint8) {
		compareFormat(t, format, values[int(which)%len(values)])
	})
}

// TestFormatRule checks that a % whose left side is a string literal is
// compiled into a call of the formatter naming the literal's parse, and
// that other remainders are not.
func TestFormatRule(t *testing.T) {
	src := "a = 'n=%d' % 3\nb = ('%s!') % (a,)\nc = x % 3\nd = 7 % 3\n"
	f, err := syntax.Parse("t.star", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := rewriteFile(f, func(name string) bool { return name == FormatBuiltin || name == "x" }); err != nil {
		t.Fatal(err)
	}
	// First the global the calls name (aliasBuiltins), then the file.
	alias := aliasPrefix + strings.TrimPrefix(FormatBuiltin, ReservedPrefix)
	if a := f.Stmts[0].(*syntax.AssignStmt); a.LHS.(*syntax.Ident).Name != alias || a.RHS.(*syntax.Ident).Name != FormatBuiltin {
		t.Fatalf("statement 0 binds %s to %s, want %s to %s", a.LHS.(*syntax.Ident).Name, a.RHS.(*syntax.Ident).Name, alias, FormatBuiltin)
	}
	for i, wantCall := range []bool{true, true, false, false} {
		rhs := f.Stmts[i+1].(*syntax.AssignStmt).RHS
		c, ok := rhs.(*syntax.CallExpr)
		if ok != wantCall {
			t.Fatalf("statement %d: %T, want a call: %v", i, rhs, wantCall)
		}
		if !ok {
			continue
		}
		if fn := c.Fn.(*syntax.Ident).Name; fn != alias || len(c.Args) != 3 {
			t.Fatalf("statement %d calls %s with %d arguments", i, fn, len(c.Args))
		}
		id := int(c.Args[0].(*syntax.Literal).Value.(int64))
		src := []string{"n=%d", "%s!"}[i]
		if p := FormatFor(id, src); p.Source() != src || p != FormatFor(id, src) {
			t.Fatalf("statement %d: id %d does not name the parse of %q", i, id, src)
		}
	}
	if !strings.Contains(FormatFor(-1, "%d").Source(), "%d") {
		t.Fatal("a foreign id does not parse the format")
	}
}
