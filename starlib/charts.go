package starlib

// This file defines the chart builtins: line_chart, bar_chart, area_chart and
// scatter_chart, which build a complete Vega-Lite spec from a table, and
// vega_lite_chart, which takes a spec as the page wrote it. The browser
// renders the spec with Vega; every string in it (titles, labels, column
// names, values) is data drawn as SVG text, never HTML.

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
)

// maxChartPoints bounds the points of one chart (rows times y columns): the
// data travels inline in the spec and every point becomes a mark in the
// browser, so 50,000 points are already about 2 MB on the wire and a second
// of rendering.
const maxChartPoints = 50_000

// hoverMaxPoints bounds the points of a line or area chart that has
// tooltips. Its tooltips come from the point nearest the pointer, which Vega
// finds with a Voronoi diagram of every point drawn as a mark of its own: a
// few hundred milliseconds for thousands of points, seconds for tens of
// thousands. Larger line and area charts are drawn without tooltips.
const hoverMaxPoints = 5_000

// defaultChartHeight is the height in pixels of a chart whose page gave none.
const defaultChartHeight = 300

// vegaLiteSchema is the $schema of the specs the chart builtins build.
const vegaLiteSchema = "https://vega.github.io/schema/vega-lite/v5.json"

// Vega-Lite types of a column.
const (
	vlQuantitative = "quantitative"
	vlTemporal     = "temporal"
	vlNominal      = "nominal"
	vlOrdinal      = "ordinal"
)

// chartData is the table a chart plots. Columns are converted to JSON
// values, and their Vega-Lite types found, only when the chart uses them.
type chartData struct {
	t     *table.Table
	names []string
	n     int // rows
}

// column returns the index of the named column, or -1.
func (d *chartData) column(name string) int {
	if j, ok := d.t.ColumnIndex(name); ok {
		return j
	}
	return -1
}

// numeric reports whether column j holds numbers (or only nulls).
func (d *chartData) numeric(j int) bool {
	switch d.t.ColumnType(j) {
	case table.TypeInt, table.TypeFloat, table.TypeNull:
		return true
	}
	return false
}

// vlType returns the Vega-Lite type of column j, and whether it is a
// temporal column of dates without a time of day, which the chart shows in
// UTC so that "2024-05-01" is May 1 in every time zone.
func (d *chartData) vlType(j int) (typ string, dates bool) {
	switch d.t.ColumnType(j) {
	case table.TypeInt, table.TypeFloat, table.TypeNull:
		return vlQuantitative, false
	case table.TypeTime:
		return vlTemporal, d.datesOnly(j)
	case table.TypeString:
		return d.stringType(j)
	}
	return vlNominal, false
}

// values returns column j as JSON values: times as RFC 3339 strings, or
// "YYYY-MM-DD" for a column of dates.
func (d *chartData) values(j int) []any {
	out := make([]any, d.n)
	dates := d.t.ColumnType(j) == table.TypeTime && d.datesOnly(j)
	for i := range out {
		if dates && !d.t.IsNull(j, i) {
			out[i] = d.t.TimeAt(j, i).Format(time.DateOnly)
		} else {
			out[i] = d.t.JSONValue(j, i)
		}
	}
	return out
}

// chartTime matches the date and time strings that Vega parses the same way
// in every browser: "2024-05-01" and "2024-05-01T12:30[:00[.000]][Z|+02:00]".
var chartTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$`)

// chartDataOf converts the data argument of a chart: a table, or anything
// table() takes (a list of dicts, a dict of lists, a list of lists).
func chartDataOf(c *call, data starlark.Value) (*chartData, error) {
	t, err := table.From(c.name, data)
	if err != nil {
		return nil, err
	}
	return &chartData{t: t, names: t.Columns(), n: t.Len()}, nil
}

// datesOnly reports whether every time of the time column j is a midnight
// in UTC: a column of dates.
func (d *chartData) datesOnly(j int) bool {
	for i := 0; i < d.n; i++ {
		if d.t.IsNull(j, i) {
			continue
		}
		if u := d.t.TimeAt(j, i).UTC(); u.Hour() != 0 || u.Minute() != 0 || u.Second() != 0 || u.Nanosecond() != 0 {
			return false
		}
	}
	return true
}

// stringType is the Vega-Lite type of the string column j: temporal when
// every string is an ISO date or time (dates alone are shown in UTC), else
// nominal.
func (d *chartData) stringType(j int) (typ string, dates bool) {
	seen, dates := false, true
	for i := 0; i < d.n; i++ {
		if d.t.IsNull(j, i) {
			continue
		}
		s := d.t.StringAt(j, i)
		if !chartTime.MatchString(s) {
			return vlNominal, false
		}
		seen = true
		dates = dates && len(s) == len(time.DateOnly)
	}
	if !seen {
		return vlNominal, false
	}
	return vlTemporal, dates
}

// columnsText lists the columns for an error message (at most 20).
func (d *chartData) columnsText() string {
	return "columns: " + d.t.ColumnList()
}

// noColumn is the error for a column the data does not have.
func (d *chartData) noColumn(c *call, name string) error {
	return c.errorf("no column %q (%s)", name, d.columnsText())
}

// vlField escapes a column name for a Vega-Lite field, in which dots and
// brackets would otherwise reach into nested objects.
func vlField(name string) string {
	if !strings.ContainsAny(name, `.[]\`) {
		return name
	}
	var b strings.Builder
	for _, r := range name {
		switch r {
		case '.', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// chartOptions are the checked arguments of a chart builtin.
type chartOptions struct {
	kind              string // the element kind, "line_chart"
	markKind          string // "line", "bar", "area", "circle"
	x, y, color, size starlark.Value
	horizontal        bool
	hasStack          bool
	stackMode         any // bar and area charts: "zero", "normalize", "center" or false
	titleText         *string
	xLabel, yLabel    *string
}

// lineChart implements st.line_chart, st.bar_chart, st.area_chart and
// st.scatter_chart, which differ in their mark and a few parameters.
func lineChart(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	o := chartOptions{kind: kindOf(c.name), x: starlark.None, y: starlark.None, color: starlark.None, size: starlark.None}
	var data starlark.Value = starlark.None
	heightArg, stack, title, xLabel, yLabel := starlark.Value(starlark.None), starlark.Value(starlark.None), starlark.Value(starlark.None), starlark.Value(starlark.None), starlark.Value(starlark.None)
	pairs := []any{"data?", &data, "x?", &o.x, "y?", &o.y, "color?", &o.color}
	switch o.kind {
	case "line_chart":
		o.markKind = "line"
	case "area_chart":
		o.markKind, o.hasStack = "area", true
		pairs = append(pairs, "stack?", &stack)
	case "bar_chart":
		o.markKind, o.hasStack = "bar", true
		pairs = append(pairs, "horizontal?", &o.horizontal, "stack?", &stack)
	case "scatter_chart":
		o.markKind = "circle"
		pairs = append(pairs, "size?", &o.size)
	}
	size := newSizing()
	pairs = append(pairs, "height?", &heightArg, "title?", &title, "x_label?", &xLabel, "y_label?", &yLabel)
	pairs = append(pairs, size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	height, err := chartHeight(&c, heightArg)
	if err != nil {
		return nil, err
	}
	for _, a := range []struct {
		param string
		v     starlark.Value
		out   **string
	}{{"title", title, &o.titleText}, {"x_label", xLabel, &o.xLabel}, {"y_label", yLabel, &o.yLabel}} {
		if *a.out, err = chartString(&c, a.param, a.v); err != nil {
			return nil, err
		}
	}
	if o.hasStack {
		if o.stackMode, err = chartStack(&c, stack); err != nil {
			return nil, err
		}
	}
	var spec map[string]any
	if data == starlark.None { // as in Streamlit: an empty chart
		spec = emptyChart(&o, height)
	} else {
		d, err := chartDataOf(&c, data)
		if err != nil {
			return nil, err
		}
		if spec, err = buildChart(&c, &o, d, height); err != nil {
			return nil, err
		}
	}
	var h any
	if heightArg != starlark.None {
		h = height
	}
	sizeChart(spec, width)
	return starlark.None, c.appendEl(o.kind, withWidth(map[string]any{"spec": spec, "height": h}, width))
}

// sizeChart sets the width of a chart's spec for the element's width
// property: "content" leaves the chart its own width (the spec's, or
// Vega-Lite's default), "stretch" and a number of pixels make it follow its
// box ("container"), which the front end sizes.
func sizeChart(spec map[string]any, width any) {
	switch width {
	case nil:
	case "content":
		if spec["width"] == "container" {
			delete(spec, "width")
		}
	default:
		spec["width"] = "container"
	}
}

// chartHeight checks a height argument: None or a positive number of pixels.
func chartHeight(c *call, v starlark.Value) (int, error) {
	if v == starlark.None {
		return defaultChartHeight, nil
	}
	var h int
	switch v := v.(type) {
	case starlark.Int:
		i, ok := v.Int64()
		if !ok || i > 100_000 {
			i = 100_000
		}
		h = int(i)
	case starlark.Float:
		h = int(math.Round(float64(v)))
	default:
		return 0, c.errorf("for parameter height: got %s, want int or None", v.Type())
	}
	if h < 1 || h > 10_000 {
		return 0, c.errorf("for parameter height: got %s, want pixels from 1 to 10000", v)
	}
	return h, nil
}

// chartString checks an optional string argument: nil for None.
func chartString(c *call, param string, v starlark.Value) (*string, error) {
	if v == starlark.None {
		return nil, nil
	}
	s, ok := starlark.AsString(v)
	if !ok {
		return nil, c.errorf("for parameter %s: got %s, want string or None", param, v.Type())
	}
	return &s, nil
}

// chartNames checks an argument that is a string or a list or tuple of
// strings.
func chartNames(c *call, param string, v starlark.Value) ([]string, error) {
	if s, ok := starlark.AsString(v); ok {
		return []string{s}, nil
	}
	seq, ok := v.(starlark.Indexable)
	if _, isStr := v.(starlark.String); !ok || isStr {
		return nil, c.errorf("for parameter %s: got %s, want a column name or a list of them", param, v.Type())
	}
	out := make([]string, seq.Len())
	for i := range out {
		s, ok := starlark.AsString(seq.Index(i))
		if !ok {
			return nil, c.errorf("for parameter %s: got %s in the list, want string", param, seq.Index(i).Type())
		}
		out[i] = s
	}
	return out, nil
}

// chartColor matches the colour literals a page may give for color:
// "#rgb", "#rrggbb", "#rrggbbaa", rgb()/rgba()/hsl()/hsla().
var chartColor = regexp.MustCompile(`^(#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\))$`)

// unique returns name, or name with underscores appended, so that it is
// not one of taken.
func uniqueField(name string, taken ...string) string {
	for {
		clash := false
		for _, t := range taken {
			clash = clash || t == name
		}
		if !clash {
			return name
		}
		name += "_"
	}
}

// buildChart builds the Vega-Lite spec of a chart builtin.
//
// One y column plots that column. Several y columns are melted into the
// long format that Vega-Lite colours by: each row becomes one row per y
// column with the fields "series" (the column's name) and "value", as
// Streamlit does. x defaults to the row index.
func buildChart(c *call, o *chartOptions, d *chartData, height int) (map[string]any, error) {
	p, err := planChart(c, o, d)
	if err != nil {
		return nil, err
	}
	values := p.values()
	enc, mark, tooltip := p.encodings(o)
	if o.hasStack {
		stackChart(o, enc, mark)
	}
	if o.horizontal {
		enc["x"], enc["y"] = enc["y"], enc["x"]
		if off, ok := enc["xOffset"]; ok {
			delete(enc, "xOffset")
			enc["yOffset"] = off
		}
	}
	return chartSpec(o, enc, mark, tooltip, values, height), nil
}

// emptyChart is the spec of a chart without data: its axes, titled by
// x_label and y_label, and no marks.
func emptyChart(o *chartOptions, height int) map[string]any {
	title := func(label *string) any {
		if label == nil {
			return nil
		}
		return *label
	}
	enc := map[string]any{
		"x": map[string]any{"field": "index", "type": vlQuantitative, "title": title(o.xLabel)},
		"y": map[string]any{"field": "value", "type": vlQuantitative, "title": title(o.yLabel)},
	}
	if o.horizontal {
		enc["x"], enc["y"] = enc["y"], enc["x"]
	}
	return chartSpec(o, enc, map[string]any{"type": o.markKind}, nil, []any{}, height)
}

// A chartPlan is what a chart plots: the columns of its data that it
// encodes (-1: none) and the fields they become in its rows.
type chartPlan struct {
	d         *chartData
	xcol      int      // the x column, or -1 for the row index
	colorCol  int      // the column colours show
	colors    []string // colour literals: one, or one per y column
	sizeCol   int      // scatter_chart: the column sizes show
	sizeValue any      // scatter_chart: one size for every point
	ycols     []int
	long      bool   // several y columns, melted into series and value
	xName     string // the x field: the column's name or an index field
	series    string // the long format's fields
	value     string
}

// planChart checks the x, color, size and y arguments against the data and
// names the fields of the chart's rows.
func planChart(c *call, o *chartOptions, d *chartData) (*chartPlan, error) {
	p := &chartPlan{d: d, xcol: -1, colorCol: -1, sizeCol: -1}
	if o.x != starlark.None {
		name, ok := starlark.AsString(o.x)
		if !ok {
			return nil, c.errorf("for parameter x: got %s, want a column name or None", o.x.Type())
		}
		if p.xcol = d.column(name); p.xcol < 0 {
			return nil, d.noColumn(c, name)
		}
	}
	if err := p.color(c, o.color); err != nil {
		return nil, err
	}
	if err := p.size(c, o.size); err != nil {
		return nil, err
	}
	if err := p.y(c, o.y); err != nil {
		return nil, err
	}
	p.long = len(p.ycols) > 1
	if p.long && p.colorCol >= 0 {
		return nil, c.errorf("for parameter color: with several y columns the colour shows the column; give colours (one per y column) or a single y column")
	}
	if len(p.colors) > 0 && len(p.colors) != len(p.ycols) {
		return nil, c.errorf("for parameter color: %d colours for %d y columns, want one per y column", len(p.colors), len(p.ycols))
	}
	if points := d.n * len(p.ycols); points > maxChartPoints {
		return nil, c.errorf("%d points (%d rows × %d y columns) is more than a chart takes (%d); aggregate the data first (a mean per day, a sum per category) or sample it",
			points, d.n, len(p.ycols), maxChartPoints)
	}

	// Field names: the columns' own, an index field, and for the long
	// format the series and value fields, none clashing with another.
	if p.xcol >= 0 {
		p.xName = d.names[p.xcol]
	} else {
		p.xName = uniqueField("index", d.names...)
	}
	if p.long {
		taken := []string{p.xName}
		if p.sizeCol >= 0 {
			taken = append(taken, d.names[p.sizeCol])
		}
		p.series = uniqueField("series", taken...)
		p.value = uniqueField("value", append(taken, p.series)...)
	}
	return p, nil
}

// color reads the color argument: a column, one colour literal, or a
// colour per y column.
func (p *chartPlan) color(c *call, v starlark.Value) error {
	if v == starlark.None {
		return nil
	}
	names, err := chartNames(c, "color", v)
	if err != nil {
		return err
	}
	_, isStr := starlark.AsString(v)
	if isStr && p.d.column(names[0]) >= 0 {
		p.colorCol = p.d.column(names[0])
		return nil
	}
	for _, s := range names {
		if !chartColor.MatchString(s) {
			if isStr {
				return c.errorf("for parameter color: no column %q and not a colour like \"#1f77b4\" (%s)", s, p.d.columnsText())
			}
			return c.errorf("for parameter color: %q is not a colour like \"#1f77b4\"", s)
		}
	}
	p.colors = names
	return nil
}

// size reads the size argument of scatter_chart: a column or a number of
// square pixels.
func (p *chartPlan) size(c *call, v starlark.Value) error {
	switch v := v.(type) {
	case starlark.NoneType:
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(v)
		if f <= 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return c.errorf("for parameter size: got %s, want a positive number or a column name", v)
		}
		p.sizeValue = host.ToJSON(v)
	case starlark.String:
		if p.sizeCol = p.d.column(string(v)); p.sizeCol < 0 {
			return p.d.noColumn(c, string(v))
		}
	default:
		return c.errorf("for parameter size: got %s, want a column name or a number", v.Type())
	}
	return nil
}

// y reads the y argument: the columns given, or every numeric column not
// used otherwise.
func (p *chartPlan) y(c *call, v starlark.Value) error {
	d := p.d
	if v == starlark.None {
		for j := range d.names {
			if j != p.xcol && j != p.colorCol && j != p.sizeCol && d.numeric(j) {
				p.ycols = append(p.ycols, j)
			}
		}
		if len(p.ycols) == 0 {
			return c.errorf("no numeric column to plot (%s); name the columns with y=", d.columnsText())
		}
		return nil
	}
	names, err := chartNames(c, "y", v)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return c.errorf("for parameter y: got an empty list, want at least one column")
	}
	for _, name := range names {
		j := d.column(name)
		if j < 0 {
			return d.noColumn(c, name)
		}
		p.ycols = append(p.ycols, j)
	}
	return nil
}

// values returns the chart's rows: only the fields it encodes, one row per
// row of the data and y column.
func (p *chartPlan) values() []any {
	d := p.d
	cols := map[int][]any{}
	column := func(j int) []any {
		if cols[j] == nil {
			cols[j] = d.values(j)
		}
		return cols[j]
	}
	values := make([]any, 0, d.n*len(p.ycols))
	for i := 0; i < d.n; i++ {
		var xv any = i
		if p.xcol >= 0 {
			xv = column(p.xcol)[i]
		}
		for _, j := range p.ycols {
			row := map[string]any{p.xName: xv}
			if p.long {
				row[p.series] = d.names[j]
				row[p.value] = column(j)[i]
			} else {
				row[d.names[j]] = column(j)[i]
			}
			if p.colorCol >= 0 {
				row[d.names[p.colorCol]] = column(p.colorCol)[i]
			}
			if p.sizeCol >= 0 {
				row[d.names[p.sizeCol]] = column(p.sizeCol)[i]
			}
			values = append(values, row)
		}
	}
	return values
}

// encodings returns the chart's encoding, its mark and the fields of its
// tooltip.
func (p *chartPlan) encodings(o *chartOptions) (enc, mark map[string]any, tooltip []any) {
	d := p.d
	xType, yType := vlQuantitative, vlQuantitative
	xUTC := false
	if p.xcol >= 0 {
		xType, xUTC = d.vlType(p.xcol)
	}
	if !p.long {
		yType, _ = d.vlType(p.ycols[0])
	}
	if o.markKind == "bar" && xType == vlQuantitative {
		xType = vlOrdinal // one bar per x value, as Streamlit draws them
	}
	var xTitle any
	if p.xcol >= 0 {
		xTitle = p.xName
	}
	if o.xLabel != nil {
		xTitle = *o.xLabel
	}
	yField, yTitle := p.value, any(nil)
	if !p.long {
		yField, yTitle = d.names[p.ycols[0]], d.names[p.ycols[0]]
	}
	if o.yLabel != nil {
		yTitle = *o.yLabel
	}
	xEnc := map[string]any{"field": vlField(p.xName), "type": xType, "title": xTitle}
	if xUTC {
		xEnc["scale"] = map[string]any{"type": "utc"}
	}
	yEnc := map[string]any{"field": vlField(yField), "type": yType, "title": yTitle}
	tooltip = []any{map[string]any{"field": vlField(p.xName), "type": xType, "title": p.xName}}
	if xUTC {
		tooltip[0].(map[string]any)["timeUnit"] = "utcyearmonthdate"
	}
	enc = map[string]any{"x": xEnc, "y": yEnc}
	mark = map[string]any{"type": o.markKind}
	switch {
	case p.long:
		scale := map[string]any{"domain": chartColumnNames(d, p.ycols)}
		if len(p.colors) > 0 {
			scale["range"] = p.colors
		}
		enc["color"] = map[string]any{"field": vlField(p.series), "type": vlNominal, "title": nil, "scale": scale}
		tooltip = append(tooltip,
			map[string]any{"field": vlField(p.series), "type": vlNominal, "title": p.series},
			map[string]any{"field": vlField(p.value), "type": vlQuantitative, "title": p.value})
	case p.colorCol >= 0:
		name := d.names[p.colorCol]
		typ, _ := d.vlType(p.colorCol)
		enc["color"] = map[string]any{"field": vlField(name), "type": typ, "title": name}
		tooltip = append(tooltip,
			map[string]any{"field": vlField(yField), "type": yType, "title": yField},
			map[string]any{"field": vlField(name), "type": typ, "title": name})
	default:
		if len(p.colors) == 1 {
			mark["color"] = p.colors[0]
		}
		tooltip = append(tooltip, map[string]any{"field": vlField(yField), "type": yType, "title": yField})
	}
	if p.sizeCol >= 0 {
		name := d.names[p.sizeCol]
		typ, _ := d.vlType(p.sizeCol)
		enc["size"] = map[string]any{"field": vlField(name), "type": typ, "title": name}
		tooltip = append(tooltip, map[string]any{"field": vlField(name), "type": typ, "title": name})
	} else if p.sizeValue != nil {
		mark["size"] = p.sizeValue
	}
	return enc, mark, tooltip
}

// stackChart sets the stacking of bar_chart and area_chart: None stacks
// (Vega-Lite's default for bars and areas), True stacks, False overlays
// areas and groups bars side by side, "normalize" and "center" as in
// Vega-Lite.
func stackChart(o *chartOptions, enc, mark map[string]any) {
	stack := o.stackMode
	grouped := stack == false
	yEnc := enc["y"].(map[string]any)
	if o.markKind == "bar" && grouped {
		if group, ok := enc["color"].(map[string]any); ok {
			enc["xOffset"] = map[string]any{"field": group["field"], "type": vlNominal}
		}
	} else if grouped {
		yEnc["stack"] = nil
	} else {
		yEnc["stack"] = stack
	}
	if o.markKind == "area" && grouped {
		mark["opacity"] = 0.5
	}
}

// chartSpec puts the spec together. A line or an area is one mark for many
// rows, whose tooltip would show one row: its tooltips and the highlighted
// point come from a layer of points, the one nearest the pointer shown.
func chartSpec(o *chartOptions, enc, mark map[string]any, tooltip, values []any, height int) map[string]any {
	spec := map[string]any{
		"$schema":  vegaLiteSchema,
		"width":    "container",
		"height":   height,
		"autosize": map[string]any{"type": "fit", "contains": "padding"},
		"data":     map[string]any{"values": values},
		"encoding": enc,
	}
	if o.titleText != nil {
		spec["title"] = *o.titleText
	}
	switch o.markKind {
	case "line", "area":
		if o.markKind == "area" {
			mark["line"] = true
		}
		if len(values) > hoverMaxPoints {
			spec["mark"] = mark // no tooltips: see hoverMaxPoints
			break
		}
		point := map[string]any{"type": "point", "filled": true, "size": 60}
		if c, ok := mark["color"]; ok {
			point["color"] = c
		}
		spec["layer"] = []any{
			map[string]any{"mark": mark},
			map[string]any{
				"mark":   point,
				"params": []any{map[string]any{"name": "hover", "select": map[string]any{"type": "point", "on": "pointerover", "nearest": true, "clear": "pointerout"}}},
				"encoding": map[string]any{
					"opacity": map[string]any{"condition": map[string]any{"param": "hover", "empty": false, "value": 1}, "value": 0},
					"tooltip": tooltip,
				},
			},
		}
	default:
		enc["tooltip"] = tooltip
		spec["mark"] = mark
	}
	return spec
}

// chartStack checks the stack argument: None, a bool, "normalize" or "center".
// It returns "zero" for stacking, false for none, or the mode.
func chartStack(c *call, v starlark.Value) (any, error) {
	switch v := v.(type) {
	case starlark.NoneType:
		return "zero", nil
	case starlark.Bool:
		if v {
			return "zero", nil
		}
		return false, nil
	case starlark.String:
		switch v {
		case "normalize", "center":
			return string(v), nil
		}
	}
	return nil, c.errorf("for parameter stack: got %s, want True, False, None, \"normalize\" or \"center\"", v.String())
}

func chartColumnNames(d *chartData, cols []int) []string {
	out := make([]string, len(cols))
	for i, j := range cols {
		out[i] = d.names[j]
	}
	return out
}

// vegaLiteChart implements st.vega_lite_chart(data, spec, height=None,
// **kwargs): the page's own Vega-Lite spec, with the data (when given)
// inline as data.values. st.vega_lite_chart(spec) takes a spec that has its
// data. The other keyword arguments are spec keys, merged over spec's as
// Streamlit merges them (unflattenSpec).
func vegaLiteChart(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, specArg, heightArg starlark.Value = starlark.None, starlark.None, starlark.None
	size := newSizing()
	theme := starlark.Value(starlark.String("streamlit"))
	pairs := append([]any{"data?", &data, "spec?", &specArg, "height?", &heightArg, "theme?", &theme}, size.pairs()...)
	// The keyword arguments that are no parameter are spec keys, as
	// Streamlit's **kwargs: mark="bar", encoding={…}, x_field="a".
	var params, specKeys []starlark.Tuple
	for _, kv := range kwargs {
		if vegaLiteParams[string(kv[0].(starlark.String))] {
			params = append(params, kv)
		} else {
			specKeys = append(specKeys, kv)
		}
	}
	if err := host.UnpackArgs(c.name, args, params, pairs...); err != nil {
		return nil, err
	}
	themeProp := ""
	switch theme {
	case starlark.String("streamlit"):
	case starlark.None:
		themeProp = "none"
	default:
		if str, ok := theme.(starlark.String); ok {
			return nil, c.errorf("for parameter theme: got %s, want \"streamlit\" (the page's theme) or None (Vega-Lite's own look)", quoteShort(string(str)))
		}
		return nil, c.errorf("for parameter theme: got %s, want \"streamlit\" or None", theme.Type())
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	if _, isDict := data.(*starlark.Dict); isDict && specArg == starlark.None {
		data, specArg = starlark.None, data
	}
	var spec map[string]any
	switch v := specArg.(type) {
	case *starlark.Dict:
		spec, _ = host.ToJSON(v).(map[string]any)
	case starlark.String:
		spec, _ = host.ToJSON(ParseValue(string(v))).(map[string]any)
		if spec == nil {
			return nil, c.errorf("for parameter spec: the string is not a JSON object")
		}
	case starlark.NoneType:
		if len(specKeys) == 0 {
			return nil, c.errorf("missing argument for spec (a Vega-Lite spec as a dict, or its keys as keyword arguments: mark=\"bar\", encoding={…})")
		}
		spec = map[string]any{}
	default:
		return nil, c.errorf("for parameter spec: got %s, want dict", v.Type())
	}
	if len(specKeys) > 0 {
		flat := make(map[string]any, len(specKeys))
		for _, kv := range specKeys {
			name := string(kv[0].(starlark.String))
			if err := vegaLiteValue(kv[1], 0); err != nil {
				return nil, c.errorf("for spec key %s (a keyword argument): %v", name, err)
			}
			flat[name] = host.ToJSON(kv[1])
		}
		for k, v := range unflattenSpec(flat) {
			spec[k] = v
		}
	}
	height, err := chartHeight(&c, heightArg)
	if err != nil {
		return nil, err
	}
	if _, ok := spec["$schema"]; !ok {
		spec["$schema"] = vegaLiteSchema
	}
	if _, ok := spec["width"]; !ok && width == nil {
		spec["width"] = "container"
	}
	sizeChart(spec, width)
	if heightArg != starlark.None {
		spec["height"] = height
	}
	if data != starlark.None {
		d, err := chartDataOf(&c, data)
		if err != nil {
			return nil, err
		}
		if d.n > maxChartPoints {
			return nil, c.errorf("%d rows is more than a chart takes (%d); aggregate the data first (a mean per day, a sum per category) or sample it", d.n, maxChartPoints)
		}
		cols := make([][]any, len(d.names))
		for j := range cols {
			cols[j] = d.values(j)
		}
		values := make([]any, d.n)
		for i := range values {
			row := make(map[string]any, len(d.names))
			for j, name := range d.names {
				row[name] = cols[j][i]
			}
			values[i] = row
		}
		spec["data"] = map[string]any{"values": values}
	} else if inline, ok := spec["data"].(map[string]any); ok {
		if vs, ok := inline["values"].([]any); ok && len(vs) > maxChartPoints {
			return nil, c.errorf("%d rows is more than a chart takes (%d); aggregate the data first (a mean per day, a sum per category) or sample it", len(vs), maxChartPoints)
		}
	}
	var h any
	if heightArg != starlark.None {
		h = height
	}
	props := map[string]any{"spec": spec, "height": h}
	if themeProp != "" {
		props["theme"] = themeProp
	}
	return starlark.None, c.appendEl("vega_lite_chart", withWidth(props, width))
}

// vegaLiteParams are st.vega_lite_chart's parameters: a keyword argument
// with another name is a key of the spec. Streamlit's key, on_select and
// selection_mode are parameters there, so they stay parameters here (and
// are refused as stark lacks them) rather than becoming spec keys.
var vegaLiteParams = map[string]bool{"data": true, "spec": true, "height": true, "width": true,
	"use_container_width": true, "theme": true, "key": true, "on_select": true, "selection_mode": true}

// vegaLiteChannels are Vega-Lite's encoding channels: a spec key given as a
// keyword argument with one of these names goes into the spec's encoding
// (x={"field": "a"} is encoding.x), as in Streamlit.
var vegaLiteChannels = map[string]bool{"x": true, "y": true, "x2": true, "y2": true, "xError": true, "xError2": true,
	"yError": true, "yError2": true, "longitude": true, "latitude": true, "color": true, "opacity": true,
	"fillOpacity": true, "strokeOpacity": true, "strokeWidth": true, "size": true, "shape": true, "text": true,
	"tooltip": true, "href": true, "key": true, "order": true, "detail": true, "facet": true, "row": true, "column": true}

// unflattenSpec turns the spec keys given as keyword arguments into a spec
// as Streamlit's dicttools.unflatten does: a name is a path split at "_"
// (encoding_x_field="a" is {"encoding": {"x": {"field": "a"}}}); a channel
// at the top (x=…) moves into encoding, and so do the channels of the
// dicts in a list value (layer=[{"mark": "bar", "x": …}]).
func unflattenSpec(flat map[string]any) map[string]any {
	out := map[string]any{}
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic when two paths meet
	for _, k := range keys {
		path := strings.Split(k, "_")
		cur := out
		for _, p := range path[:len(path)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		cur[path[len(path)-1]] = flat[k]
	}
	for k, v := range out {
		if list, ok := v.([]any); ok {
			for i, child := range list {
				if d, ok := child.(map[string]any); ok {
					list[i] = unflattenSpec(d)
				}
			}
		}
		if !vegaLiteChannels[k] {
			continue
		}
		if d, ok := v.(map[string]any); ok {
			v = unflattenSpec(d)
		}
		enc, ok := out["encoding"].(map[string]any)
		if !ok {
			enc = map[string]any{}
			out["encoding"] = enc
		}
		enc[k] = v
		delete(out, k)
	}
	return out
}

// vegaLiteValue reports an error when v is not a JSON value (None, a bool,
// a number, a string, a list or tuple, a dict with string keys), naming
// what it is.
func vegaLiteValue(v starlark.Value, depth int) error {
	if depth > host.MaxJSONDepth {
		return fmt.Errorf("nested deeper than %d", host.MaxJSONDepth)
	}
	switch v := v.(type) {
	case starlark.NoneType, starlark.Bool, starlark.Int, starlark.Float, starlark.String:
		return nil
	case *starlark.List:
		for i := 0; i < v.Len(); i++ {
			if err := vegaLiteValue(v.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	case starlark.Tuple:
		for _, x := range v {
			if err := vegaLiteValue(x, depth+1); err != nil {
				return err
			}
		}
		return nil
	case *starlark.Dict:
		for _, kv := range v.Items() {
			if _, ok := kv[0].(starlark.String); !ok {
				return fmt.Errorf("a dict key is %s, want string", kv[0].Type())
			}
			if err := vegaLiteValue(kv[1], depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("got %s, want None, bool, int, float, string, list or dict (a Vega-Lite value)", v.Type())
}
