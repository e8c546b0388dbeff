package table_test

// Tests of the column expressions of table.filter: precedence of not, and,
// or and parentheses, and errors that point at the position.

import (
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

// bits is a table of every combination of a, b and c in {0, 1}; row id has
// a in bit 2, b in bit 1, c in bit 0.
const bits = `bits = table({"id": list(range(8)), "a": [i >> 2 & 1 for i in range(8)], "b": [i >> 1 & 1 for i in range(8)], "c": [i & 1 for i in range(8)]})
def ids(expr):
    return bits.filter(expr).column("id").to_list()
`

func TestFilterPrecedence(t *testing.T) {
	runValueCases(t, bits, []valueCase{
		{name: "and binds tighter than or", src: `ids("a == 1 or b == 1 and c == 1")`, want: `[3,4,5,6,7]`},
		{name: "parentheses", src: `ids("(a == 1 or b == 1) and c == 1")`, want: `[3,5,7]`},
		{name: "not binds tighter than and", src: `ids("not a == 1 and b == 1")`, want: `[2,3]`},
		{name: "not of parentheses", src: `ids("not (a == 1 and b == 1)")`, want: `[0,1,2,3,4,5]`},
		{name: "not not", src: `ids("not not a == 1")`, want: `[4,5,6,7]`},
		{name: "or is left to right", src: `ids("a == 1 or b == 1 or c == 1")`, want: `[1,2,3,4,5,6,7]`},
		{name: "nested parentheses", src: `ids("((a == 0) and (not (b == 0 or c == 0)))")`, want: `[3]`},
		{name: "no spaces", src: `ids("a==1and b>=1")`, want: `[6,7]`},
		{name: "tight", src: `ids("a==1 and(b>=1)")`, want: `[6,7]`},
	})
}

func TestFilterErrors(t *testing.T) {
	const pre = "t = table({\"price\": [1.5], \"qty\": [1], \"région\": ['n']})\n"
	tests := []struct{ expr, err string }{
		{"price > > 10", `at column 9: want a column name or a value, got ">"`},
		{"price >", `at column 8: the expression ends early; want a column name or a value`},
		{"price = 10", `at column 7: use == to compare`},
		{"price ! 10", `at column 7: use not, or != to compare`},
		{"(price > 10", `at column 1: this ( is not closed`},
		{"(price > 10 qty", `at column 13: want ), got the column qty`},
		{"price > 10)", `at column 11: want and / or after a condition, got ")"`},
		{"price > 10 qty == 1", `at column 12: want and / or after a condition, got the column qty`},
		{"price > 10 and", `at column 15: the expression ends early; want a column name or a value`},
		{"", `at column 1: the expression is empty; write a condition such as "price > 10"`},
		{"   ", `at column 4: the expression is empty; write a condition such as "price > 10"`},
		{"qty == 'north", `at column 8: this string is not closed`},
		{"qty == 'a\\q'", `at column 10: unknown escape \q`},
		{"1 > 2", `at column 1: a comparison needs a column; 1 and 2 are both values`},
		{"price > qty", `at column 9: compare the column price with a value, not with the column qty`},
		{"price < null", `at column 9: null compares only with == and !=`},
		{"price > 1e999", `at column 9: the number 1e999 is out of range`},
		{"price > 1.2.3", `at column 9: "1.2.3" is not a number`},
		{"price > 1_000", `at column 9: "1_000" is not a number`},
		{"price $ 3", `at column 7: unexpected character '$'; quote column names with ` + "`backquotes`"},
		{"région == 'n'", `at column 2: unexpected character 'é'; quote column names with ` + "`backquotes`"},
		{"`région == 'n'", "at column 1: this quoted column name is not closed"},
		{"price 3", `at column 7: want a comparison operator (== != < <= > >=), got "3"`},
		{"10", `at column 3: want a comparison operator (== != < <= > >=) after 10`},
		{"and", `at column 1: want a column name or a value, got and`},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			s := session(t, pre+"t.filter(st.session_state.expr)\n", nil, host.Limits{})
			s.Set("expr", starlark.String(tc.expr))
			want := `filter: bad expression "` + strings.ReplaceAll(tc.expr, `\`, `\\`) + `" ` + tc.err
			mustFail(t, s.Run(), want)
		})
	}
}

// FuzzFilter checks that no expression makes filter panic: it parses or
// fails with an error.
func FuzzFilter(f *testing.F) {
	for _, seed := range []string{
		"price > 10", "region == 'north' and not (qty != null or ok)", "`unit price` >= -1.5e3",
		"((a", "a == \"x\\\"\"", "day < '2024-01-31T10:00:00+02:00'", "not not not ok", "qty > 1e999",
	} {
		f.Add(seed)
	}
	s, err := harness.FromSource(f.TempDir(), lines(
		`t = table({"price": [1.5, None], "region": ["north", None], "qty": [1, 2], "ok": [True, None], "day": [time.parse_time("2024-01-01T00:00:00Z"), None], "unit price": [1, 2], "a": [None, None]})`,
		`t.filter(st.session_state.expr)`,
	), nil, host.Limits{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		s.Set("expr", starlark.String(expr))
		res := s.Run()
		if res.Status != host.Completed && res.Status != host.Failed {
			t.Fatalf("status %s for %q", res.Status, expr)
		}
		if res.Err != nil && strings.Contains(res.Err.Message, "panic") {
			t.Fatalf("%q: %s", expr, res.Err.Message)
		}
	})
}
