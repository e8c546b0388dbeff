package web_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/web"
)

const bigPage = `
def build():
    return table({"i": list(range(10000)), "v": [(i * 7919) % 1000 for i in range(10000)]})
rows = cache_data(build)()
n = st.slider("n", min_value=0, max_value=100, value=1, key="n")
st.metric("n", n)
st.dataframe(rows)
st.line_chart(rows.head(500), x="i", y="v")
`

// A rerun that changes one metric on a page with a 10,000-row dataframe and
// a chart sends the metric and the slider, not the table or the chart.
func TestRerunBytesWithLargeTable(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": bigPage}, web.Options{})
	c := dial(t, ts, "", "")
	msgs := untilRunEnd(t, c)
	if msgs[len(msgs)-1].Status() != "completed" {
		t.Fatalf("first run: %s %s", msgs[len(msgs)-1].Status(), msgs[len(msgs)-1].Raw)
	}
	first := c.Bytes
	c.SetWidget("n", 2)
	untilRunEnd(t, c)
	sent := c.Bytes - first
	t.Logf("first run: %d bytes; rerun changing one metric: %d bytes", first, sent)
	if sent > 2048 {
		t.Errorf("a rerun changing one metric sent %d bytes, want under 2 KB", sent)
	}
}

func TestDataframeRows(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": bigPage}, web.Options{})
	c := dial(t, ts, "", "")
	untilRunEnd(t, c)
	var path string
	for p, e := range c.Snapshot() {
		if e["kind"] == "dataframe" {
			path = p
			if n := e["num_rows"]; n != float64(10000) {
				t.Errorf("num_rows %v, want 10000", n)
			}
		}
	}
	if path == "" {
		t.Fatal("no dataframe element")
	}
	ask := func(req any) *struct {
		Start   int     `json:"start"`
		NumRows int     `json:"num_rows"`
		Req     int     `json:"req"`
		Rows    [][]any `json:"rows"`
	} {
		t.Helper()
		if err := c.SendValue(req); err != nil {
			t.Fatal(err)
		}
		m, err := c.WaitFor("rows", 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Start   int     `json:"start"`
			NumRows int     `json:"num_rows"`
			Req     int     `json:"req"`
			Rows    [][]any `json:"rows"`
		}
		if err := json.Unmarshal(m.Raw, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	r := ask(map[string]any{"v": 1, "type": "rows", "path": path, "req": 7, "start": 9000, "count": 50})
	if r.Req != 7 || r.Start != 9000 || r.NumRows != 10000 || len(r.Rows) != 50 || r.Rows[0][0] != float64(9000) {
		t.Errorf("rows 9000..9050: req %d start %d num %d len %d first %v", r.Req, r.Start, r.NumRows, len(r.Rows), r.Rows[0])
	}
	r = ask(map[string]any{"v": 1, "type": "rows", "path": path, "req": 8, "start": 0, "count": 3, "sort": "v", "desc": true})
	if len(r.Rows) != 3 || r.Rows[0][1] != float64(999) {
		t.Errorf("sorted by v desc: %v, want v=999 first", r.Rows)
	}
	c.SendValue(map[string]any{"v": 1, "type": "rows", "path": path, "req": 9, "start": 0, "count": 3, "sort": "nope"})
	m, err := c.WaitFor("error", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text(), "nope") {
		t.Errorf("unknown sort column: %q", m.Text())
	}
	c.SendValue(map[string]any{"v": 1, "type": "rows", "path": "main.99", "req": 10, "start": 0, "count": 3})
	if m, err = c.WaitFor("error", 5*time.Second); err != nil || !strings.Contains(m.Text(), "no table") {
		t.Errorf("rows of no table: %v %v", m, err)
	}
}
