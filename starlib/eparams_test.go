package starlib_test

// Tests of the parameters Streamlit's elements and containers take: anchor
// and divider on headings, icon, code's line_numbers and wrap_lines, json's
// expanded depth, and the containers' key and vertical_alignment.

import "testing"

// propsCase is a call and the properties of the element it writes.
type propsCase struct{ call, want string }

func checkProps(t *testing.T, cases []propsCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.call, func(t *testing.T) {
			res := runPage(t, tt.call)
			mustComplete(t, res)
			sameJSON(t, props(res.Elements()[0]), tt.want)
		})
	}
}

// errCase is a call and the error it must fail with.
type errCase struct{ call, want string }

func checkErrs(t *testing.T, cases []errCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.call, func(t *testing.T) {
			mustFailWith(t, runPage(t, tt.call), tt.want)
		})
	}
}

func TestHeadingAnchorAndDivider(t *testing.T) {
	checkProps(t, []propsCase{
		{`st.title("T")`, `{"kind":"title","path":"main.0","body":"T"}`},
		{`st.title("T", "top")`, `{"kind":"title","path":"main.0","body":"T","anchor":"top"}`},
		{`st.title("T", anchor=False)`, `{"kind":"title","path":"main.0","body":"T","anchor":false}`},
		{`st.header("H", anchor="sales-2024", divider="rainbow")`, `{"kind":"header","path":"main.0","body":"H","anchor":"sales-2024","divider":"rainbow"}`},
		{`st.subheader("S", divider="gray", help="h")`, `{"kind":"subheader","path":"main.0","body":"S","divider":"gray","help":"h"}`},
		{`st.header("H", divider=False)`, `{"kind":"header","path":"main.0","body":"H"}`},
	})
	// divider=True cycles through Streamlit's colours, heading after heading.
	res := runPage(t, `
for i in range(7):
    st.header("h", divider=True)
st.subheader("s", divider=True)
`)
	mustComplete(t, res)
	var got []any
	for _, e := range res.Elements() {
		got = append(got, e.Props["divider"])
	}
	sameJSON(t, got, `["blue","green","orange","red","violet","blue","green","orange"]`)
	checkErrs(t, []errCase{
		{`st.title("T", anchor=True)`, `st.title: for parameter anchor: got True, want a string or False`},
		{`st.title("T", anchor="a b")`, `st.title: for parameter anchor: "a b" is not a valid anchor`},
		{`st.title("T", anchor=3)`, `st.title: for parameter anchor: got int, want a string or False`},
		{`st.header("H", divider="pink")`, `st.header: for parameter divider: got "pink", want True, False or one of "blue"`},
		{`st.header("H", divider=1)`, `st.header: for parameter divider: got int, want a bool or a colour name`},
		{`st.title("T", divider=True)`, `unexpected keyword argument "divider"`},
	})
}

func TestAlertIcon(t *testing.T) {
	checkProps(t, []propsCase{
		{`st.error("E", icon=":material/error:")`, `{"kind":"error","path":"main.0","body":"E","icon":":material/error:"}`},
		{`st.info("I", "💡")`, `{"kind":"info","path":"main.0","body":"I","icon":"💡"}`},
		{`st.success("S", icon="✅", help="h")`, `{"kind":"success","path":"main.0","body":"S","icon":"✅","help":"h"}`},
		{`st.warning("W", icon="🏳️‍🌈")`, `{"kind":"warning","path":"main.0","body":"W","icon":"🏳️‍🌈"}`},
		{`st.warning("W", icon=None)`, `{"kind":"warning","path":"main.0","body":"W"}`},
	})
	checkErrs(t, []errCase{
		{`st.error("E", icon=":tada:")`, `st.error: for parameter icon: ":tada:" is not an emoji`},
		{`st.error("E", icon="x")`, `st.error: for parameter icon: "x" is not an emoji`},
		{`st.error("E", icon=":material/Home:")`, `st.error: for parameter icon: ":material/Home:" is not a Material Symbols icon`},
		{`st.error("E", icon=":material/:")`, `is not a Material Symbols icon`},
		{`st.error("E", icon=1)`, `st.error: for parameter icon: got int, want a string`},
		{`st.text("T", icon="💡")`, `unexpected keyword argument "icon"`},
	})
}

func TestIcons(t *testing.T) {
	calls := []string{
		`st.button("b", icon=%s)`, `st.expander("e", icon=%s)`, `st.popover("p", icon=%s)`,
		`st.link_button("l", "https://example.com", icon=%s)`, `st.download_button("d", "x", icon=%s)`,
		`st.form("f").form_submit_button("s", icon=%s)`,
	}
	for _, call := range calls {
		for _, icon := range []string{`"🚀"`, `":material/rocket_launch:"`} {
			src := sprintf(call, icon)
			t.Run(src, func(t *testing.T) {
				res := runPage(t, src)
				mustComplete(t, res)
				el := res.Elements()[0]
				if el.Kind == "form" {
					el = res.Find("form_submit_button")[0]
				}
				if got, want := el.Props["icon"], icon[1:len(icon)-1]; got != want {
					t.Errorf("icon = %v, want %q", got, want)
				}
			})
		}
		// No icon, no property; a bad one is refused.
		src := sprintf(call, "None")
		t.Run(src, func(t *testing.T) {
			res := runPage(t, src)
			mustComplete(t, res)
			for _, e := range append(res.Elements(), res.Find("form_submit_button")...) {
				if _, ok := e.Props["icon"]; ok {
					t.Errorf("%s has an icon: %v", e.Kind, e.Props["icon"])
				}
			}
		})
		src = sprintf(call, `"rocket"`)
		t.Run(src, func(t *testing.T) {
			mustFailWith(t, runPage(t, src), `for parameter icon: "rocket" is not an emoji`)
		})
	}
	checkProps(t, []propsCase{
		{`st.popover("p", help="more", disabled=True)`, `{"kind":"popover","path":"main.0","label":"p","help":"more","disabled":true}`},
		{`st.popover("p", use_container_width=True)`, `{"kind":"popover","path":"main.0","label":"p","width":"stretch"}`},
		{`st.popover("p", width=200)`, `{"kind":"popover","path":"main.0","label":"p","width":200}`},
	})
	checkErrs(t, []errCase{
		{`st.popover("p", help=1)`, `st.popover: for parameter help: got int, want string or None`},
		{`st.popover("p", use_container_width="yes")`, `st.popover: for parameter use_container_width: got string, want bool or None`},
		{`st.page_link("page.star", icon="home")`, `st.page_link: for parameter icon: "home" is not an emoji`},
	})
}

func TestCodeAndJSONOptions(t *testing.T) {
	checkProps(t, []propsCase{
		{`st.code("a")`, `{"kind":"code","path":"main.0","body":"a","language":"python"}`},
		{`st.code("a", "sql", line_numbers=True, wrap_lines=True)`, `{"kind":"code","path":"main.0","body":"a","language":"sql","line_numbers":true,"wrap_lines":true}`},
		{`st.code("a", None, wrap_lines=True)`, `{"kind":"code","path":"main.0","body":"a","language":null,"wrap_lines":true}`},
		{`st.json({"a": 1})`, `{"kind":"json","path":"main.0","value":{"a":1},"expanded":true}`},
		{`st.json({"a": 1}, expanded=False)`, `{"kind":"json","path":"main.0","value":{"a":1},"expanded":false}`},
		{`st.json({"a": {"b": 1}}, expanded=2)`, `{"kind":"json","path":"main.0","value":{"a":{"b":1}},"expanded":2}`},
		{`st.json("[1]", expanded=0)`, `{"kind":"json","path":"main.0","value":[1],"expanded":0}`},
	})
	checkErrs(t, []errCase{
		{`st.code("a", line_numbers="yes")`, `st.code: for parameter line_numbers: got string, want bool`},
		{`st.json({}, expanded=-1)`, `st.json: for parameter expanded: got -1, want a bool or a depth of 0 or more`},
		{`st.json({}, expanded="all")`, `st.json: for parameter expanded: got string, want a bool or an int (the depth to expand to)`},
	})
}

func TestContainerKeyAndColumnAlignment(t *testing.T) {
	checkProps(t, []propsCase{
		{`st.columns(2)`, `{"kind":"columns","path":"main.0","gap":"small","widths":[0.5,0.5]}`},
		{`st.columns(2, gap="large", vertical_alignment="bottom")`, `{"kind":"columns","path":"main.0","gap":"large","widths":[0.5,0.5],"vertical_alignment":"bottom"}`},
		{`st.columns([1, 3], vertical_alignment="center")`, `{"kind":"columns","path":"main.0","gap":"small","widths":[0.25,0.75],"vertical_alignment":"center"}`},
		{`st.columns(2, vertical_alignment="top")`, `{"kind":"columns","path":"main.0","gap":"small","widths":[0.5,0.5]}`},
		{`st.container(key="totals")`, `{"kind":"container","path":"main.0","border":false,"height":null,"key":"totals"}`},
		{`st.container(key="first container")`, `{"kind":"container","path":"main.0","border":false,"height":null,"key":"first container"}`},
		{`st.container(border=True, key=None)`, `{"kind":"container","path":"main.0","border":true,"height":null}`},
	})
	// Keys are per run: the same page runs again with the same keys.
	res := runPage(t, `
a = st.container(key="a")
b = a.container(key="b")
b.text("in b")
`)
	mustComplete(t, res)
	if got := res.Find("container"); len(got) != 2 || got[1].Props["key"] != "b" {
		t.Errorf("containers = %v", asJSON(t, got))
	}
	checkErrs(t, []errCase{
		{`st.columns(2, vertical_alignment="middle")`, `st.columns: for parameter vertical_alignment: got "middle", want "top", "center" or "bottom"`},
		{`st.container(key=1)`, `st.container: for parameter key: got int, want string or None`},
		{`st.container(key="")`, `st.container: for parameter key: a container's key is 1 to 1,000 bytes, got 0`},
		{`st.container(key="x")
st.sidebar.container(key="x")`, `st.container: for parameter key: another container of this page has the key "x"; keys are unique`},
	})
}
