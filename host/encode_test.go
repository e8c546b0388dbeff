package host_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
)

// The hand-written encoder must write what encoding/json writes for the same
// properties, for every kind of value, with kind and path first.
func TestAppendElementMatchesEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		el   *host.Element
	}{
		{"text", &host.Element{Kind: "markdown", Path: "main.0", Props: map[string]any{"body": "Line 1: **10** <b>&</b> \"q\" \\ \n\t\x01 é \u2028 \xff"}}},
		{"widget", &host.Element{Kind: "slider", Path: "main.1", ID: "n", Props: map[string]any{"label": "n", "min": int64(0), "max": int64(1000), "value": 10.5, "float": true, "format": nil, "help": nil}}},
		{"numbers", &host.Element{Kind: "json", Path: "sidebar.3", Props: map[string]any{"value": []any{1e21, 1e-7, 123456789.0, -0.5, int64(-3), 0.0, math.MaxInt64}}}},
		{"nested", &host.Element{Kind: "json", Path: "main.2.0", Props: map[string]any{"value": map[string]any{"b": []any{"x", nil, true}, "a": map[string]any{"z": 1}}, "expanded": false}}},
		{"table", &host.Element{Kind: "table", Path: "main.4", Props: map[string]any{"columns": []string{"a", "b"}, "rows": [][]any{{int64(1), "x"}, {nil, 2.5}}}}},
		{"frames", &host.Element{Kind: "exception", Path: "main.5", Props: map[string]any{"message": "boom", "frames": []host.Frame{{File: "p.star", Line: 3, Col: 5, Func: "f"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := tt.el.AppendJSON(nil)
			if !strings.HasPrefix(string(enc), `{"kind":`+quote(tt.el.Kind)+`,"path":`) {
				t.Errorf("AppendJSON = %s, want kind and path first", enc)
			}
			props := map[string]any{}
			for k, v := range tt.el.Props {
				props[k] = v
			}
			props["kind"], props["path"] = tt.el.Kind, tt.el.Path
			if tt.el.ID != "" {
				props["id"] = tt.el.ID
			}
			want, err := json.Marshal(props)
			if err != nil {
				t.Fatal(err)
			}
			var got, wantV any
			if err := json.Unmarshal(enc, &got); err != nil {
				t.Fatalf("AppendJSON wrote invalid JSON %s: %v", enc, err)
			}
			json.Unmarshal(want, &wantV)
			if !reflect.DeepEqual(got, wantV) {
				t.Errorf("AppendJSON:\n got %s\nwant %s", enc, want)
			}
			// Strings are escaped byte for byte as encoding/json does.
			for _, v := range tt.el.Props {
				if s, ok := v.(string); ok {
					if q := quote(s); !strings.Contains(string(enc), q) {
						t.Errorf("AppendJSON = %s, want the string written as %s", enc, q)
					}
				}
			}
		})
	}
}

func BenchmarkAppendElement(b *testing.B) {
	el := &host.Element{Kind: "markdown", Path: "main.12", Props: map[string]any{"body": "Line 10: value is **100**"}}
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = el.AppendJSON(buf[:0])
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Strings are written as encoding/json writes them whatever byte comes where:
// the encoder copies runs of plain bytes eight at a time, so each byte value
// is tried at every place of two 8-byte words and the bytes around them,
// alone and after a rune of several bytes that crosses a word's end.
func TestAppendStringEveryByteEverywhere(t *testing.T) {
	check := func(s string) {
		t.Helper()
		el := &host.Element{Kind: s, Path: "main.0"}
		q := quote(s)
		if strings.ContainsAny(s, "\b\f") && !strings.Contains(s, `\`) {
			// The wire writes these two as \u00XX, as encoding/json did
			// before Go 1.22.
			q = strings.NewReplacer(`\b`, `\u0008`, `\f`, `\u000c`).Replace(q)
		}
		want := `{"kind":` + q + `,"path":"main.0"}`
		if got := string(el.AppendJSON(nil)); got != want {
			t.Fatalf("AppendJSON of kind %q = %s, want %s", s, got, want)
		}
	}
	check("")
	for c := 0; c < 256; c++ {
		for n := 1; n <= 19; n++ {
			for p := 0; p < n; p++ {
				b := []byte(strings.Repeat("a", n))
				b[p] = byte(c)
				check(string(b))
			}
		}
	}
	for _, r := range []string{"é", "\u2028", "\u2029", "😀", "\xff", "\xe2\x80"} {
		for p := 0; p < 18; p++ {
			check(strings.Repeat("a", p) + r + strings.Repeat("b", 9))
		}
	}
}

func BenchmarkAppendString(b *testing.B) {
	for _, s := range []string{"main.12", "Line 10: value is **100**", strings.Repeat("plain words of a long paragraph ", 16), "a <b> & \"c\""} {
		el := &host.Element{Kind: s, Path: "main.12"}
		b.Run(strconvLen(s), func(b *testing.B) {
			buf := make([]byte, 0, 1024)
			for b.Loop() {
				buf = el.AppendJSON(buf[:0])
			}
		})
	}
}

func strconvLen(s string) string {
	if strings.ContainsAny(s, "<&\"") {
		return "escaped"
	}
	return "plain" + string(rune('0'+len(s)/100)) + string(rune('0'+len(s)/10%10)) + string(rune('0'+len(s)%10))
}
