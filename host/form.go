package host

// This file defines the forms of a run (st.form): the widgets in a form,
// its submit button, and the reset of its widgets after a submission.

import (
	"fmt"

	"go.starlark.net/starlark"
)

// form is a form a run created.
type form struct {
	key       string
	at        Frame
	clear     bool // clear_on_submit
	submitted bool // this run took a click of the form's submit button
	submit    bool // the run created the form's submit button
}

// widgetReset is a widget value to set to its default once the run ends.
type widgetReset struct {
	w   *Widget
	def starlark.Value
}

// AddForm records a form created by the page on thread t. Widgets created
// in it carry its key in [Widget.Form]; a trigger widget in it is its submit
// button, without which the run fails when the script returns. When
// clearOnSubmit is true and this run follows a click of the form's submit
// button, the form's widgets return the submitted values in this run and
// their defaults from the next on (see [ScriptRunContext.FormCleared]).
// Only the script thread creates forms, as it alone creates widgets; form
// keys are unique in a run.
func (c *ScriptRunContext) AddForm(t *starlark.Thread, key string, clearOnSubmit bool) error {
	if err := c.Check(); err != nil {
		return err
	}
	if t != c.script {
		return fmt.Errorf("forms are created by the script thread only (thread %q is a worker); create the form and its widgets in the page", t.Name)
	}
	at := c.Caller(t)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.forms {
		if f.key == key {
			return fmt.Errorf("two forms have the key %q: at %s and at %s; form keys must be unique in a page", key, f.at, at)
		}
	}
	f := &form{key: key, at: at, clear: clearOnSubmit}
	for id := range c.clicks {
		if w := c.State.Widget(id); w != nil && w.Trigger && w.Form == key {
			f.submitted = true
		}
	}
	c.forms = append(c.forms, f)
	return nil
}

// FormCleared reports whether the form's widgets return the submitted values
// in this run and are reset to their defaults when it ends: the form has
// clear_on_submit and this run follows a click of its submit button. Its
// widgets then show their defaults, as the next run will return them.
func (c *ScriptRunContext) FormCleared(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.formLocked(key)
	return f != nil && f.submitted && f.clear
}

func (c *ScriptRunContext) formLocked(key string) *form {
	for _, f := range c.forms {
		if f.key == key {
			return f
		}
	}
	return nil
}

// joinForm records w in its form, if it has one; c.mu is held.
func (c *ScriptRunContext) joinForm(w *Widget) error {
	if w.Form == "" {
		return nil
	}
	f := c.formLocked(w.Form)
	if f == nil {
		return fmt.Errorf("the form %q is not a form of this run", w.Form)
	}
	if w.Trigger {
		f.submit = true
	}
	return nil
}

// resetIfCleared records that w takes def when the run ends, if its form
// is cleared on this submission.
func (c *ScriptRunContext) resetIfCleared(w *Widget, def starlark.Value) {
	if w.Form == "" || w.Trigger {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.formLocked(w.Form); f != nil && f.submitted && f.clear {
		c.resets = append(c.resets, widgetReset{w, def})
	}
}

// takeResets returns the resets the run recorded.
func (c *ScriptRunContext) takeResets() []widgetReset {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.resets
	c.resets = nil
	return r
}

// checkForms returns the error of the first form without a submit button,
// for when the script has returned.
func (c *ScriptRunContext) checkForms() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range c.forms {
		if !f.submit {
			return &Error{
				Kind:    "runtime",
				Message: fmt.Sprintf("st.form(%q): a form needs a submit button: call form.form_submit_button(label) (%s)", f.key, f.at),
				Frames:  []Frame{f.at},
			}
		}
	}
	return nil
}

// resetWidgets sets widgets to their defaults (a cleared form's, once the
// run that submitted it has completed).
func (s *State) resetWidgets(resets []widgetReset) {
	for _, r := range resets {
		s.storeWidgetValue(r.w, r.def)
	}
}
