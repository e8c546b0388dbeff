package starlib

// This file defines fmt(), Python's str.format with format specs, because
// Starlark's % operator has no precision for floats' thousands separators and
// its str.format has no specs at all.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// format implements fmt(template, *args, **kwargs): "{}" and "{0}" take
// positional arguments, "{name}" keyword arguments, and ":spec" after the
// name formats the value as Python does: [[fill]align][sign][,][width]
// [.precision][type], type one of s d f e g % x X b o.
//
//	fmt("{:,.2f}", 1234.5)  == "1,234.50"
//	fmt("{:>6}", "ab")      == "    ab"
//	fmt("{:.1%}", 0.25)     == "25.0%"
func format(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("fmt: missing the format string")
	}
	tmpl, ok := starlark.AsString(args[0])
	if !ok {
		return nil, fmt.Errorf("fmt: for parameter format: got %s, want string", args[0].Type())
	}
	out, err := formatString(t, tmpl, args[1:], kwargs)
	if err != nil {
		if _, ok := err.(allocError); ok {
			return nil, err
		}
		return nil, fmt.Errorf("fmt: %v", err)
	}
	return starlark.String(out), nil
}

// An allocError is a result past what one call may allocate: fmt shows it
// as it is, naming the limit.
type allocError struct{ error }

// formatString formats tmpl. Before a field is formatted, its size (a
// width, a precision, the printed value) is checked against what the call
// may still allocate, so that "{:>1000000000000}" fails before anything is
// built.
func formatString(t *starlark.Thread, tmpl string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	limit := allocLimit(t)
	var b strings.Builder
	auto := 0
	for i := 0; i < len(tmpl); i++ {
		ch := tmpl[i]
		if ch == '}' {
			if i+1 < len(tmpl) && tmpl[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return "", fmt.Errorf("single '}' in format string at offset %d", i)
		}
		if ch != '{' {
			b.WriteByte(ch)
			continue
		}
		if i+1 < len(tmpl) && tmpl[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		end := strings.IndexByte(tmpl[i:], '}')
		if end < 0 {
			return "", fmt.Errorf("unclosed '{' in format string at offset %d", i)
		}
		field := tmpl[i+1 : i+end]
		i += end
		name, spec, _ := strings.Cut(field, ":")
		var v starlark.Value
		switch {
		case name == "":
			if auto >= len(args) {
				return "", fmt.Errorf("not enough arguments: field %d of %d", auto+1, len(args))
			}
			v = args[auto]
			auto++
		case name[0] >= '0' && name[0] <= '9':
			n, err := strconv.Atoi(name)
			if err != nil || n >= len(args) {
				return "", fmt.Errorf("no positional argument %s", name)
			}
			v = args[n]
		default:
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == name {
					v = kv[1]
				}
			}
			if v == nil {
				return "", fmt.Errorf("no keyword argument %q", name)
			}
		}
		room := limit - int64(b.Len())
		if need := fieldSize(v, spec); need < 0 || need > room {
			return "", allocError{allocFor(t, "fmt", addSize(int64(b.Len()), need))}
		}
		if err := checkPrint(t, "fmt", v, false); err != nil {
			return "", allocError{err}
		}
		s, err := formatValue(v, spec)
		if err != nil {
			return "", fmt.Errorf("field {%s}: %v", field, err)
		}
		b.WriteString(s)
		if int64(b.Len()) > limit {
			return "", allocError{allocFor(t, "fmt", int64(b.Len()))}
		}
	}
	return b.String(), nil
}

// fieldSize bounds the bytes of a field whose spec asks for a width or a
// precision (the value's own printing is measured apart); 0 for a spec
// that does not parse, which formatValue reports.
func fieldSize(v starlark.Value, spec string) int64 {
	if spec == "" {
		return 0
	}
	f, err := parseSpec(spec)
	if err != nil {
		return 0
	}
	n := mulSize(int64(f.width), int64(max(utf8.RuneLen(f.fill), 1)))
	if f.precision > 0 && isNumber(v) {
		n = addSize(n, addSize(int64(f.precision), 330))
	}
	return n
}

type fspec struct {
	fill      rune
	align     byte
	sign      byte
	comma     bool
	zero      bool
	width     int
	precision int // -1 when absent
	typ       byte
}

func parseSpec(spec string) (fspec, error) {
	f := fspec{fill: ' ', precision: -1}
	r := []rune(spec)
	i := 0
	isAlign := func(c rune) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	if len(r) >= 2 && isAlign(r[1]) {
		f.fill, f.align = r[0], byte(r[1])
		i = 2
	} else if len(r) >= 1 && isAlign(r[0]) {
		f.align = byte(r[0])
		i = 1
	}
	if i < len(r) && (r[i] == '+' || r[i] == '-' || r[i] == ' ') {
		f.sign = byte(r[i])
		i++
	}
	if i < len(r) && r[i] == '0' {
		f.zero = true
		i++
	}
	start := i
	for i < len(r) && r[i] >= '0' && r[i] <= '9' {
		i++
	}
	if i > start {
		f.width = atoiClamped(string(r[start:i]))
	}
	if i < len(r) && (r[i] == ',' || r[i] == '_') {
		f.comma = true
		i++
	}
	if i < len(r) && r[i] == '.' {
		i++
		start = i
		for i < len(r) && r[i] >= '0' && r[i] <= '9' {
			i++
		}
		if i == start {
			return f, fmt.Errorf("format spec %q: precision has no digits", spec)
		}
		f.precision = atoiClamped(string(r[start:i]))
	}
	if i < len(r) {
		f.typ = byte(r[i])
		i++
	}
	if i != len(r) || !strings.ContainsRune("\x00sdfFeEgG%xXbo", rune(f.typ)) {
		return f, fmt.Errorf("invalid format spec %q", spec)
	}
	return f, nil
}

func formatValue(v starlark.Value, spec string) (string, error) {
	f, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	var body string
	neg := false
	numeric := false
	switch f.typ {
	case 0, 's':
		if f.typ == 0 && isNumber(v) && (f.precision >= 0 || f.comma || f.sign != 0 || f.zero) {
			if _, isInt := v.(starlark.Int); isInt && f.precision < 0 {
				return formatValue(v, spec+"d")
			}
			return formatValue(v, spec+"g")
		}
		if s, ok := starlark.AsString(v); ok {
			body = s
		} else {
			body = v.String()
			// Numbers align right, as Python's format does.
			numeric = f.typ == 0 && isNumber(v)
		}
		if f.precision >= 0 && len([]rune(body)) > f.precision {
			body = string([]rune(body)[:f.precision])
		}
	case 'd', 'x', 'X', 'b', 'o':
		i, ok := v.(starlark.Int)
		if !ok {
			if fl, isF := v.(starlark.Float); isF && float64(fl) == math.Trunc(float64(fl)) {
				i = starlark.MakeInt64(int64(fl))
			} else {
				return "", fmt.Errorf("format %q needs an int, got %s", f.typ, v.Type())
			}
		}
		bi := i.BigInt()
		neg = bi.Sign() < 0
		bi.Abs(bi)
		base := map[byte]int{'d': 10, 'x': 16, 'X': 16, 'b': 2, 'o': 8}[f.typ]
		body = bi.Text(base)
		if f.typ == 'X' {
			body = strings.ToUpper(body)
		}
		if f.comma && f.typ == 'd' {
			body = groupThousands(body)
		}
		numeric = true
	default:
		x, ok := starlark.AsFloat(v)
		if !ok {
			return "", fmt.Errorf("format %q needs a number, got %s", f.typ, v.Type())
		}
		neg = x < 0 || (x == 0 && math.Signbit(x))
		x = math.Abs(x)
		prec := f.precision
		if prec < 0 {
			prec = 6
		}
		switch f.typ {
		case 'f', 'F':
			body = strconv.FormatFloat(x, 'f', prec, 64)
		case 'e', 'E':
			body = strconv.FormatFloat(x, byte(f.typ), prec, 64)
		case 'g', 'G':
			if f.precision < 0 {
				body = strconv.FormatFloat(x, 'g', -1, 64)
			} else {
				body = strconv.FormatFloat(x, byte(f.typ), max(prec, 1), 64)
			}
		case '%':
			body = strconv.FormatFloat(x*100, 'f', prec, 64) + "%"
		}
		if f.comma && !math.IsInf(x, 0) && !math.IsNaN(x) {
			intPart, rest := body, ""
			if k := strings.IndexAny(body, ".eE%"); k >= 0 {
				intPart, rest = body[:k], body[k:]
			}
			body = groupThousands(intPart) + rest
		}
		numeric = true
	}
	sign := ""
	if numeric {
		switch {
		case neg:
			sign = "-"
		case f.sign == '+':
			sign = "+"
		case f.sign == ' ':
			sign = " "
		}
	}
	n := len([]rune(body)) + len(sign)
	if n >= f.width {
		return sign + body, nil
	}
	pad := f.width - n
	align := f.align
	if align == 0 {
		align = '<'
		if numeric {
			align = '>'
		}
		if f.zero && numeric {
			f.fill, align = '0', '='
		}
	}
	fill := strings.Repeat(string(f.fill), pad)
	switch align {
	case '>':
		return fill + sign + body, nil
	case '^':
		l := strings.Repeat(string(f.fill), pad/2)
		r := strings.Repeat(string(f.fill), pad-pad/2)
		return l + sign + body + r, nil
	case '=':
		return sign + fill + body, nil
	}
	return sign + body + fill, nil
}

// atoiClamped reads a string of digits, as math.MaxInt when it is larger.
func atoiClamped(digits string) int {
	n, err := strconv.Atoi(digits)
	if err != nil {
		return math.MaxInt
	}
	return n
}

func isNumber(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Int, starlark.Float:
		return true
	}
	return false
}

func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
