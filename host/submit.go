package host

// This file defines SubmitForm: the values of a form's widgets, applied
// together with the click of its submit button.

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
)

// SubmitForm checks every value (as a browser sends it) against its widget
// of the last run and, only when all are valid, stores them all and records
// the click of the submit button, so that one run sees the whole form. The
// error names the first widget that refused its value.
func (s *State) SubmitForm(values map[string]starlark.Value, submit string) error {
	s.mu.Lock()
	btn := s.specs[submit]
	specs := make(map[string]*Widget, len(values))
	for id := range values {
		specs[id] = s.specs[id]
	}
	s.mu.Unlock()
	if btn == nil || !btn.Trigger {
		return fmt.Errorf("form: %q is not a submit button of the page", submit)
	}
	ids := make([]string, 0, len(values))
	for id := range values {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	checked := make(map[string]starlark.Value, len(values))
	for _, id := range ids {
		w := specs[id]
		if w == nil {
			return fmt.Errorf("form: unknown widget id %q", id)
		}
		if w.Trigger {
			return fmt.Errorf("form: widget %q is a button; only the submit button is pressed", id)
		}
		v := values[id]
		if w.FromWire != nil {
			cv, err := w.FromWire(v)
			if err != nil {
				return fmt.Errorf("form: widget %q (%s %q): %v", id, w.Kind, w.Label, err)
			}
			v = cv
		}
		cv, err := w.Coerce(v)
		if err != nil {
			return fmt.Errorf("form: widget %q (%s %q): %v", id, w.Kind, w.Label, err)
		}
		cv.Freeze()
		checked[id] = cv
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		w := specs[id]
		if w.Key != "" {
			s.values[w.Key] = checked[id]
		} else {
			s.widgets[id] = checked[id]
		}
		s.markChangedLocked(id)
	}
	s.clicks[submit]++
	return nil
}
