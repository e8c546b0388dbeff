package host_test

import (
	"testing"

	"github.com/stark-dev/stark/host"
)

// TestSetting checks that a Setting reaches the app made with the Options
// that set it, and that Options stay values: setting a copy changes neither
// the original nor an app made before.
func TestSetting(t *testing.T) {
	s := host.NewSetting[[]string]("hosts")
	other := host.NewSetting[int]("other")
	var base host.Options
	s.Set(&base, []string{"a"})
	derived := base
	s.Set(&derived, []string{"b"})
	other.Set(&derived, 7)

	newApp := func(o host.Options) *host.App {
		app, err := host.NewApp(t.TempDir(), o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { app.Close() })
		return app
	}
	a, d := newApp(base), newApp(derived)
	if v, ok := s.Get(a); !ok || len(v) != 1 || v[0] != "a" {
		t.Errorf("base app: %v %v, want [a]", v, ok)
	}
	if v, ok := other.Get(a); ok || v != 0 {
		t.Errorf("base app: other = %v %v, want unset", v, ok)
	}
	if v, _ := s.Get(d); len(v) != 1 || v[0] != "b" {
		t.Errorf("derived app: %v, want [b]", v)
	}
	if v, _ := other.Get(d); v != 7 {
		t.Errorf("derived app: other = %v, want 7", v)
	}
	if v, ok := s.Get(newApp(host.Options{})); ok || v != nil {
		t.Errorf("app without settings: %v %v", v, ok)
	}
}
