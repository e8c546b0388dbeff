package starlib

// This file defines st.feedback: a row of thumbs, faces or stars whose value
// is the index of the one chosen.

import (
	"fmt"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// feedbackCounts are the choices of each kind of feedback: thumbs down and
// up (0, 1); five faces from sad to happy; one to five stars (0 to 4).
var feedbackCounts = map[string]int{"thumbs": 2, "faces": 5, "stars": 5}

// feedback implements st.feedback(options="thumbs", *, key=None,
// disabled=False, on_change=None, args=None, kwargs=None): the index of the
// chosen option, or None before a choice (a click on the chosen one takes
// it back).
func feedback(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "feedback", def: starlark.None, bare: true}
	opts := "thumbs"
	pairs := s.common.pairs("on_change", "options?", &opts)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	n, ok := feedbackCounts[opts]
	if !ok {
		return nil, c.errorf("for parameter options: got %q, want \"thumbs\", \"faces\" or \"stars\"", opts)
	}
	s.common.labelVis = "" // feedback has no label
	s.identity = []starlark.Value{starlark.String(opts)}
	s.coerce = func(v starlark.Value) (starlark.Value, error) {
		if v == starlark.None {
			return v, nil
		}
		i, err := starlark.AsInt32(v)
		if _, isInt := v.(starlark.Int); !isInt || err != nil || i < 0 || i >= n {
			return nil, fmt.Errorf("got %s, want None or an int from 0 to %d", v, n-1)
		}
		return v, nil
	}
	s.props = func(v starlark.Value) map[string]any {
		p := map[string]any{"options": opts, "value": nil, "disabled": s.common.disabled}
		if v != starlark.None {
			i, _ := starlark.AsInt32(v)
			p["value"] = i
		}
		return p
	}
	return c.widget(s)
}
