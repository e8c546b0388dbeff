package starlib_test

// Tests of the parameters Streamlit's widgets share: label_visibility,
// placeholder, captions, format_func, value=None, keyed buttons in
// st.session_state, and tables as options.

import (
	"fmt"
	"testing"
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
		{"number_input placeholder", `st.number_input("n", placeholder="how many?")`, "", `{"kind":"number_input","path":"main.0","label":"n","help":null,"disabled":false,"min":null,"max":null,"step":1,"value":0,"float":false,"format":null,"placeholder":"how many?"}`},
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
