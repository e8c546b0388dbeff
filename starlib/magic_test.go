package starlib_test

// Tests of Streamlit's magic: a page's bare expression statements that are
// not calls or docstrings are written as st.write writes them.

import (
	"testing"

	"github.com/stark-dev/stark/host"
)

const magicPage = `"""The page's docstring: not written."""
"# Sales"
n = 41
n + 1
"units:", n
st.text("a call writes what it writes")
len([1])
def helper():
    "helper's docstring: not written"
    "written when helper runs"
    n * 2
helper()
[1, 2]
if n > 0:
    {"k": n}
for i in range(2):
    i
(n)
`

func TestMagic(t *testing.T) {
	res := runPage(t, magicPage)
	mustComplete(t, res)
	sameJSON(t, res.Elements(), `[
	  {"kind":"markdown","path":"main.0","body":"# Sales"},
	  {"kind":"markdown","path":"main.1","body":"`+"`42`"+`"},
	  {"kind":"markdown","path":"main.2","body":"units: `+"`41`"+`"},
	  {"kind":"text","path":"main.3","body":"a call writes what it writes"},
	  {"kind":"markdown","path":"main.4","body":"written when helper runs"},
	  {"kind":"markdown","path":"main.5","body":"`+"`82`"+`"},
	  {"kind":"json","path":"main.6","value":[1,2],"expanded":true},
	  {"kind":"json","path":"main.7","value":{"k":41},"expanded":true},
	  {"kind":"markdown","path":"main.8","body":"`+"`0`"+`"},
	  {"kind":"markdown","path":"main.9","body":"`+"`1`"+`"},
	  {"kind":"markdown","path":"main.10","body":"`+"`41`"+`"}]`)
}

func TestMagicOnlyInThePage(t *testing.T) {
	// A module's bare expressions, at its top level or in its functions,
	// are not written; nor are a worker's without the run's context.
	files := map[string]string{"lib.star": lines(
		`"lib's docstring"`,
		`"lib's top level"`,
		`def shout(s):`,
		`    "in a module's function"`,
		`    return s.upper()`,
	)}
	s := session(t, lines(
		`load("lib.star", "shout")`,
		`st.text(shout("page"))`,
		`def w():`,
		`    n = 1`,
		`    "in a worker without the context"`,
		`    return 1`,
		`spawn(w).result()`,
		`def wc():`,
		`    n = 1`,
		`    "in a worker with the context"`,
		`spawn(wc, context=True).result()`,
	), files, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	sameJSON(t, res.Elements(), `[
	  {"kind":"text","path":"main.0","body":"PAGE"},
	  {"kind":"markdown","path":"main.1","body":"in a worker with the context"}]`)
}

func TestMagicOff(t *testing.T) {
	app := appOf(t, magicPage, nil, func(o *host.Options) { o.NoMagic = true })
	res := runApp(app)
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || len(res.Elements()) != 1 {
		t.Errorf("with magic off the page wrote %s, want its text only", asJSON(t, res.Elements()))
	}
}

func TestMagicLeavesCallsAlone(t *testing.T) {
	// A widget's value, a function's result: calls write what they write.
	res := runPage(t, lines(
		`st.checkbox("c")`,
		`st.slider("s", 0, 10, 3)`,
		`len("abc")`,
		`str(1).upper()`))
	mustComplete(t, res)
	if els := res.Elements(); len(els) != 2 || els[0].Kind != "checkbox" || els[1].Kind != "slider" {
		t.Errorf("the page wrote %s, want the checkbox and the slider only", asJSON(t, els))
	}
}
