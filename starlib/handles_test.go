package starlib_test

// Tests of element handles: every builtin that writes one element returns a
// handle to its place, and any builtin called on the handle replaces it, as
// Streamlit's element calls return a DeltaGenerator.

import "testing"

func TestElementHandles(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the elements of main, as JSON
	}{
		{"text replaced by text", lines(
			`x = st.text("a")`,
			`x.text("b")`,
			`st.text("c")`),
			`[{"kind":"text","path":"main.0","body":"b"},{"kind":"text","path":"main.1","body":"c"}]`},
		{"metric replaced by metric", lines(
			`m = st.metric("Speed", 1)`,
			`m.metric("Speed", 2, delta=1)`),
			`[{"kind":"metric","path":"main.0","label":"Speed","value":"2","delta":"1","delta_color":"normal","help":null}]`},
		{"a handle's handle replaces the same place", lines(
			`x = st.markdown("one")`,
			`y = x.code("two")`,
			`y.json({"k": 3})`,
			`st.divider()`),
			`[{"kind":"json","path":"main.0","value":{"k":3},"expanded":true},{"kind":"divider","path":"main.1"}]`},
		{"the old handle still names the place", lines(
			`x = st.text("a")`,
			`x.text("b")`,
			`x.caption("c")`),
			`[{"kind":"caption","path":"main.0","body":"c"}]`},
		{"any element kind replaces any", lines(
			`x = st.success("saved")`,
			`x.divider()`),
			`[{"kind":"divider","path":"main.0"}]`},
		{"a handle becomes a container", lines(
			`x = st.text("loading")`,
			`c = x.container()`,
			`c.text("in")`,
			`st.text("after")`),
			`[{"kind":"container","path":"main.0","border":false,"height":null,"children":[{"kind":"text","path":"main.0.0","body":"in"}]},
			  {"kind":"text","path":"main.1","body":"after"}]`},
		{"a handle of an element in a placeholder", lines(
			`e = st.empty()`,
			`x = e.text("a")`,
			`x.text("b")`),
			`[{"kind":"empty","path":"main.0","children":[{"kind":"text","path":"main.0.0","body":"b"}]}]`},
		{"a handle in a column", lines(
			`cols = st.columns(2)`,
			`x = cols[1].text("a")`,
			`x.text("b")`),
			`[{"kind":"columns","path":"main.0","gap":"small","widths":[0.5,0.5],"children":[
			   {"kind":"column","path":"main.0.0","width":0.5,"children":[]},
			   {"kind":"column","path":"main.0.1","width":0.5,"children":[{"kind":"text","path":"main.0.1.0","body":"b"}]}]}]`},
		{"write of one element", lines(
			`x = st.write("hello")`,
			`x.write("bye")`),
			`[{"kind":"markdown","path":"main.0","body":"bye"}]`},
		{"empty() on a handle clears the element", lines(
			`x = st.text("a")`,
			`x.empty()`),
			`[{"kind":"empty","path":"main.0","children":[]}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runPage(t, tc.src)
			mustComplete(t, res)
			sameJSON(t, res.Elements(), tc.want)
		})
	}
}

// What builtins return besides handles: widgets their values, containers
// themselves, set_page_config and a write of several elements None.
func TestWhatElementsReturn(t *testing.T) {
	res := runPage(t, lines(
		`def check(what, got, want):`,
		`    if got != want:`,
		`        fail(what, "returned", got, "want", want)`,
		`check("checkbox", st.checkbox("c"), False)`,
		`check("text_input", st.text_input("t", value="v"), "v")`,
		`check("slider", st.slider("s", 0, 10, 3), 3)`,
		`check("button", st.button("b"), False)`,
		`check("type of a handle", type(st.text("x")), "st.container")`,
		`check("columns", len(st.columns(3)), 3)`,
		`check("set_page_config", st.set_page_config(page_title="T"), None)`,
		`check("write of several elements", st.write("a", {"k": 1}), None)`,
		`check("str of a handle", str(st.text("y")), "<text main.9>")`,
		`p = st.progress(0)`,
		`p.progress(50)`,
		`check("progress handle", str(p), "<progress main.10>")`,
	))
	mustComplete(t, res)
}
