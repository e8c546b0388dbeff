package starlib_test

// Tests of the parameters Streamlit's widgets share: label_visibility,
// placeholder, captions, format_func, value=None, keyed buttons in
// st.session_state, and tables as options.

import (
	"fmt"
	"testing"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

func TestLabelVisibility(t *testing.T) {
	calls := []string{
		`st.checkbox("L"%s)`, `st.toggle("L"%s)`, `st.radio("L", ["a"]%s)`, `st.selectbox("L", ["a"]%s)`,
		`st.multiselect("L", ["a"]%s)`, `st.slider("L"%s)`, `st.number_input("L"%s)`, `st.text_input("L"%s)`,
		`st.text_area("L"%s)`, `st.date_input("L", "2024-01-02"%s)`, `st.time_input("L"%s)`, `st.color_picker("L"%s)`,
		`st.select_slider("L", ["a"]%s)`, `st.pills("L", ["a"]%s)`, `st.segmented_control("L", ["a"]%s)`,
		`st.file_uploader("L"%s)`, `st.metric("L", 1%s)`,
	}
	for _, call := range calls {
		for _, vis := range []string{"", "visible", "hidden", "collapsed"} {
			arg := ""
			if vis != "" {
				arg = `, label_visibility="` + vis + `"`
			}
			src := sprintf(call, arg)
			t.Run(src, func(t *testing.T) {
				res := runPage(t, src)
				mustComplete(t, res)
				e := res.Elements()[0]
				got, ok := e.Props["label_visibility"]
				switch vis {
				case "", "visible":
					if ok {
						t.Errorf("label_visibility = %v, want it absent (visible)", got)
					}
				default:
					if got != vis {
						t.Errorf("label_visibility = %v, want %q", got, vis)
					}
				}
			})
		}
		src := sprintf(call, `, label_visibility="gone"`)
		t.Run(src, func(t *testing.T) {
			res := runPage(t, src)
			mustFailWith(t, res, `for parameter label_visibility: got "gone", want "visible", "hidden" or "collapsed"`)
		})
	}
	// Buttons have no label_visibility, as in Streamlit.
	mustFailWith(t, runPage(t, `st.button("b", label_visibility="hidden")`), "unexpected keyword argument")
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

func TestPlaceholderAndCaptions(t *testing.T) {
	tests := []struct {
		name, call, drop, want string
	}{
		{"number_input placeholder", `st.number_input("n", placeholder="how many?")`, "", `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":null,"max":null,"step":0.01,"value":0,"float":true,"format":null,"placeholder":"how many?"}`},
		{"number_input of None", `st.number_input("n", value=None)`, "", `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":null,"max":null,"step":0.01,"value":null,"float":true,"format":null,"clearable":true}`},
		{"multiselect placeholder", `st.multiselect("m", ["a"], placeholder="any tags")`, "", `{"kind":"multiselect","path":"main.0","label":"m","help":null,"disabled":false,"options":["a"],"value":[],"max_selections":null,"placeholder":"any tags"}`},
		{"radio captions", `st.radio("r", ["a", "b"], captions=["first", ""])`, "", `{"kind":"radio","path":"main.0","label":"r","help":null,"disabled":false,"options":["a","b"],"index":0,"horizontal":false,"captions":["first",""]}`},
		{"radio captions None", `st.radio("r", ["a", "b"], captions=("first", None))`, "", `{"kind":"radio","path":"main.0","label":"r","help":null,"disabled":false,"options":["a","b"],"index":0,"horizontal":false,"captions":["first",""]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.call)
			mustComplete(t, res)
			sameJSON(t, props(res.Elements()[0]), tt.want)
		})
	}
	errs := []struct{ call, want string }{
		{`st.radio("r", ["a", "b"], captions=["one"])`, `st.radio: for parameter captions: 1 captions for 2 options; give one for each option ("" for none)`},
		{`st.radio("r", ["a"], captions="a")`, `st.radio: for parameter captions: got string, want a list of strings`},
		{`st.radio("r", ["a"], captions=[1])`, `st.radio: for parameter captions: item 0 is int, want string`},
		{`st.number_input("n", placeholder=3)`, `st.number_input: for parameter placeholder: got int, want string or None`},
		{`st.selectbox("s", ["a"], captions=["x"])`, `st.selectbox: unexpected keyword argument "captions"`},
	}
	for _, tt := range errs {
		t.Run(tt.call, func(t *testing.T) { mustFailWith(t, runPage(t, tt.call), tt.want) })
	}
}

// format_func shows str(format_func(option)) and returns the option itself;
// a table's options are its first column.
func TestFormatFuncAndTableOptions(t *testing.T) {
	tests := []struct {
		name, call, set string // set: a value set through session_state before the second run
		options         string // the element's options, as JSON
		value, after    string // repr of the value, in the first run and after set
	}{
		{"selectbox", `st.selectbox("s", [1, 2], format_func=lambda n: "#%d" % n, key="w")`, "2", `["#1","#2"]`, "1", "2"},
		{"selectbox positional", `st.selectbox("s", ["a", "b"], 1, lambda s: s.upper(), key="w")`, `"a"`, `["A","B"]`, `"b"`, `"a"`},
		{"radio", `st.radio("r", [1, 2], format_func=str, key="w")`, "2", `["1","2"]`, "1", "2"},
		{"radio of None", `st.radio("r", [None, "x"], format_func=lambda o: "none" if o == None else o, key="w")`, `"x"`, `["none","x"]`, "None", `"x"`},
		{"multiselect", `st.multiselect("m", [1, 2, 3], format_func=lambda n: n * 10, key="w")`, "[3]", `["10","20","30"]`, "[]", "[3]"},
		{"select_slider", `st.select_slider("x", [1, 2, 3], format_func=lambda n: "%dkg" % n, key="w")`, "3", `["1kg","2kg","3kg"]`, "1", "3"},
		{"pills", `st.pills("p", ["a", "b"], format_func=lambda s: s + "!", key="w")`, `"b"`, `["a!","b!"]`, "None", `"b"`},
		{"segmented_control", `st.segmented_control("p", ["a", "b"], format_func=lambda s: s + "?", default="a", key="w")`, `"b"`, `["a?","b?"]`, `"a"`, `"b"`},
		{"table options", `st.selectbox("s", table([{"id": 7, "name": "x"}, {"id": 9, "name": "y"}]), key="w")`, "9", `["7","9"]`, "7", "9"},
		{"table options formatted", `st.radio("s", table({"city": ["Oslo", "Rome"], "pop": [1, 3]}), format_func=lambda c: c.lower(), key="w")`, `"Rome"`, `["oslo","rome"]`, `"Oslo"`, `"Rome"`},
		{"table column", `st.multiselect("s", table({"n": [1, 2]}).column("n"), key="w")`, "[2, 1]", `["1","2"]`, "[]", "[2, 1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, "v = "+tt.call+"\nst.text(repr(v))", nil, host.Limits{})
			res := s.Run()
			mustComplete(t, res)
			sameJSON(t, res.Elements()[0].Props["options"], tt.options)
			if got := texts(t, res); len(got) != 1 || got[0] != tt.value {
				t.Fatalf("first run: value %q, want %s", got, tt.value)
			}
			v, err := starlark.ExecFile(&starlark.Thread{}, "v", "v = "+tt.set, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetWidget("w", v["v"]); err != nil {
				t.Fatalf("SetWidget(%s): %v", tt.set, err)
			}
			res = s.Run()
			mustComplete(t, res)
			if got := texts(t, res); len(got) != 1 || got[0] != tt.after {
				t.Fatalf("after setting %s: value %q, want %s", tt.set, got, tt.after)
			}
		})
	}
	// format_func is part of the identity: the same options shown
	// differently are two widgets.
	res := runPage(t, lines(
		`a = st.selectbox("s", [1, 2], format_func=str)`,
		`b = st.selectbox("s", [1, 2], format_func=lambda n: "#%d" % n)`,
		`c = st.selectbox("s", [1, 2])`,
	))
	mustComplete(t, res)
	errs := []struct{ call, want string }{
		{`st.selectbox("s", ["a"], format_func=3)`, `st.selectbox: for parameter format_func: got int, want a function`},
		{`st.radio("s", ["a", 1], format_func=lambda o: o + "x")`, `st.radio: for parameter format_func: option 1: unknown binary op: int + string`},
		{`st.selectbox("s", table([]))`, `st.selectbox: for parameter options: the table has no columns`},
	}
	for _, tt := range errs {
		t.Run(tt.call, func(t *testing.T) { mustFailWith(t, runPage(t, tt.call), tt.want) })
	}
}

// value=None: the widget returns None until the user enters a value; its
// element's value is null.
func TestValueNone(t *testing.T) {
	tests := []struct {
		name, call, set string // set: the value the user then enters
		after           string // repr of the value after set
	}{
		{"number_input", `st.number_input("n", value=None, key="w")`, "3", "3.0"},
		{"number_input int", `st.number_input("n", value=None, step=1, key="w")`, "3", "3"},
		{"number_input bounded", `st.number_input("n", min_value=1, max_value=5, value=None, key="w")`, "9", "5"},
		{"text_input", `st.text_input("t", value=None, key="w")`, `"hi"`, `"hi"`},
		{"text_area", `st.text_area("t", None, key="w")`, `"a\nb"`, `"a\nb"`},
		{"date_input", `st.date_input("d", value=None, key="w")`, `"2024-02-03"`, `"2024-02-03"`},
		{"time_input", `st.time_input("t", value=None, key="w")`, `"09:15"`, `"09:15"`},
		{"selectbox", `st.selectbox("s", ["a", "b"], index=None, key="w")`, `"b"`, `"b"`},
		{"radio", `st.radio("s", ["a", "b"], index=None, key="w")`, `"a"`, `"a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, "v = "+tt.call+"\nst.text(repr(v))", nil, host.Limits{})
			res := s.Run()
			mustComplete(t, res)
			if got := texts(t, res); len(got) != 1 || got[0] != "None" {
				t.Fatalf("first run: value %q, want None", got)
			}
			e := res.Elements()[0]
			key := "value"
			if _, ok := e.Props["index"]; ok {
				key = "index"
			}
			if v, ok := e.Props[key]; !ok || v != nil {
				t.Fatalf("element %s = %#v, want null", key, v)
			}
			v, err := starlark.ExecFile(&starlark.Thread{}, "v", "v = "+tt.set, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetWidget("w", v["v"]); err != nil {
				t.Fatalf("SetWidget(%s): %v", tt.set, err)
			}
			res = s.Run()
			mustComplete(t, res)
			if got := texts(t, res); len(got) != 1 || got[0] != tt.after {
				t.Fatalf("after %s: value %q, want %s", tt.set, got, tt.after)
			}
		})
	}
}

// The defaults Streamlit has: number_input with no number returns 0.0 (an
// int only when some number given is an int), text inputs show str() of
// any value, date_input is today and time_input now.
func TestWidgetDefaults(t *testing.T) {
	tests := []struct{ call, want string }{
		{`st.number_input("n")`, "0.0"},
		{`st.number_input("n", value="min")`, "0.0"},
		{`st.number_input("n", min_value=2)`, "2"},
		{`st.number_input("n", min_value=2.5)`, "2.5"},
		{`st.number_input("n", max_value=10)`, "0"},
		{`st.text_input("t", 5)`, `"5"`},
		{`st.text_input("t", 1.5)`, `"1.5"`},
		{`st.text_area("t", [1, "a"])`, `"[1, \"a\"]"`},
		{`st.text_input("t", True)`, `"True"`},
		{`st.date_input("d") == st.date_input("e", "today")`, "True"},
		{`st.time_input("t")[2]`, `":"`},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			res := runPage(t, "st.text(repr("+tt.call+"))")
			mustComplete(t, res)
			if got := texts(t, res); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("value %q, want %s", got, tt.want)
			}
		})
	}
}

// A keyed button's value is in st.session_state: True in the run that saw
// the click (from the run's start, callbacks included), False otherwise.
func TestKeyedButtonInSessionState(t *testing.T) {
	tests := []struct{ name, button, click string }{
		{"button", `st.button("Go", key="b", on_click=seen)`, "b"},
		{"download_button", `st.download_button("Get", "data", key="b", on_click=seen)`, "b"},
		{"form_submit_button", `form.form_submit_button("Send", key="b", on_click=seen)`, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := lines(
				`def seen():`,
				`    st.session_state["in_callback"] = st.session_state["b"]`,
				map[bool]string{true: `form = st.form("f")`, false: ``}[tt.name == "form_submit_button"],
				`st.text("before: %r" % st.session_state.get("b"))`,
				`v = `+tt.button,
				`st.text("returned %r, state %r, callback saw %r" % (v, st.session_state["b"], st.session_state.get("in_callback")))`,
			)
			s := session(t, src, nil, host.Limits{})
			want := func(res string, w ...string) {
				t.Helper()
				r := s.Run()
				mustComplete(t, r)
				if got := texts(t, r); len(got) != 2 || got[0] != w[0] || got[1] != w[1] {
					t.Fatalf("%s: texts %q, want %q", res, got, w)
				}
			}
			want("first run", "before: None", "returned False, state False, callback saw None")
			if err := s.Click(tt.click); err != nil {
				t.Fatal(err)
			}
			want("the run after the click", "before: True", "returned True, state True, callback saw True")
			want("the next run", "before: False", "returned False, state False, callback saw True")
		})
	}
}

// A keyed button's value is not the page's to set, as in Streamlit; a
// button left out of a run loses its value.
func TestKeyedButtonValueIsNotThePages(t *testing.T) {
	mustFailWith(t, runPage(t, lines(
		`st.session_state["go"] = True`,
		`st.button("Go", key="go")`,
	)), `st.button: st.session_state["go"] was set by the page, but a button's value is not the page's to set`)
	mustFailWith(t, runPage(t, lines(
		`st.button("Go", key="go")`,
		`st.session_state["go"] = True`,
	)), `st.session_state["go"]: the value of the button "Go" cannot be set: it is True in the run after a click, False otherwise`)

	s := session(t, lines(
		`if st.session_state.get("show", True):`,
		`    st.button("Go", key="go")`,
		`st.text(repr(st.session_state.get("go")))`,
	), nil, host.Limits{})
	for i := range 3 {
		res := s.Run()
		mustComplete(t, res) // run 3: the button is back, and its key free
		if got := texts(t, res); len(got) != 1 || got[0] != "False" {
			t.Fatalf("run %d: %q, want False", i+1, got)
		}
		if _, ok := s.State.Get("go"); ok != (i != 1) {
			t.Fatalf("after run %d: the key go is there: %v, want %v", i+1, ok, i != 1)
		}
		s.State.Set("show", starlark.Bool(i == 1)) // left out in run 2, back in run 3
	}
}

func TestFormEnterToSubmitAndBorder(t *testing.T) {
	res := runPage(t, lines(
		`f = st.form("f", enter_to_submit=False, border=False)`,
		`f.text_input("Name")`,
		`f.form_submit_button("Send")`,
	))
	mustComplete(t, res)
	sameJSON(t, props(only(t, res, "form")), `{"kind":"form","path":"main.0","key":"f","clear_on_submit":false,"enter_to_submit":false,"border":false}`)
	mustFailWith(t, runPage(t, `st.form("f", border="no")`), `for parameter border: got string, want bool`)
}

// TestTextInputAutocomplete: autocomplete reaches the browser as Streamlit
// passes it on; without it the element carries none.
func TestTextInputAutocomplete(t *testing.T) {
	res := runPage(t, `st.text_input("Email", autocomplete="email")
st.text_input("Name")
`)
	mustComplete(t, res)
	var got []any
	for _, e := range res.Find("text_input") {
		got = append(got, e.Props["autocomplete"])
	}
	if fmt.Sprint(got) != "[email <nil>]" {
		t.Errorf("autocomplete of the two inputs: %v", got)
	}
}
