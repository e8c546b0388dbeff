package starlib_test

// Tests of the layout containers and forms: their elements, arguments and
// errors, nesting and paths, writes from workers, and the semantics of
// forms (form keys on widgets, submit buttons, clear_on_submit).

import (
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

// tree returns the elements of main as JSON values, children included,
// without widget ids.
func tree(t *testing.T, res *harness.Result) any {
	t.Helper()
	var strip func(els []*host.Element) []any
	strip = func(els []*host.Element) []any {
		out := []any{}
		for _, e := range els {
			m := props(e)
			if e.Children != nil {
				m["children"] = strip(e.Children)
			}
			out = append(out, m)
		}
		return out
	}
	return asJSON(t, strip(res.Elements()))
}

func TestLayout(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the elements of main, as JSON
	}{
		{"columns by count", `a, b = st.columns(2)`,
			`[{"kind":"columns","path":"main.0","gap":"small","widths":[0.5,0.5],"children":[
				{"kind":"column","path":"main.0.0","width":0.5,"children":[]},
				{"kind":"column","path":"main.0.1","width":0.5,"children":[]}]}]`},
		{"columns by weights", `cols = st.columns([1, 3], gap="large")`,
			`[{"kind":"columns","path":"main.0","gap":"large","widths":[0.25,0.75],"children":[
				{"kind":"column","path":"main.0.0","width":0.25,"children":[]},
				{"kind":"column","path":"main.0.1","width":0.75,"children":[]}]}]`},
		{"columns of float weights", `cols = st.columns((0.5, 1.5, 2.0), gap="medium")`,
			`[{"kind":"columns","path":"main.0","gap":"medium","widths":[0.125,0.375,0.5],"children":[
				{"kind":"column","path":"main.0.0","width":0.125,"children":[]},
				{"kind":"column","path":"main.0.1","width":0.375,"children":[]},
				{"kind":"column","path":"main.0.2","width":0.5,"children":[]}]}]`},
		{"writes into columns", lines(
			`left, right = st.columns(2)`,
			`right.metric("b", 2)`,
			`left.text("a")`,
			`st.text("after")`),
			`[{"kind":"columns","path":"main.0","gap":"small","widths":[0.5,0.5],"children":[
				{"kind":"column","path":"main.0.0","width":0.5,"children":[{"kind":"text","path":"main.0.0.0","body":"a"}]},
				{"kind":"column","path":"main.0.1","width":0.5,"children":[{"kind":"metric","path":"main.0.1.0","label":"b","value":"2","delta":null,"delta_color":"normal","help":null}]}]},
			  {"kind":"text","path":"main.1","body":"after"}]`},
		{"tabs", lines(
			`one, two = st.tabs(["One", "Two"])`,
			`two.text("in two")`),
			`[{"kind":"tabs","path":"main.0","labels":["One","Two"],"children":[
				{"kind":"tab","path":"main.0.0","label":"One","children":[]},
				{"kind":"tab","path":"main.0.1","label":"Two","children":[{"kind":"text","path":"main.0.1.0","body":"in two"}]}]}]`},
		{"expander", lines(
			`e = st.expander("More")`,
			`e.text("x")`,
			`st.expander("Open", expanded=True)`),
			`[{"kind":"expander","path":"main.0","label":"More","expanded":false,"children":[{"kind":"text","path":"main.0.0","body":"x"}]},
			  {"kind":"expander","path":"main.1","label":"Open","expanded":true,"children":[]}]`},
		{"container", lines(
			`c = st.container()`,
			`st.text("second")`,
			`c.text("first")`,
			`st.container(border=True, height=300)`),
			`[{"kind":"container","path":"main.0","border":false,"height":null,"children":[{"kind":"text","path":"main.0.0","body":"first"}]},
			  {"kind":"text","path":"main.1","body":"second"},
			  {"kind":"container","path":"main.2","border":true,"height":300,"children":[]}]`},
		{"popover", lines(
			`p = st.popover("Settings")`,
			`p.text("inside")`),
			`[{"kind":"popover","path":"main.0","label":"Settings","children":[{"kind":"text","path":"main.0.0","body":"inside"}]}]`},
		{"nested to any depth", lines(
			`tab = st.tabs(["T"])[0]`,
			`e = tab.expander("E")`,
			`box = e.container(border=True)`,
			`x, y = box.columns(2)`,
			`p = y.popover("P")`,
			`p.metric("m", 1)`),
			`[{"kind":"tabs","path":"main.0","labels":["T"],"children":[
			   {"kind":"tab","path":"main.0.0","label":"T","children":[
			    {"kind":"expander","path":"main.0.0.0","label":"E","expanded":false,"children":[
			     {"kind":"container","path":"main.0.0.0.0","border":true,"height":null,"children":[
			      {"kind":"columns","path":"main.0.0.0.0.0","gap":"small","widths":[0.5,0.5],"children":[
			       {"kind":"column","path":"main.0.0.0.0.0.0","width":0.5,"children":[]},
			       {"kind":"column","path":"main.0.0.0.0.0.1","width":0.5,"children":[
			        {"kind":"popover","path":"main.0.0.0.0.0.1.0","label":"P","children":[
			         {"kind":"metric","path":"main.0.0.0.0.0.1.0.0","label":"m","value":"1","delta":null,"delta_color":"normal","help":null}]}]}]}]}]}]}]}]`},
		{"a container in a placeholder", lines(
			`ph = st.empty()`,
			`a, b = ph.columns(2)`,
			`b.text("x")`),
			`[{"kind":"empty","path":"main.0","children":[
			   {"kind":"columns","path":"main.0.0","gap":"small","widths":[0.5,0.5],"children":[
			    {"kind":"column","path":"main.0.0.0","width":0.5,"children":[]},
			    {"kind":"column","path":"main.0.0.1","width":0.5,"children":[{"kind":"text","path":"main.0.0.1.0","body":"x"}]}]}]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, tt.src)
			mustComplete(t, res)
			sameJSON(t, tree(t, res), tt.want)
		})
	}
}

func TestLayoutErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"columns without spec", `st.columns()`, `st.columns: missing argument for spec`},
		{"columns of zero", `st.columns(0)`, `st.columns: for parameter spec: 0 columns, want at least 1`},
		{"columns of a string", `st.columns("2")`, `st.columns: for parameter spec: got string, want an int or a list of widths`},
		{"columns of no widths", `st.columns([])`, `st.columns: for parameter spec: the list of widths is empty`},
		{"columns of a zero width", `st.columns([1, 0])`, `st.columns: for parameter spec: width 0 is not a positive number`},
		{"columns of a negative width", `st.columns([1, -2.5])`, `st.columns: for parameter spec: width -2.5 is not a positive number`},
		{"columns of a string width", `st.columns([1, "2"])`, `st.columns: for parameter spec: got string in the list, want int or float`},
		{"columns of a bool width", `st.columns([True])`, `st.columns: for parameter spec: got bool in the list, want int or float`},
		{"columns past the element limit", `st.columns(100000)`, `st.columns: for parameter spec: 100000 columns are more than the element limit of 10000`},
		{"columns gap", `st.columns(2, gap="huge")`, `st.columns: for parameter gap: got "huge", want "small", "medium" or "large"`},
		{"columns gap type", `st.columns(2, gap=1)`, `st.columns: for parameter gap: got int, want string`},
		{"tabs of a string", `st.tabs("ab")`, `st.tabs: for parameter labels: got string, want a list of strings`},
		{"tabs of nothing", `st.tabs([])`, `st.tabs: for parameter labels: the list is empty`},
		{"tabs of numbers", `st.tabs(["a", 1])`, `st.tabs: for parameter labels: got int in the list, want string`},
		{"expander label", `st.expander(1)`, `st.expander: for parameter label: got int, want string`},
		{"expander expanded", `st.expander("e", expanded="yes")`, `st.expander: for parameter expanded: got string, want bool`},
		{"container height", `st.container(height=0)`, `st.container: for parameter height: got 0, want a positive number of pixels or None`},
		{"container height type", `st.container(height="10px")`, `st.container: for parameter height: got "10px", want a positive number of pixels or None`},
		{"container border", `st.container(border=None)`, `st.container: for parameter border: got NoneType, want bool`},
		{"popover without label", `st.popover()`, `st.popover: missing argument for label`},
		{"a method of no container", `st.columns(1)[0].nope()`, `st.container has no .nope field or method`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}

// TestWorkerWritesIntoColumn checks that a worker given the context writes
// into a column the script thread made, in its place.
func TestWorkerWritesIntoColumn(t *testing.T) {
	src := lines(
		`left, right = st.columns(2)`,
		`def fill(col, n):`,
		`    for i in range(n):`,
		`        col.text("row %d" % i)`,
		`task = spawn(fill, right, 3, context=True)`,
		`left.text("script")`,
		`task.result()`,
		`st.text("after")`,
	)
	res := runPage(t, src)
	mustComplete(t, res)
	col := res.Elements()[0].Children[1]
	if len(col.Children) != 3 {
		t.Fatalf("the right column has %d children, want 3", len(col.Children))
	}
	for i, e := range col.Children {
		want := `{"kind":"text","path":"main.0.1.` + string(rune('0'+i)) + `","body":"row ` + string(rune('0'+i)) + `"}`
		sameJSON(t, props(e), want)
	}
	sameJSON(t, props(res.Elements()[0].Children[0].Children[0]), `{"kind":"text","path":"main.0.0.0","body":"script"}`)
}

// TestContainersInSidebar checks that containers work on st.sidebar.
func TestContainersInSidebar(t *testing.T) {
	res := runPage(t, lines(
		`a, b = st.sidebar.columns(2)`,
		`b.text("x")`,
		`f = st.sidebar.form("search")`,
		`q = f.text_input("Query")`,
		`f.form_submit_button()`,
	))
	mustComplete(t, res)
	sb := res.Sidebar()
	if len(sb) != 2 || sb[0].Kind != "columns" || sb[1].Kind != "form" {
		t.Fatalf("sidebar = %v, want columns and form", sb)
	}
	sameJSON(t, props(sb[0].Children[1].Children[0]), `{"kind":"text","path":"sidebar.0.1.0","body":"x"}`)
	sameJSON(t, props(sb[1].Children[1]), `{"kind":"form_submit_button","path":"sidebar.1.1","label":"Submit","help":null,"disabled":false,"type":"secondary","form":"search"}`)
}

func TestForm(t *testing.T) {
	src := lines(
		`f = st.form("signup")`,
		`name = f.text_input("Name", key="name")`,
		`c1, c2 = f.columns(2)`,
		`age = c1.number_input("Age")`,
		`box = c2.container()`,
		`agree = box.checkbox("Agree")`,
		`ok = f.form_submit_button("Sign up", type="primary")`,
		`outside = st.checkbox("Outside")`,
		`st.text(repr((name, age, agree, ok)))`,
	)
	res := runPage(t, src)
	mustComplete(t, res)
	sameJSON(t, props(only(t, res, "form")), `{"kind":"form","path":"main.0","key":"signup","clear_on_submit":false,"enter_to_submit":true,"border":true}`)
	sameJSON(t, props(only(t, res, "text_input")), `{"kind":"text_input","path":"main.0.0","label":"Name","help":null,"disabled":false,"value":"","placeholder":null,"max_chars":null,"type":"default","key":"name","form":"signup"}`)
	if got := only(t, res, "number_input").Props["form"]; got != "signup" {
		t.Errorf("number_input in a column of the form: form = %v, want signup", got)
	}
	cbs := res.Find("checkbox")
	if got := cbs[0].Props["form"]; got != "signup" {
		t.Errorf("checkbox in a container in a column of the form: form = %v, want signup", got)
	}
	if _, ok := cbs[1].Props["form"]; ok {
		t.Errorf("checkbox outside the form has form %v", cbs[1].Props["form"])
	}
	btn := only(t, res, "form_submit_button")
	sameJSON(t, props(btn, "id"), `{"kind":"form_submit_button","path":"main.0.2","label":"Sign up","help":null,"disabled":false,"type":"primary","form":"signup"}`)
	for id, w := range res.Widgets {
		want := "signup"
		if w.Label == "Outside" {
			want = ""
		}
		if w.Form != want {
			t.Errorf("widget %s (%s): Form = %q, want %q", id, w.Label, w.Form, want)
		}
	}
	if got := res.Find("text")[0].Prop("body"); got != `("", 0.0, False, False)` {
		t.Errorf("values = %v", got)
	}
}

func TestFormErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"no submit button", lines(
			`x = 1`,
			`st.text("before")`,
			`st.form("signup")`,
			`st.text("after")`),
			`st.form("signup"): a form needs a submit button: call form.form_submit_button(label) (page.star:3:8)`},
		{"no submit button, with widgets", lines(
			`f = st.form("a")`,
			`f.text_input("Name")`,
			`f.form_submit_button()`,
			`g = st.form("b")`,
			`g.text_input("Name")`),
			`st.form("b"): a form needs a submit button: call form.form_submit_button(label) (page.star:4:12)`},
		{"nested form", lines(
			`f = st.form("outer")`,
			`f.form("inner")`),
			`st.form: forms cannot be nested: this container is in the form "outer"`},
		{"nested form in a column", lines(
			`f = st.form("outer")`,
			`a, b = f.columns(2)`,
			`b.expander("e").form("inner")`),
			`st.form: forms cannot be nested: this container is in the form "outer"`},
		{"two forms of one key", lines(
			`f = st.form("k")`,
			`f.form_submit_button()`,
			`g = st.sidebar.form("k")`),
			`st.form: two forms have the key "k": at page.star:1:12 and at page.star:3:20; form keys must be unique in a page`},
		{"empty key", `st.form("")`, `st.form: for parameter key: the key must not be empty`},
		{"key type", `st.form(1)`, `st.form: for parameter key: got int, want string`},
		{"clear_on_submit type", `st.form("f", clear_on_submit=1)`, `st.form: for parameter clear_on_submit: got int, want bool`},
		{"submit outside a form", `st.form_submit_button("Go")`,
			`st.form_submit_button: not in a form: call it on the form, e.g. f = st.form("key"); f.form_submit_button("Submit")`},
		{"submit in a column outside a form", `st.columns(2)[0].form_submit_button()`,
			`st.form_submit_button: not in a form: call it on the form, e.g. f = st.form("key"); f.form_submit_button("Submit")`},
		{"submit type", lines(`f = st.form("f")`, `f.form_submit_button(type="big")`),
			`st.form_submit_button: for parameter type: got "big", want "primary" or "secondary"`},
		{"button in a form", lines(`f = st.form("f")`, `f.button("Go")`),
			`st.button: a button cannot be in a form ("f"): its click would reach the page only with the form's values; submit the form with form.form_submit_button(label), or create the button outside the form`},
		{"download_button in a form", lines(`f = st.form("f")`, `f.columns(1)[0].download_button("Get", "x")`),
			`st.download_button: a download_button cannot be in a form ("f"): its click would reach the page only with the form's values; submit the form with form.form_submit_button(label), or create the download_button outside the form`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}

// TestFormErrorFrame checks that a form without a submit button reports
// the form's line as the error's frame, and leaves what the page wrote.
func TestFormErrorFrame(t *testing.T) {
	res := runPage(t, lines(`st.text("a")`, `f = st.form("f")`, `f.text("b")`))
	if res.Status != host.Failed || res.Err == nil {
		t.Fatalf("status %s, want failed", res.Status)
	}
	sameJSON(t, res.Err.Frames, `[{"file":"page.star","line":2,"col":12}]`)
	if n := len(res.Find("text")); n != 2 {
		t.Errorf("%d texts, want the 2 written", n)
	}
}

// TestFormInWorker checks that only the script thread creates forms.
func TestFormInWorker(t *testing.T) {
	res := runPage(t, lines(
		`def w():`,
		`    st.form("f")`,
		`spawn(w, context=True).result()`,
	))
	want := `st.form: forms are created by the script thread only (thread "spawn-1" is a worker); create the form and its widgets in the page`
	if res.Status != host.Failed || !strings.Contains(errText(res), want) {
		t.Fatalf("status %s, error %q, want failed with %q", res.Status, errText(res), want)
	}
}

// TestFormStopped checks that a page stopped before a form's submit button
// is not reported for the missing button.
func TestFormStopped(t *testing.T) {
	res := runPage(t, lines(`f = st.form("f")`, `f.text_input("x")`, `st.stop()`))
	if res.Status != host.StoppedByPage {
		t.Fatalf("status %s (%s), want stopped", res.Status, errText(res))
	}
}

// formPage is a form whose values the page writes as a text.
func formPage(clear bool) string {
	c := "False"
	if clear {
		c = "True"
	}
	return lines(
		`f = st.form("f", clear_on_submit=`+c+`)`,
		`name = f.text_input("Name", key="name")`,
		`n = f.slider("n", 0, 10, 3)`,
		`sent = f.form_submit_button("Send")`,
		`st.text(repr((name, n, sent)))`,
	)
}

func TestFormSubmit(t *testing.T) {
	for _, tt := range []struct {
		clear bool
		after string // the values in the run after the submission's
	}{
		{false, `("Ann", 7, False)`},
		{true, `("", 3, False)`},
	} {
		t.Run(map[bool]string{false: "kept", true: "clear_on_submit"}[tt.clear], func(t *testing.T) {
			s := session(t, formPage(tt.clear), nil, host.Limits{})
			res := s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != `("", 3, False)` {
				t.Fatalf("first run: %v", got)
			}
			slider := only(t, res, "slider").ID
			submit := only(t, res, "form_submit_button").ID
			if err := s.SetWidget("name", starlark.String("Ann")); err != nil {
				t.Fatal(err)
			}
			if err := s.State.SetWire(slider, starlark.MakeInt(7)); err != nil {
				t.Fatal(err)
			}
			if err := s.Click(submit); err != nil {
				t.Fatal(err)
			}

			res = s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != `("Ann", 7, True)` {
				t.Errorf("submitted run: values %v, want the submitted ones", got)
			}
			// A cleared form shows its defaults as soon as it is submitted.
			wantName, wantN := any("Ann"), any(int64(7))
			if tt.clear {
				wantName, wantN = "", int64(3)
			}
			if got := only(t, res, "text_input").Props["value"]; got != wantName {
				t.Errorf("submitted run: text_input shows %v, want %v", got, wantName)
			}
			if got := only(t, res, "slider").Props["value"]; got != wantN {
				t.Errorf("submitted run: slider shows %#v, want %#v", got, wantN)
			}
			v, _ := s.State.Get("name")
			if want := starlark.String(wantName.(string)); v != want {
				t.Errorf("after the submitted run: session_state.name = %v, want %v", v, want)
			}

			res = s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.after {
				t.Errorf("next run: values %v, want %s", got, tt.after)
			}
		})
	}
}

// TestFormSubmitCancelled checks that a submission's values are reset only
// when the submitted run completes.
func TestFormSubmitFailed(t *testing.T) {
	src := formPage(true) + "if sent:\n    fail('boom')\n"
	s := session(t, src, nil, host.Limits{})
	mustComplete(t, s.Run())
	res := s.Run()
	submit := only(t, res, "form_submit_button").ID
	if err := s.SetWidget("name", starlark.String("Ann")); err != nil {
		t.Fatal(err)
	}
	if err := s.Click(submit); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustFail(t, res, "fail: boom")
	if v, _ := s.State.Get("name"); v != starlark.String("Ann") {
		t.Errorf("after a failed submitted run: name = %v, want the value kept", v)
	}
}

// TestFormPlaceholder checks that a placeholder in a form is in the form.
func TestFormPlaceholder(t *testing.T) {
	res := runPage(t, lines(
		`f = st.form("f")`,
		`ph = f.empty()`,
		`ph.text_input("Name")`,
		`f.form_submit_button()`,
	))
	mustComplete(t, res)
	if got := only(t, res, "text_input").Props["form"]; got != "f" {
		t.Errorf("text_input in a placeholder of the form: form = %v, want f", got)
	}
}
