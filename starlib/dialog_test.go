package starlib_test

// Page tests of st.dialog, st.feedback and st.map.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

const dialogPage = `
def ask(who):
    st.text("hello " + who)
    st.checkbox("Agree")
d = st.dialog("Question", width="large")(ask)
if st.session_state.get("open", True):
    d("ann")
st.text("after")
`

// TestDialog: the dialog is a container holding the function's elements,
// rendered as a fragment (a widget inside re-runs only it); its dismissal
// (the browser's true) keeps it closed while the page keeps calling it, and
// a run that does not call it forgets the dismissal.
func TestDialog(t *testing.T) {
	s := session(t, dialogPage, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	dlg := only(t, res, "dialog")
	if dlg.Prop("title") != "Question" || dlg.Prop("width") != "large" || dlg.ID == "" {
		t.Fatalf("dialog = %s", asJSON(t, dlg))
	}
	if len(dlg.Children) != 2 || dlg.Children[0].Prop("body") != "hello ann" || dlg.Children[1].Kind != "checkbox" {
		t.Fatalf("the dialog holds %s, want the text and the checkbox", asJSON(t, dlg.Children))
	}
	if len(res.Fragments) != 1 {
		t.Fatalf("%d fragments, want the dialog's", len(res.Fragments))
	}
	for _, f := range res.Fragments {
		if f.Path != dlg.Path {
			t.Fatalf("the fragment's box is %s, want the dialog %s", f.Path, dlg.Path)
		}
	}
	if w := s.State.Widget(dlg.Children[1].ID); w == nil || w.Fragment == "" {
		t.Fatalf("the checkbox in the dialog belongs to no fragment: %+v", w)
	}
	// Dismissed: the dialog is not drawn, though the page calls it.
	if err := s.SetWire(dlg.ID, starlark.True); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		res = s.Run()
		mustComplete(t, res)
		if n := len(res.Find("dialog")); n != 0 {
			t.Fatalf("run %d after the dismissal shows %d dialogs", i+1, n)
		}
	}
	// A run that does not open it, then one that does: open again.
	s.Set("open", starlark.False)
	mustComplete(t, s.Run())
	s.Set("open", starlark.True)
	res = s.Run()
	mustComplete(t, res)
	only(t, res, "dialog")
}

// TestDialogDismiss: dismissible and on_dismiss as Streamlit's. A dialog
// that is not dismissible says so to the browser and refuses a dismissal;
// on_dismiss="ignore" (the default) keeps a dismissal without a run (a
// quiet widget), "rerun" and a function re-run the page, the function first.
func TestDialogDismiss(t *testing.T) {
	page := func(params string) string {
		return lines(
			`def ask():`,
			`    st.text("inside")`,
			`def dismissed():`,
			`    st.session_state.calls = st.session_state.get("calls", 0) + 1`,
			`st.dialog("Q"`+params+`)(ask)()`,
			`st.text("calls %d" % st.session_state.get("calls", 0))`,
		)
	}
	// Not dismissible: the property, and a dismissal refused.
	s := session(t, page(", dismissible=False"), nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	dlg := only(t, res, "dialog")
	if dlg.Prop("dismissible") != false {
		t.Fatalf("dialog = %s, want dismissible false", asJSON(t, dlg))
	}
	if err := s.SetWire(dlg.ID, starlark.True); err == nil || !strings.Contains(err.Error(), `the dialog "Q" is not dismissible`) {
		t.Fatalf("a dismissal of a dialog that is not dismissible: %v", err)
	}

	for _, c := range []struct {
		params      string
		quiet       bool
		callback    bool
		calls       string
		dismissible bool
	}{
		{"", true, false, "calls 0", true},
		{`, on_dismiss="ignore"`, true, false, "calls 0", true},
		{`, on_dismiss="rerun"`, false, false, "calls 0", true},
		{`, on_dismiss=dismissed`, false, true, "calls 1", true},
	} {
		t.Run(c.params, func(t *testing.T) {
			s := session(t, page(c.params), nil, host.Limits{})
			res := s.Run()
			mustComplete(t, res)
			dlg := only(t, res, "dialog")
			if dlg.Prop("dismissible") != true {
				t.Fatalf("dialog = %s, want dismissible true", asJSON(t, dlg))
			}
			w := s.State.Widget(dlg.ID)
			if w == nil || w.Quiet != c.quiet || (w.Callback != nil) != c.callback {
				t.Fatalf("the dialog's widget is %+v, want quiet %v, callback %v", w, c.quiet, c.callback)
			}
			if err := s.SetWire(dlg.ID, starlark.True); err != nil {
				t.Fatal(err)
			}
			res = s.Run()
			mustComplete(t, res)
			if n := len(res.Find("dialog")); n != 0 {
				t.Fatalf("the dismissed dialog shows again")
			}
			if got := texts(t, res); got[len(got)-1] != c.calls {
				t.Fatalf("texts %q, want %q last", got, c.calls)
			}
		})
	}
}

func TestDialogErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`st.dialog("T", on_dismiss="close")`, `st.dialog: for parameter on_dismiss: got "close", want "ignore", "rerun" or a function`},
		{`st.dialog("T", on_dismiss=1)`, `st.dialog: for parameter on_dismiss: got int, want "ignore", "rerun" or a function`},
		{`st.dialog("T", dismissible="no")`, `st.dialog: for parameter dismissible: got string, want bool`},
		{`st.dialog("T", width="huge")`, `st.dialog: for parameter width: got "huge", want "small", "medium" or "large"`},
		{`st.dialog("T")(3)`, `st.dialog: for parameter fn: got int, want a function`},
		{`
def a():
    st.text("a")
def b():
    st.text("b")
st.dialog("A")(a)()
st.dialog("B")(b)()
`, `st.dialog: only one dialog can be open at a time; b opened a second`},
	} {
		mustFailWith(t, runPage(t, c.src), c.want)
	}
	// The keyword spelling.
	res := runPage(t, "def f():\n    st.text('x')\nst.dialog('T', fn=f)()\n")
	mustComplete(t, res)
	only(t, res, "dialog")
}

func TestFeedback(t *testing.T) {
	src := `v = st.feedback("stars", key="fb")
st.text("got %s" % v)
`
	s := session(t, src, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	fb := only(t, res, "feedback")
	if fb.Prop("options") != "stars" || fb.Prop("value") != nil {
		t.Fatalf("feedback = %s", asJSON(t, fb))
	}
	if err := s.SetWire("fb", starlark.MakeInt(3)); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || got[0] != "got 3" {
		t.Fatalf("texts %q, want got 3", got)
	}
	if v := only(t, res, "feedback").Prop("value"); v != int32(3) && v != 3 {
		t.Fatalf("value prop %#v, want 3", v)
	}
	// Out of range from the wire: the default.
	if err := s.SetWire("fb", starlark.MakeInt(5)); err == nil {
		res = s.Run()
		mustComplete(t, res)
		if got := texts(t, res); got[0] != "got None" {
			t.Fatalf("an out-of-range value gave %q", got)
		}
	}
	mustFailWith(t, runPage(t, `st.feedback("hearts")`), `st.feedback: for parameter options: got "hearts", want "thumbs", "faces" or "stars"`)
}

// TestMapTiles: the app's [map] tiles reach st.map's element (the browser
// then draws over them in Web Mercator); without them the element has none.
func TestMapTiles(t *testing.T) {
	src := `st.map([{"lat": 52.5, "lon": 13.4}])`
	if m := only(t, runPage(t, src), "map"); m.Prop("tiles") != nil || m.Prop("attribution") != nil {
		t.Fatalf("a map of an app without tiles = %s", asJSON(t, m))
	}
	app := appOf(t, src, nil, func(o *host.Options) {
		host.MapTiles.Set(o, map[string]string{"tiles": "https://tile.example.org/{z}/{x}/{y}.png", "attribution": "© tiles"})
	})
	res := runApp(app)
	mustComplete(t, res)
	if m := only(t, res, "map"); m.Prop("tiles") != "https://tile.example.org/{z}/{x}/{y}.png" || m.Prop("attribution") != "© tiles" {
		t.Fatalf("map = %s", asJSON(t, m))
	}
}

func TestMap(t *testing.T) {
	res := runPage(t, `st.map([{"LATITUDE": 1.5, "Lon": 2}, {"LATITUDE": None, "Lon": 3}, {"LATITUDE": -4, "Lon": 5}], size=10, color=(255, 0, 0))`)
	mustComplete(t, res)
	m := only(t, res, "map")
	if fmt.Sprint(m.Prop("lat")) != "[1.5 -4]" || fmt.Sprint(m.Prop("lon")) != "[2 5]" || m.Prop("color") != "rgba(255, 0, 0, 1)" || m.Prop("size") != 10.0 {
		t.Fatalf("map = %s", asJSON(t, m))
	}
	res = runPage(t, `st.map({"y": [1, 2], "x": [3, 4], "c": ["#f00", "#0f0"], "r": [10, 20]}, latitude="y", longitude="x", color="c", size="r")`)
	mustComplete(t, res)
	m = only(t, res, "map")
	if fmt.Sprint(m.Prop("color")) != "[#f00 #0f0]" || fmt.Sprint(m.Prop("size")) != "[10 20]" {
		t.Fatalf("map = %s", asJSON(t, m))
	}
	for _, c := range []struct{ src, want string }{
		{`st.map([{"a": 1, "b": 2}])`, `st.map: the data has no latitude column: name it lat or latitude (any case) or give latitude="column" (columns: a, b)`},
		{`st.map([{"lat": 91, "lon": 2}])`, `st.map: row 0: latitude 91, longitude 2 is not on the map`},
		{`st.map([{"lat": "x", "lon": 2}])`, `st.map: column "lat" holds string values, want numbers (degrees)`},
		{`st.map([{"lat": 1, "lon": 2}], color="not a colour!")`, `st.map: for parameter color: "not a colour!" is not a colour`},
		{`st.map([{"lat": 1, "lon": 2}], zoom=30)`, `st.map: for parameter zoom: got 30, want a number from 0 to 24`},
	} {
		mustFailWith(t, runPage(t, c.src), c.want)
	}
}
