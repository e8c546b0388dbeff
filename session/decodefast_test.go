package session

import (
	"reflect"
	"testing"
)

// decodeFastCorpus holds messages decodeFast reads and those it must leave
// to encoding/json: other types, keys in other case, duplicates, escapes,
// trailing bytes, bad values, bad versions.
var decodeFastCorpus = []string{
	`{"v":1,"type":"widget","id":"n","value":7}`,
	` { "value" : [1, {"a": "b\"}"}] , "id" : "w:main.0" , "type" : "widget" , "v" : 1 } `,
	`{"v":1,"type":"widget","id":"n","value":"text"}`,
	`{"v":1,"type":"widget","id":"n","value":null}`,
	`{"v":1,"type":"widget","id":"n","value":-12.5e3}`,
	`{"v":1,"type":"widget","id":"n","value":{"x":[true,false]}}`,
	`{"v":1,"type":"widget","id":"n","value":"caf\u00e9"}`,
	`{"v":1,"type":"rerun"}`, `{"type":"bye","v":1}`,
	`{"v":1,"type":"rerun","id":"x","value":1}`,
	`{"v":1,"type":"widget","id":"","value":7}`,
	`{"v":1,"type":"widget","id":"n"}`,
	`{"v":1,"type":"widget","value":7}`,
	`{"v":1,"type":"widget","id":"n","value":7,"value":8}`,
	`{"v":1,"type":"widget","id":"n","id":"m","value":8}`,
	`{"V":1,"type":"widget","id":"n","value":7}`,
	`{"v":1,"Type":"widget","id":"n","value":7}`,
	`{"v":1,"type":"widget","ID":"n","value":7}`,
	`{"v":1,"type":"wid\u0067et","id":"n","value":7}`,
	`{"v":1,"type":"widget","id":"n\u00e9","value":7}`,
	`{"v":1,"type":"widget","id":"n","value":7}}`,
	`{"v":1,"type":"widget","id":"n","value":7}x`,
	`{"v":1,"type":"widget","id":"n","value":7} {"v":1}`,
	`{"v":1,"type":"widget","id":"n","value":7 8}`,
	`{"v":1,"type":"widget","id":"n","value":07}`,
	`{"v":1,"type":"widget","id":"n","value":[1,}`,
	`{"v":1,"type":"widget","id":"n","value":"abc}`,
	`{"v":1,"type":"widget","id":"n","value":}`,
	`{"v":1,"type":"widget","id":"n","value"}`,
	`{"v":1,"type":"widget","id":"n",}`,
	`{"v":2,"type":"widget","id":"n","value":7}`,
	`{"v":01,"type":"rerun"}`, `{"v":1.0,"type":"rerun"}`, `{"v":-1,"type":"rerun"}`,
	`{"v":1e0,"type":"rerun"}`, `{"v":"1","type":"rerun"}`, `{"v":9999999999,"type":"rerun"}`,
	`{"v":1,"type":"nope"}`, `{"v":1,"type":""}`, `{"v":1}`, `{}`, `{"type":"rerun"}`,
	`{"v":1,"type":"hello","session":"","page":""}`,
	`{"v":1,"type":"navigate","page":"Other"}`,
	`{"v":1,"type":"form","form":"f","values":{"a":1},"submit":"go"}`,
	`{"v":1,"type":"widget","id":"n","value":7,"extra":1}`,
	`{"v":1,"type":"widget","id":"n","value":"` + "\x01" + `"}`,
	`{"v":1,"type":"widget","id":"n","value":"` + "\xff" + `"}`,
	"{\"v\":1,\"type\":\"widget\",\"id\":\"n\",\"value\":7\x00}",
	`[1]`, `null`, ``, `{`, `{"v":1,`, `"x"`,
}

// TestDecodeFastAgrees: what decodeFast reads, encoding/json reads the same;
// and Decode's result and error are encoding/json's on every frame.
func TestDecodeFastAgrees(t *testing.T) {
	fast := 0
	for _, s := range decodeFastCorpus {
		if checkDecodeFast(t, []byte(s)) {
			fast++
		}
	}
	if fast < 8 {
		t.Errorf("decodeFast read %d of the corpus, want the plain widget, rerun and bye messages", fast)
	}
}

func checkDecodeFast(t *testing.T, frame []byte) (fast bool) {
	t.Helper()
	want, wantErr := decodeJSON(frame)
	got, gotErr := Decode(frame)
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("%q: Decode's error %v, encoding/json's %v", frame, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: Decode gives %+v, encoding/json %+v", frame, got, want)
	}
	m := decodeFast(frame)
	if m == nil {
		return false
	}
	if wantErr != nil {
		t.Fatalf("%q: decodeFast accepts what encoding/json refuses: %v", frame, wantErr)
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("%q: decodeFast gives %+v, encoding/json %+v", frame, m, want)
	}
	return true
}

// TestDecodeValueFastAgrees: the values decodeValueFast converts, it
// converts as decodeValue's encoding/json path does.
func TestDecodeValueFastAgrees(t *testing.T) {
	for _, s := range []string{`0`, `-0`, `7`, `-12`, `9223372036854775807`, `-9223372036854775808`,
		`9223372036854775808`, `1.5`, `1e3`, `07`, `-`, `true`, `false`, `null`, `"abc"`, `""`,
		`"a\"b"`, `"é"`, `"a" `, `[1]`, `{}`, `tru`} {
		checkDecodeValueFast(t, []byte(s))
	}
}

func checkDecodeValueFast(t *testing.T, raw []byte) {
	t.Helper()
	v, ok := decodeValueFast(raw)
	if !ok {
		return
	}
	want, err := decodeValueJSON(raw)
	if err != nil {
		t.Fatalf("%q: decodeValueFast accepts what encoding/json refuses: %v", raw, err)
	}
	if v.Type() != want.Type() || v.String() != want.String() {
		t.Fatalf("%q: decodeValueFast gives %s %s, encoding/json %s %s", raw, v.Type(), v, want.Type(), want)
	}
}

// FuzzDecodeFast: Decode (with its fast path) and encoding/json agree on
// every frame, and so do the value's conversions.
func FuzzDecodeFast(f *testing.F) {
	for _, s := range decodeFastCorpus {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		checkDecodeFast(t, frame)
		checkDecodeValueFast(t, frame)
	})
}

// BenchmarkDecodeWidget: a widget's message as browsers send it, decoded
// and its value converted (the fast path), and by encoding/json.
func BenchmarkDecodeWidget(b *testing.B) {
	frame := []byte(`{"v":1,"type":"widget","id":"w:main.3","value":417}`)
	for _, c := range []struct {
		name   string
		decode func([]byte) (*Incoming, error)
		value  func([]byte) error
	}{
		{"fast", Decode, func(raw []byte) error { _, err := decodeValue(raw); return err }},
		{"json", decodeJSON, func(raw []byte) error { _, err := decodeValueJSON(raw); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				m, err := c.decode(frame)
				if err != nil {
					b.Fatal(err)
				}
				if err := c.value(m.Value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
