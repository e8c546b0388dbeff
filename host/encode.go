package host

// This file encodes elements as JSON by hand: elements are most of what a
// server sends, and encoding/json's reflection and re-compaction of
// json.Marshaler output cost more than the run that produced them.

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the JSON object of the element: kind, path, id, then
// its properties with keys sorted, each written as encoding/json would, then
// children for container snapshots. It is the one encoding of elements,
// shared by the wire and by `stark render`.
func (el *Element) AppendJSON(b []byte) []byte {
	b = append(b, `{"kind":`...)
	b = appendString(b, el.Kind)
	b = append(b, `,"path":`...)
	b = appendString(b, el.Path)
	if el.ID != "" {
		b = append(b, `,"id":`...)
		b = appendString(b, el.ID)
	}
	var stack [16]string
	keys := stack[:0]
	if el.TextBody {
		keys = append(keys, "body")
	}
	for k := range el.Props {
		if k == "kind" || k == "path" || k == "id" || (el.TextBody && k == "body") {
			continue // reserved: the element's own fields win
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = append(b, ',')
		b = appendString(b, k)
		b = append(b, ':')
		if el.TextBody && k == "body" {
			b = appendString(b, el.Text)
			continue
		}
		b = appendValue(b, el.Props[k])
	}
	if el.Children != nil {
		b = append(b, `,"children":[`...)
		for i, c := range el.Children {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.AppendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendValue appends a property value. The common types are written
// directly; others go through encoding/json.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return append(b, "null"...)
		}
		return appendFloat(b, v)
	case []any:
		return appendList(b, v, appendValue)
	case []string:
		return appendList(b, v, appendString)
	case [][]any:
		return appendList(b, v, func(b []byte, row []any) []byte { return appendList(b, row, appendValue) })
	case map[string]any:
		return appendObject(b, v, appendValue)
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, enc...)
}

// appendFloat writes a float as encoding/json does.
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// plainByte[c] says that ASCII byte c is written as itself in a JSON
// string: not a control character, '"', '\\', '<', '>' or '&'. Bytes from
// utf8.RuneSelf up are false (they need a UTF-8 check).
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// SWAR constants: a byte of ones, and the high bit of each byte.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// plainPrefix returns the length of s's longest prefix of plain bytes
// (plainByte), eight at a time: most strings of a page (kinds, paths,
// keys, text) have nothing to escape, and are then copied whole.
func plainPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		t := s[i : i+8]
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		if special(x) != 0 {
			break
		}
	}
	for ; i < len(s) && plainByte[s[i]]; i++ {
	}
	return i
}

// special has the high bit set in each byte of x that is not plain, and
// possibly in bytes after the first such (borrows), never before it: zero
// means all eight bytes are plain.
func special(x uint64) uint64 {
	// (v - lsb) &^ v has the high bit set where v's byte is 0 (and
	// possibly above it); v is x xor each byte to escape.
	q, b, l, g, a := x^'"'*lsb, x^'\\'*lsb, x^'<'*lsb, x^'>'*lsb, x^'&'*lsb
	bad := x | (x - 0x20*lsb) // >= 0x80, or < 0x20
	bad |= (q - lsb) &^ q
	bad |= (b - lsb) &^ b
	bad |= (l - lsb) &^ l
	bad |= (g - lsb) &^ g
	bad |= (a - lsb) &^ a
	return bad & msb
}

// appendString writes s as a JSON string, escaping as encoding/json does
// (including <, > and &), with invalid UTF-8 replaced.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	i := plainPrefix(s)
	if i == len(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if plainByte[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendCounts writes a container-count object, keys sorted.
func AppendCounts(b []byte, counts map[string]int) []byte {
	return appendObject(b, counts, func(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) })
}

// appendList writes a JSON array of xs, each written by f.
func appendList[T any](b []byte, xs []T, f func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = f(b, x)
	}
	return append(b, ']')
}

// appendObject writes a JSON object of m with its keys sorted, each value
// written by f.
func appendObject[T any](b []byte, m map[string]T, f func([]byte, T) []byte) []byte {
	var stack [8]string
	keys := stack[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = f(b, m[k])
	}
	return append(b, '}')
}
