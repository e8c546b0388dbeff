package table_test

// Benchmarks of tables: a page that filters a 100,000-row table with an
// expression and groups it, built once in Go and given to the page as a
// predeclared name, as a cached table would be.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// salesTable returns a table of n rows: region (4 values), price (float),
// qty (int), revenue (float, null in every 50th row) and day (time).
func salesTable(b *testing.B, n int) *table.Table {
	b.Helper()
	var buf bytes.Buffer
	buf.WriteString("region,price,qty,revenue,day\n")
	regions := []string{"north", "south", "east", "west"}
	for i := 0; i < n; i++ {
		price := float64(i*7919%10000) / 100
		qty := i%9 + 1
		revenue := ""
		if i%50 != 0 {
			revenue = fmt.Sprintf("%.2f", price*float64(qty))
		}
		fmt.Fprintf(&buf, "%s,%.2f,%d,%s,2024-%02d-%02d\n", regions[i*31%4], price, qty, revenue, i%12+1, i%28+1)
	}
	t, err := table.ReadCSV(buf.Bytes(), table.CSVOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// tableApp returns an app whose pages see the table as the global sales,
// and writes page.star with src.
func tableApp(b *testing.B, src string, sales *table.Table) *host.App {
	b.Helper()
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	opts := starlib.Options(host.Limits{})
	pre := make(starlark.StringDict, len(opts.Predeclared)+1)
	for k, v := range opts.Predeclared {
		pre[k] = v
	}
	pre["sales"] = sales
	opts.Predeclared = pre
	app, err := host.NewApp(dir, opts)
	if err != nil {
		b.Fatal(err)
	}
	return app
}

// BenchmarkTable runs pages over a 100,000-row table. filter_group is the
// budgeted page (under 20 ms a run): an expression filter, a group_by with
// sum and count, and a dataframe of the result. filter_function filters
// with a Starlark function instead, for comparison.
func BenchmarkTable(b *testing.B) {
	sales := salesTable(b, 100_000)
	pages := []struct{ name, src string }{
		{"filter_group", lines(
			`f = sales.filter("price > 50 and region != 'north'")`,
			`g = f.group_by("region").agg(total=("revenue", "sum"), n=("revenue", "count"))`,
			`st.dataframe(g)`,
		)},
		{"filter_function", lines(
			`f = sales.filter(lambda r: r["price"] > 50 and r["region"] != "north")`,
			`g = f.group_by("region").agg(total=("revenue", "sum"), n=("revenue", "count"))`,
			`st.dataframe(g)`,
		)},
		{"sort_head", lines(
			`st.dataframe(sales.sort("price", desc=True).head(10))`,
		)},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			app := tableApp(b, p.src, sales)
			opts := host.RunOptions{Page: "page.star", State: host.NewState()}
			res := app.Run(opts)
			if res.Status != host.Completed {
				b.Fatalf("run: %s %v", res.Status, res.Err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if res := app.Run(opts); res.Status != host.Completed {
					b.Fatalf("run: %s %v", res.Status, res.Err)
				}
			}
		})
	}
}

// BenchmarkTableRows serves a page of 100 rows of a 100,000-row table
// sorted by a column, as the session does for a dataframe's browser: the
// order is computed once per column and direction, then each page is a
// slice of it.
func BenchmarkTableRows(b *testing.B) {
	sales := salesTable(b, 100_000)
	if _, err := sales.Rows(0, 100, "price", true); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := 0
	for b.Loop() {
		if _, err := sales.Rows(start, 100, "price", true); err != nil {
			b.Fatal(err)
		}
		start = (start + 100) % 100_000
	}
}
