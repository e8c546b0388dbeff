package starlib_test

// Tests of fmt(), Python's str.format with format specs.

import (
	"testing"
)

func TestFmt(t *testing.T) {
	tests := []struct {
		name string
		call string // the fmt(...) call
		want string
	}{
		{"plain", `fmt("no fields")`, "no fields"},
		{"auto fields", `fmt("{} and {}", 1, "a")`, "1 and a"},
		{"numbered fields", `fmt("{1}{0}{1}", "a", "b")`, "bab"},
		{"keyword fields", `fmt("{name} is {age}", name="Ada", age=36)`, "Ada is 36"},
		{"braces", `fmt("{{}} {}", 1)`, "{} 1"},
		{"string of a list", `fmt("{}", [1, "a"])`, `[1, "a"]`},
		{"fixed", `fmt("{:.2f}", 3.14159)`, "3.14"},
		{"fixed of an int", `fmt("{:.1f}", 2)`, "2.0"},
		{"thousands", `fmt("{:,}", 1234567)`, "1,234,567"},
		{"thousands and fixed", `fmt("{:,.2f}", 1234.5)`, "1,234.50"},
		{"negative thousands", `fmt("{:,.0f}", -1234567.0)`, "-1,234,567"},
		{"percent", `fmt("{:.1%}", 0.25)`, "25.0%"},
		{"exponent", `fmt("{:.2e}", 12345.678)`, "1.23e+04"},
		{"general", `fmt("{:g}", 0.0001)`, "0.0001"},
		{"general precision", `fmt("{:.3g}", 3.14159)`, "3.14"},
		{"default float", `fmt("{}", 0.5)`, "0.5"},
		{"right align", `fmt("{:>6}", "ab")`, "    ab"},
		{"left align", `fmt("{:<4}|", "ab")`, "ab  |"},
		{"center", `fmt("{:^6}", "ab")`, "  ab  "},
		{"fill", `fmt("{:*^7}", "ab")`, "**ab***"},
		{"numbers right by default", `fmt("{:5}", 42)`, "   42"},
		{"negative numbers right", `fmt("{:5}|{:6}", -3, 2.0)`, "   -3|   2.0"},
		{"strings left by default", `fmt("{:5}|", "x")`, "x    |"},
		{"zero padding", `fmt("{:05d}", 42)`, "00042"},
		{"zero padding negative", `fmt("{:06.2f}", -1.5)`, "-01.50"},
		{"sign", `fmt("{:+d} {:+d}", 3, -3)`, "+3 -3"},
		{"space sign", `fmt("{: d}", 3)`, " 3"},
		{"hex", `fmt("{:x} {:X}", 255, 255)`, "ff FF"},
		{"binary and octal", `fmt("{:b} {:o}", 5, 8)`, "101 10"},
		{"big int", `fmt("{:,d}", 12345678901234567890)`, "12,345,678,901,234,567,890"},
		{"integral float as int", `fmt("{:d}", 3.0)`, "3"},
		{"string precision", `fmt("{:.3}", "abcdef")`, "abc"},
		{"int with precision", `fmt("{:.2}", 5)`, "5"},
		{"unicode width", `fmt("{:>3}", "é")`, "  é"},
		{"keyword and spec", `fmt("{v:.1f}", v=2.25)`, "2.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, "st.text("+tt.call+")")
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.call, got, tt.want)
			}
		})
	}
}

func TestFmtErrors(t *testing.T) {
	tests := []struct {
		name string
		call string
		want string
	}{
		{"no format", `fmt()`, `fmt: missing the format string`},
		{"format not a string", `fmt(1)`, `fmt: for parameter format: got int, want string`},
		{"too few arguments", `fmt("{} {}", 1)`, `fmt: not enough arguments: field 2 of 1`},
		{"no such position", `fmt("{3}", 1)`, `fmt: no positional argument 3`},
		{"no such keyword", `fmt("{x}", y=1)`, `fmt: no keyword argument "x"`},
		{"single close brace", `fmt("a}b")`, `fmt: single '}' in format string at offset 1`},
		{"unclosed brace", `fmt("a{b")`, `fmt: unclosed '{' in format string at offset 1`},
		{"bad spec", `fmt("{:q}", 1)`, `fmt: field {:q}: invalid format spec "q"`},
		{"precision without digits", `fmt("{:.f}", 1.0)`, `fmt: field {:.f}: format spec ".f": precision has no digits`},
		{"int format of a string", `fmt("{:d}", "a")`, `fmt: field {:d}: format 'd' needs an int, got string`},
		{"int format of a fraction", `fmt("{:d}", 1.5)`, `fmt: field {:d}: format 'd' needs an int, got float`},
		{"float format of a string", `fmt("{:.2f}", "a")`, `fmt: field {:.2f}: format 'f' needs a number, got string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.call), tt.want) })
	}
}
