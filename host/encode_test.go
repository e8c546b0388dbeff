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
