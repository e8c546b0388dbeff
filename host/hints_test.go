package host

import "testing"

func TestSuggest(t *testing.T) {
	params := []string{"label", "min_value", "max_value", "value", "step", "format", "key", "help", "placeholder", "label_visibility"}
	for _, tc := range []struct{ name, want string }{
		{"min", "min_value"},
		{"max", "max_value"},
		{"placeholdr", "placeholder"},
		{"lable", "label"},
		{"visibility", "label_visibility"},
		{"vaule", "value"},
		{"colour", ""},
		{"x", ""},
		{"k", ""},
	} {
		if got := Suggest(tc.name, params); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
