package starlib_test

// Tests of the widgets: arguments, defaults, the elements they build, their
// identity, and the values a browser or a test may set for them.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

func TestWidgets(t *testing.T) {
	tests := []struct {
		name  string
		call  string // the widget call; the page writes repr() of its value
		want  string // the widget element without its id, as JSON
		value string // repr of the value the call returned
	}{
		{"button", `st.button("Go")`, `{"kind":"button","path":"main.0","label":"Go","help":null,"disabled":false,"type":"secondary"}`, "False"},
		{"button options", `st.button("Go", key="go", help="h", disabled=True, type="primary")`, `{"kind":"button","path":"main.0","label":"Go","help":"h","disabled":true,"type":"primary","key":"go"}`, "False"},
		{"checkbox", `st.checkbox("c")`, `{"kind":"checkbox","path":"main.0","label":"c","help":null,"disabled":false,"value":false}`, "False"},
		{"checkbox value", `st.checkbox("c", value=True, key="c")`, `{"kind":"checkbox","path":"main.0","label":"c","help":null,"disabled":false,"value":true,"key":"c"}`, "True"},
		{"toggle", `st.toggle("t", True)`, `{"kind":"toggle","path":"main.0","label":"t","help":null,"disabled":false,"value":true}`, "True"},
		{"radio", `st.radio("r", ["a", "b", "c"])`, `{"kind":"radio","path":"main.0","label":"r","help":null,"disabled":false,"options":["a","b","c"],"index":0,"horizontal":false}`, `"a"`},
		{"radio index", `st.radio("r", ["a", "b", "c"], index=2, horizontal=True)`, `{"kind":"radio","path":"main.0","label":"r","help":null,"disabled":false,"options":["a","b","c"],"index":2,"horizontal":true}`, `"c"`},
		{"radio no index", `st.radio("r", ["a", "b"], index=None)`, `{"kind":"radio","path":"main.0","label":"r","help":null,"disabled":false,"options":["a","b"],"index":null,"horizontal":false}`, "None"},
		{"radio of numbers", `st.radio("r", (1, 2.5))`, `{"kind":"radio","path":"main.0","label":"r","help":null,"disabled":false,"options":["1","2.5"],"index":0,"horizontal":false}`, "1"},
		{"selectbox", `st.selectbox("s", ["x", "y"])`, `{"kind":"selectbox","path":"main.0","label":"s","help":null,"disabled":false,"options":["x","y"],"index":0,"placeholder":"Choose an option"}`, `"x"`},
		{"selectbox no index", `st.selectbox("s", ["x", "y"], index=None, placeholder="pick")`, `{"kind":"selectbox","path":"main.0","label":"s","help":null,"disabled":false,"options":["x","y"],"index":null,"placeholder":"pick"}`, "None"},
		{"selectbox of nothing", `st.selectbox("s", [])`, `{"kind":"selectbox","path":"main.0","label":"s","help":null,"disabled":false,"options":[],"index":null,"placeholder":"Choose an option"}`, "None"},
		{"multiselect", `st.multiselect("m", ["a", "b", "c"])`, `{"kind":"multiselect","path":"main.0","label":"m","help":null,"disabled":false,"options":["a","b","c"],"value":[],"max_selections":null,"placeholder":"Choose an option"}`, "[]"},
		{"multiselect default", `st.multiselect("m", ["a", "b", "c"], default=["c", "a"], max_selections=2)`, `{"kind":"multiselect","path":"main.0","label":"m","help":null,"disabled":false,"options":["a","b","c"],"value":[2,0],"max_selections":2,"placeholder":"Choose an option"}`, `["c", "a"]`},
		{"slider int", `st.slider("s")`, `{"kind":"slider","path":"main.0","label":"s","help":null,"disabled":false,"min":0,"max":100,"step":1,"value":0,"float":false,"format":null}`, "0"},
		{"slider positional", `st.slider("s", 0, 10, 5)`, `{"kind":"slider","path":"main.0","label":"s","help":null,"disabled":false,"min":0,"max":10,"step":1,"value":5,"float":false,"format":null}`, "5"},
		{"slider step and format", `st.slider("s", min_value=0, max_value=50, step=5, format="%d%%", value=10)`, `{"kind":"slider","path":"main.0","label":"s","help":null,"disabled":false,"min":0,"max":50,"step":5,"value":10,"float":false,"format":"%d%%"}`, "10"},
		{"slider float", `st.slider("f", 0.0, 1.0)`, `{"kind":"slider","path":"main.0","label":"f","help":null,"disabled":false,"min":0,"max":1,"step":0.01,"value":0,"float":true,"format":null}`, "0.0"},
		{"slider float value", `st.slider("f", value=0.5)`, `{"kind":"slider","path":"main.0","label":"f","help":null,"disabled":false,"min":0,"max":1,"step":0.01,"value":0.5,"float":true,"format":null}`, "0.5"},
		{"slider int and float", `st.slider("f", 0, 2.0, 1)`, `{"kind":"slider","path":"main.0","label":"f","help":null,"disabled":false,"min":0,"max":2,"step":0.01,"value":1,"float":true,"format":null}`, "1.0"},
		{"slider range", `st.slider("r", 0, 10, (2, 8))`, `{"kind":"slider","path":"main.0","label":"r","help":null,"disabled":false,"min":0,"max":10,"step":1,"value":[2,8],"float":false,"format":null}`, "(2, 8)"},
		{"slider range of a list", `st.slider("r", value=[20, 30])`, `{"kind":"slider","path":"main.0","label":"r","help":null,"disabled":false,"min":0,"max":100,"step":1,"value":[20,30],"float":false,"format":null}`, "(20, 30)"},
		{"slider float range", `st.slider("r", 0.0, 1.0, (0.25, 0.75), key="r")`, `{"kind":"slider","path":"main.0","label":"r","help":null,"disabled":false,"min":0,"max":1,"step":0.01,"value":[0.25,0.75],"float":true,"format":null,"key":"r"}`, "(0.25, 0.75)"},
		{"number_input", `st.number_input("n")`, `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":null,"max":null,"step":0.01,"value":0,"float":true,"format":null}`, "0.0"},
		{"number_input int step", `st.number_input("n", step=1)`, `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":null,"max":null,"step":1,"value":0,"float":false,"format":null}`, "0"},
		{"number_input bounds", `st.number_input("n", min_value=1, max_value=10, value=2, step=3)`, `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":1,"max":10,"step":3,"value":2,"float":false,"format":null}`, "2"},
		{"number_input min is the default", `st.number_input("n", min_value=3)`, `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":3,"max":null,"step":1,"value":3,"float":false,"format":null}`, "3"},
		{"number_input float", `st.number_input("n", value=1.5, format="%.2f")`, `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":null,"max":null,"step":0.01,"value":1.5,"float":true,"format":"%.2f"}`, "1.5"},
		{"text_input", `st.text_input("t")`, `{"kind":"text_input","path":"main.0","label":"t","help":null,"disabled":false,"value":"","placeholder":null,"max_chars":null,"type":"default"}`, `""`},
		{"text_input options", `st.text_input("t", "abc", max_chars=5, placeholder="p", type="password")`, `{"kind":"text_input","path":"main.0","label":"t","help":null,"disabled":false,"value":"abc","placeholder":"p","max_chars":5,"type":"password"}`, `"abc"`},
		{"text_area", `st.text_area("t", value="a\nb", height=200)`, `{"kind":"text_area","path":"main.0","label":"t","help":null,"disabled":false,"value":"a\nb","placeholder":null,"max_chars":null,"height":200}`, `"a\nb"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, "v = "+tt.call+"\nst.text(repr(v))")
			mustComplete(t, res)
			els := res.Elements()
			if len(els) != 2 {
				t.Fatalf("%d elements, want the widget and the text", len(els))
			}
			if els[0].ID == "" {
				t.Errorf("widget has no id")
			}
			sameJSON(t, props(els[0]), tt.want)
			if got := els[1].Prop("body"); got != tt.value {
				t.Errorf("value = %v, want %s", got, tt.value)
			}
		})
	}
}

func TestWidgetErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"button without label", `st.button()`, `st.button: missing argument for label`},
		{"button type", `st.button("b", type="big")`, `st.button: for parameter type: got "big", want "primary" or "secondary"`},
		{"button on_click", `st.button("b", on_click=1)`, `st.button: for parameter on_click: got int, want a function`},
		{"button on_change", `st.button("b", on_change=print)`, `st.button: unexpected keyword argument "on_change"`},
		{"checkbox on_change", `st.checkbox("c", on_change="f")`, `st.checkbox: for parameter on_change: got string, want a function`},
		{"checkbox args", `st.checkbox("c", args=[1])`, `st.checkbox: for parameter args: got list, want tuple`},
		{"checkbox kwargs", `st.checkbox("c", kwargs=1)`, `st.checkbox: for parameter kwargs: got int, want dict`},
		{"checkbox label", `st.checkbox(1)`, `st.checkbox: for parameter label: got int, want string`},
		{"checkbox value", `st.checkbox("c", value="yes")`, `st.checkbox: for parameter value: got string, want bool`},
		{"empty key", `st.toggle("c", key="")`, `st.toggle: for parameter key: the key must not be empty`},
		{"disabled", `st.toggle("c", disabled=1)`, `st.toggle: for parameter disabled: got int, want bool`},
		{"radio without options", `st.radio("r")`, `st.radio: missing argument for options`},
		{"radio options string", `st.radio("r", "abc")`, `st.radio: for parameter options: got string, want a list`},
		{"radio options int", `st.radio("r", 3)`, `st.radio: for parameter options: got int, want a list`},
		{"radio index", `st.radio("r", ["a"], index="0")`, `st.radio: for parameter index: got string, want int or None`},
		{"radio index out of range", `st.radio("r", ["a"], index=3)`, `st.radio: index 3 is out of range for 1 options`},
		{"radio placeholder", `st.radio("r", ["a"], placeholder="p")`, `st.radio: unexpected keyword argument "placeholder"`},
		{"selectbox horizontal", `st.selectbox("s", ["a"], horizontal=True)`, `st.selectbox: unexpected keyword argument "horizontal"`},
		{"multiselect default", `st.multiselect("m", ["a"], default=["z"])`, `st.multiselect: for parameter default: "z" is not one of the options ["a"]`},
		{"multiselect default not an option", `st.multiselect("m", ["a"], default="z")`, `st.multiselect: for parameter default: "z" is not one of the options ["a"]`},
		{"multiselect max_selections", `st.multiselect("m", ["a"], max_selections=0)`, `st.multiselect: for parameter max_selections: got 0, want a positive int`},
		{"multiselect default over max", `st.multiselect("m", ["a", "b"], default=["a", "b"], max_selections=1)`, `st.multiselect: for parameter default: 2 options selected, at most 1 allowed`},
		{"slider min_value", `st.slider("s", min_value="a")`, `st.slider: for parameter min_value: "a" is not a date ("YYYY-MM-DD"), a time ("HH:MM") or a datetime ("YYYY-MM-DD HH:MM")`},
		{"slider max_value", `st.slider("s", 0, [1])`, `st.slider: for parameter max_value: got list, want int or float`},
		{"slider value", `st.slider("s", value="x")`, `st.slider: for parameter value: "x" is not a date ("YYYY-MM-DD"), a time ("HH:MM") or a datetime ("YYYY-MM-DD HH:MM")`},
		{"slider max_value", `st.slider("s", max_value="x")`, `st.slider: for parameter max_value: got string, want int or float`},
		{"slider step", `st.slider("s", step=0)`, `st.slider: for parameter step: 0 is not positive`},
		{"slider step type", `st.slider("s", step="1")`, `st.slider: for parameter step: got string, want int or float`},
		{"slider nan", `st.slider("s", value=float("nan"))`, `st.slider: for parameter value: got nan, want a finite number`},
		{"slider min over max", `st.slider("s", 10, 0)`, `st.slider: min_value 10 is greater than max_value 0`},
		{"slider value outside", `st.slider("s", 0, 10, 20)`, `st.slider: value 20 is outside the range [0, 10]`},
		{"slider range of three", `st.slider("s", value=(1, 2, 3))`, `st.slider: for parameter value: a range has two values, got 3`},
		{"slider range outside", `st.slider("s", 0, 10, (5, 11))`, `st.slider: value (5, 11) is outside the range [0, 10]`},
		{"slider range member", `st.slider("s", value=(1, "2"))`, `st.slider: for parameter value: got string, want int or float`},
		{"number_input min over max", `st.number_input("n", min_value=5, max_value=1)`, `st.number_input: min_value 5 is greater than max_value 1`},
		{"number_input below min", `st.number_input("n", min_value=5, value=1)`, `st.number_input: value 1 is less than min_value 5`},
		{"number_input above max", `st.number_input("n", max_value=5, value=7)`, `st.number_input: value 7 is greater than max_value 5`},
		{"number_input value", `st.number_input("n", value="1")`, `st.number_input: for parameter value: got "1", want a number, "min" or None`},
		{"number_input value type", `st.number_input("n", value=[1])`, `st.number_input: for parameter value: got list, want int or float`},
		{"text_input type", `st.text_input("t", type="email")`, `st.text_input: for parameter type: got "email", want "default" or "password"`},
		{"text_input max_chars", `st.text_input("t", max_chars=0)`, `st.text_input: for parameter max_chars: got 0, want a positive int`},
		{"text_input value too long", `st.text_input("t", "abcd", max_chars=2)`, `st.text_input: for parameter value: 4 characters, more than max_chars 2`},
		{"text_area type", `st.text_area("t", type="password")`, `st.text_area: unexpected keyword argument "type"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustFail(t, runPage(t, tt.src), tt.want)
		})
	}
}

// TestWidgetInWorker checks that only the script thread creates widgets.
func TestWidgetInWorker(t *testing.T) {
	src := lines(
		"def w():",
		"    return st.checkbox('c')",
		"t = spawn(w, context=True)",
		"t.result()",
	)
	res := runPage(t, src)
	want := `task.result: spawn-1 failed: page.star:2:23: st.checkbox: widgets are created by the script thread only (thread "spawn-1" is a worker); create the widget in the page and pass its value to the worker`
	mustFail(t, res, want)
}

func TestWidgetIdentity(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // "" when the page must run
	}{
		{"same label and parameters", lines(
			`a = st.checkbox("Agree")`,
			`b = st.checkbox("Agree")`),
			`st.checkbox: two checkbox widgets have the same label and parameters: at page.star:1:16 and at page.star:2:16; give each a unique key=`},
		{"same key", lines(
			`a = st.checkbox("A", key="k")`,
			`b = st.slider("B", key="k")`),
			`st.slider: two widgets have the key "k": checkbox at page.star:1:16 and slider at page.star:2:14; keys must be unique in a page`},
		{"same label in a loop", lines(
			`for i in range(2):`,
			`    st.text_input("Name")`),
			`st.text_input: two text_input widgets have the same label and parameters: at page.star:2:18 and at page.star:2:18; give each a unique key=`},
		{"same label, other keys", lines(
			`a = st.checkbox("Agree", key="a")`,
			`b = st.checkbox("Agree", key="b")`), ""},
		{"same label, other parameters", lines(
			`a = st.slider("n", 0, 10)`,
			`b = st.slider("n", 0, 20)`), ""},
		{"same label, other kinds", lines(
			`a = st.checkbox("x")`,
			`b = st.toggle("x")`), ""},
		{"same label, other options", lines(
			`a = st.radio("x", ["a"])`,
			`b = st.radio("x", ["a", "b"])`), ""},
		{"int key is its string", lines(
			`a = st.checkbox("A", key=1)`,
			`b = st.checkbox("B", key="1")`),
			`st.checkbox: two widgets have the key "1": checkbox at page.star:1:16 and checkbox at page.star:2:16; keys must be unique in a page`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			if tt.want == "" {
				mustComplete(t, res)
				return
			}
			mustFail(t, res, tt.want)
		})
	}
}

// TestWidgetIDs checks that a widget's id is its key, or is derived from its
// kind, label and parameters: stable across runs, and new when they change.
func TestWidgetIDs(t *testing.T) {
	idOf := func(t *testing.T, call string) string {
		t.Helper()
		res := runPage(t, call)
		mustComplete(t, res)
		return res.Elements()[0].ID
	}
	base := idOf(t, `st.slider("n", 0, 10, 5)`)
	if !strings.HasPrefix(base, "slider-") {
		t.Errorf("derived id %q does not start with the kind", base)
	}
	if again := idOf(t, `st.slider("n", 0, 10, 5)`); again != base {
		t.Errorf("id in another session = %q, want %q", again, base)
	}
	if keyed := idOf(t, `st.slider("n", 0, 10, 5, key="size")`); keyed != "size" {
		t.Errorf("id of a keyed widget = %q, want its key", keyed)
	}
	for _, call := range []string{
		`st.slider("m", 0, 10, 5)`,
		`st.slider("n", 1, 10, 5)`,
		`st.slider("n", 0, 11, 5)`,
		`st.slider("n", 0, 10, 6)`,
		`st.slider("n", 0, 10, 5, step=2)`,
		`st.slider("n", 0, 10, 5, format="%d")`,
		`st.number_input("n", 0, 10, 5)`,
	} {
		if id := idOf(t, call); id == base {
			t.Errorf("%s has the id of st.slider(\"n\", 0, 10, 5): %s", call, id)
		}
	}
	// Help, disabled and callbacks do not change a widget's identity.
	if id := idOf(t, `st.slider("n", 0, 10, 5, help="h", disabled=True)`); id != base {
		t.Errorf("help and disabled changed the id: %s, want %s", id, base)
	}
}

// TestWidgetValueAcrossRuns sets the value of a widget without a key by its
// derived id, and checks that a change of parameters makes a new widget
// with its default.
func TestWidgetValueAcrossRuns(t *testing.T) {
	s := session(t, `st.text(repr(st.slider("n", 0, 10, 5)))`, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	id := res.Elements()[0].ID
	if err := s.SetWidget(id, starlark.MakeInt(7)); err != nil {
		t.Fatalf("SetWidget(%q, 7): %v", id, err)
	}
	res = s.Run()
	mustComplete(t, res)
	if got := res.Elements()[1].Prop("body"); got != "7" {
		t.Errorf("after SetWidget: value %v, want 7", got)
	}
	res = s.Run()
	if got := res.Elements()[1].Prop("body"); got != "7" {
		t.Errorf("a later run: value %v, want 7", got)
	}
	if err := s.Edit(`st.text(repr(st.slider("n", 0, 10, 4)))`); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustComplete(t, res)
	if got := res.Elements()[1].Prop("body"); got != "4" {
		t.Errorf("a new default makes a new widget: value %v, want 4", got)
	}
}

func TestSetWidget(t *testing.T) {
	page := lines(
		`n = st.slider("n", 0, 100, 10, key="n")`,
		`f = st.slider("f", 0.0, 1.0, 0.5, key="f")`,
		`r = st.slider("r", 0, 100, (10, 20), key="r")`,
		`c = st.checkbox("c", key="c")`,
		`fruit = st.selectbox("Fruit", ["apple", "banana"], key="fruit")`,
		`color = st.radio("Colour", ["red", "green"], key="color")`,
		`tags = st.multiselect("Tags", ["a", "b", "c"], key="tags", max_selections=2)`,
		`q = st.number_input("q", min_value=1, max_value=10, key="q")`,
		`text = st.text_input("t", max_chars=3, key="t")`,
		`go = st.button("Go", key="go")`,
		`st.text(repr([n, f, r, c, fruit, color, tags, q, text, go]))`,
	)
	const initial = `[10, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`
	list := func(vs ...starlark.Value) starlark.Value { return starlark.NewList(vs) }
	i := starlark.MakeInt
	s := func(x string) starlark.Value { return starlark.String(x) }
	tests := []struct {
		name    string
		id      string
		v       starlark.Value
		wire    bool   // SetWire rather than SetWidget
		wantErr string // the error of the set, or ""
		want    string // repr of the page's values in the next run
	}{
		{"slider", "n", i(42), false, "", `[42, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"slider clamped up", "n", i(500), false, "", `[100, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"slider clamped down", "n", i(-5), false, "", `[0, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"slider huge int", "n", starlark.MakeUint64(1 << 63), false, "", `[100, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"slider integral float", "n", starlark.Float(7), false, "", `[7, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"slider fraction", "n", starlark.Float(7.5), false, `widget "n" (slider "n"): got float 7.5, want int`, initial},
		{"slider string", "n", s("7"), false, `widget "n" (slider "n"): got string, want int`, initial},
		{"slider from the wire", "n", i(33), true, "", `[33, 0.5, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"float slider int", "f", i(1), false, "", `[10, 1.0, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"float slider clamped", "f", starlark.Float(-2), false, "", `[10, 0.0, (10, 20), False, "apple", "red", [], 1, "", False]`},
		{"float slider string", "f", s("x"), false, `widget "f" (slider "f"): got string, want float`, initial},
		{"range slider", "r", list(i(30), i(40)), true, "", `[10, 0.5, (30, 40), False, "apple", "red", [], 1, "", False]`},
		{"range slider reversed", "r", starlark.Tuple{i(40), i(30)}, false, "", `[10, 0.5, (30, 40), False, "apple", "red", [], 1, "", False]`},
		{"range slider clamped", "r", list(i(-1), i(101)), false, "", `[10, 0.5, (0, 100), False, "apple", "red", [], 1, "", False]`},
		{"range slider one number", "r", i(5), false, `widget "r" (slider "r"): got int, want a (low, high) pair`, initial},
		{"range slider three numbers", "r", list(i(1), i(2), i(3)), false, `widget "r" (slider "r"): got list, want a (low, high) pair`, initial},
		{"checkbox", "c", starlark.True, false, "", `[10, 0.5, (10, 20), True, "apple", "red", [], 1, "", False]`},
		{"checkbox int", "c", i(1), false, `widget "c" (checkbox "c"): got int, want bool`, initial},
		{"selectbox", "fruit", s("banana"), false, "", `[10, 0.5, (10, 20), False, "banana", "red", [], 1, "", False]`},
		{"selectbox none", "fruit", starlark.None, false, "", `[10, 0.5, (10, 20), False, None, "red", [], 1, "", False]`},
		{"selectbox unknown option", "fruit", s("cherry"), false, `widget "fruit" (selectbox "Fruit"): "cherry" is not one of the options ["apple", "banana"]`, initial},
		{"selectbox wire index", "fruit", i(1), true, "", `[10, 0.5, (10, 20), False, "banana", "red", [], 1, "", False]`},
		{"selectbox wire index out of range", "fruit", i(2), true, `widget "fruit" (selectbox "Fruit"): option index 2 out of range [0, 2)`, initial},
		{"selectbox wire string", "fruit", s("banana"), true, `widget "fruit" (selectbox "Fruit"): got string, want an option index`, initial},
		{"radio wire", "color", i(1), true, "", `[10, 0.5, (10, 20), False, "apple", "green", [], 1, "", False]`},
		{"radio unknown option", "color", s("blue"), false, `widget "color" (radio "Colour"): "blue" is not one of the options ["red", "green"]`, initial},
		{"multiselect", "tags", list(s("c"), s("a")), false, "", `[10, 0.5, (10, 20), False, "apple", "red", ["c", "a"], 1, "", False]`},
		{"multiselect wire", "tags", list(i(1)), true, "", `[10, 0.5, (10, 20), False, "apple", "red", ["b"], 1, "", False]`},
		{"multiselect unknown option", "tags", list(s("z")), false, `widget "tags" (multiselect "Tags"): "z" is not one of the options ["a", "b", "c"]`, initial},
		{"multiselect too many", "tags", list(s("a"), s("b"), s("c")), false, `widget "tags" (multiselect "Tags"): 3 options selected, at most 2 allowed`, initial},
		{"multiselect wire not a list", "tags", i(1), true, `widget "tags" (multiselect "Tags"): got int, want a list of option indices`, initial},
		{"number_input clamped", "q", i(99), false, "", `[10, 0.5, (10, 20), False, "apple", "red", [], 10, "", False]`},
		{"number_input string", "q", s("3"), false, `widget "q" (number_input "q"): got string, want int`, initial},
		{"text_input", "t", s("abc"), true, "", `[10, 0.5, (10, 20), False, "apple", "red", [], 1, "abc", False]`},
		{"text_input too long", "t", s("abcd"), false, `widget "t" (text_input "t"): 4 characters, more than max_chars 3`, initial},
		{"text_input int", "t", i(1), false, `widget "t" (text_input "t"): got int, want string`, initial},
		{"button click", "go", starlark.True, true, "", `[10, 0.5, (10, 20), False, "apple", "red", [], 1, "", True]`},
		{"button false", "go", starlark.False, false, `widget "go" (button): a click carries true, got bool`, initial},
		{"unknown id", "nope", i(1), false, `unknown widget id "nope"`, initial},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess := session(t, page, nil, host.Limits{})
			res := sess.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != initial {
				t.Fatalf("first run: %v, want %s", got, initial)
			}
			var err error
			if tt.wire {
				err = sess.State.SetWire(tt.id, tt.v)
			} else {
				err = sess.SetWidget(tt.id, tt.v)
			}
			if got := fmt.Sprint(err); (err == nil) != (tt.wantErr == "") || (err != nil && got != tt.wantErr) {
				t.Errorf("set %s = %s: error %v, want %q", tt.id, tt.v, err, tt.wantErr)
			}
			res = sess.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.want {
				t.Errorf("next run: %v\nwant        %s", got, tt.want)
			}
		})
	}
}

// TestButtonClickLastsOneRun checks that a click makes a button true in the
// next run only.
func TestButtonClickLastsOneRun(t *testing.T) {
	s := session(t, `st.text(repr(st.button("Go")))`, nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	id := res.Elements()[0].ID
	if err := s.Click(id); err != nil {
		t.Fatalf("Click: %v", err)
	}
	for i, want := range []string{"True", "False"} {
		res = s.Run()
		mustComplete(t, res)
		if got := res.Elements()[1].Prop("body"); got != want {
			t.Errorf("run %d after the click: %v, want %s", i+1, got, want)
		}
	}
}

// TestWidgetValueSetThroughSessionState checks that a keyed widget takes
// the value st.session_state holds, and refuses a wrong one.
func TestWidgetValueSetThroughSessionState(t *testing.T) {
	tests := []struct {
		name string
		v    starlark.Value
		want string // repr of the value, or the error
	}{
		{"in range", starlark.MakeInt(7), "7"},
		{"clamped", starlark.MakeInt(70), "10"},
		{"wrong type", starlark.String("x"), `st.slider: st.session_state["n"]: got string, want int`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, `st.text(repr(st.slider("n", 0, 10, key="n")))`, nil, host.Limits{})
			s.Set("n", tt.v)
			res := s.Run()
			if res.Status == host.Failed {
				if got := errText(res); got != tt.want {
					t.Errorf("error %q, want %q", got, tt.want)
				}
				return
			}
			if got := only(t, res, "text").Prop("body"); got != tt.want {
				t.Errorf("value %v, want %s", got, tt.want)
			}
			if got, _ := s.State.Get("n"); got.String() != tt.want {
				t.Errorf("st.session_state[\"n\"] = %v, want %s", got, tt.want)
			}
		})
	}
}
