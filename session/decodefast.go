package session

// This file reads the messages a browser sends on every interaction (a
// widget's value, a rerun) without encoding/json's reflection: on the
// server's profile, decoding them was about half of a socket's reads.

import (
	"encoding/json"
	"strconv"

	"go.starlark.net/starlark"
)

// decodeFast reads frame when it is a valid widget, rerun or bye message in
// the plain form browsers write: one object with the keys "v", "type", "id"
// and "value", each at most once and spelled exactly, strings of printable
// ASCII without escapes, "v" a decimal integer. It returns nil for anything
// else, valid or not, and [Decode] then parses the frame with encoding/json,
// whose result and errors are the only ones a browser sees: decodeFast
// accepts a subset of what Decode accepts and returns what Decode returns
// for it (TestDecodeFastAgrees, FuzzDecodeFast).
func decodeFast(frame []byte) *Incoming {
	s := scanner{b: frame}
	if !s.byte('{') {
		return nil
	}
	var m Incoming
	var seen [4]bool // v, type, id, value
	v, typ := false, []byte(nil)
	for first := true; ; first = false {
		if s.byte('}') {
			if !first && !s.end() {
				return nil
			}
			break
		}
		if !first && !s.byte(',') {
			return nil
		}
		key, ok := s.plain()
		if !ok || !s.byte(':') {
			return nil
		}
		k := -1
		switch string(key) {
		case "v":
			k = 0
			n, ok := s.int()
			if !ok {
				return nil
			}
			m.V, v = n, true
		case "type":
			k = 1
			if typ, ok = s.plain(); !ok {
				return nil
			}
		case "id":
			k = 2
			id, ok := s.plain()
			if !ok {
				return nil
			}
			m.ID = string(id)
		case "value":
			k = 3
			raw, ok := s.value()
			if !ok {
				return nil
			}
			m.Value = append(json.RawMessage(nil), raw...)
		default:
			return nil
		}
		if seen[k] {
			return nil
		}
		seen[k] = true
	}
	if !v || m.V != Version {
		return nil
	}
	switch string(typ) {
	case TypeWidget:
		if m.ID == "" || len(m.Value) == 0 {
			return nil
		}
		m.Type = TypeWidget
	case TypeRerun:
		m.Type = TypeRerun
	case TypeBye:
		m.Type = TypeBye
	default:
		return nil
	}
	return &m
}

// A scanner reads the plain JSON decodeFast accepts; every method reports
// false for what it does not read, and decodeFast then gives up.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// byte reads c after any white space.
func (s *scanner) byte(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (s *scanner) end() bool {
	s.space()
	return s.i == len(s.b)
}

// plain reads a string of printable ASCII without escapes.
func (s *scanner) plain() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], true
		case c < 0x20 || c >= 0x7f || c == '\\':
			return nil, false
		}
	}
	return nil, false
}

// int reads a non-negative decimal integer of at most nine digits, without
// leading zeros.
func (s *scanner) int() (int, bool) {
	s.space()
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	d := s.b[start:s.i]
	if len(d) == 0 || len(d) > 9 || len(d) > 1 && d[0] == '0' {
		return 0, false
	}
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n, true
}

// value reads one JSON value, as encoding/json's json.RawMessage holds it
// (without the white space around it), checked by json.Valid.
func (s *scanner) value() ([]byte, bool) {
	s.space()
	start, depth := s.i, 0
scan:
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			s.i++
			for s.i < len(s.b) && s.b[s.i] != '"' {
				if s.b[s.i] == '\\' {
					s.i++
				}
				s.i++
			}
			if s.i >= len(s.b) {
				return nil, false
			}
			s.i++
			if depth == 0 {
				break scan
			}
		case '{', '[':
			depth++
			s.i++
		case '}', ']':
			if depth == 0 {
				break scan
			}
			depth--
			s.i++
			if depth == 0 {
				break scan
			}
		case ',':
			if depth == 0 {
				break scan
			}
			s.i++
		default:
			s.i++
		}
	}
	raw := s.b[start:s.i]
	for len(raw) > 0 && (raw[len(raw)-1] == ' ' || raw[len(raw)-1] == '\t' || raw[len(raw)-1] == '\n' || raw[len(raw)-1] == '\r') {
		raw = raw[:len(raw)-1]
	}
	if depth != 0 || len(raw) == 0 || !json.Valid(raw) {
		return nil, false
	}
	return raw, true
}

// decodeValueFast converts the values a widget sends most (an integer that
// fits in 64 bits, true, false, null, a string of printable ASCII without
// escapes) as [decodeValue] does, without encoding/json; ok is false for
// any other value.
func decodeValueFast(raw []byte) (v starlark.Value, ok bool) {
	switch string(raw) {
	case "true":
		return starlark.True, true
	case "false":
		return starlark.False, true
	case "null":
		return starlark.None, true
	}
	if len(raw) >= 2 && raw[0] == '"' {
		s := scanner{b: raw}
		str, ok := s.plain()
		if !ok || s.i != len(raw) {
			return nil, false
		}
		return starlark.String(str), true
	}
	d := raw
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 1 && d[0] == '0' {
		return nil, false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return nil, false // json.Number.Int64 fails too: a float
	}
	return starlark.MakeInt64(n), true
}
