package session

import "testing"

// FuzzDecode checks that Decode never panics, whatever a browser sends, and
// that a message it accepts has a known type.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"type":"hello","session":"","page":"","query":{}}`,
		`{"v":1,"type":"widget","id":"n","value":7}`,
		`{"v":1,"type":"navigate","page":"Other"}`,
		`{"v":1,"type":"rerun"}`,
		`{"v":1,"type":"form","form":"f","values":{"a":1},"submit":"go"}`,
		`{"v":1,"type":"rows","path":"main.0","req":1,"start":0,"count":50,"sort":"a","desc":true}`,
		`{"v":1,"type":`, `[1,2]`, `{"v":1}`, `{"v":0,"type":"rerun"}`, `null`, ``,
		`{"v":1,"type":"rerun"}{"v":1}`, `{"v":1e400,"type":"rerun"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		m, err := Decode(frame)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without words")
			}
			return
		}
		switch m.Type {
		case TypeHello, TypeWidget, TypeNavigate, TypeRerun, TypeForm, TypeRows, TypeBye:
		default:
			t.Fatalf("accepted a message of type %q", m.Type)
		}
		if m.V != Version {
			t.Fatalf("accepted version %d", m.V)
		}
	})
}
