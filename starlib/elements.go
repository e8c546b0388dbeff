package starlib

// This file defines the builtins that write text and data: title, header,
// subheader, markdown, caption, text, code, json, write, divider, the alert
// boxes, exception, metric, table and empty.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
)

// textElement implements the builtins whose one argument is a body of text.
// markdown and caption take unsafe_allow_html too, as Streamlit's do: the
// element then carries allow_html, and the front end renders the body's HTML
// (sanitised: no scripts, event handlers or javascript: URLs). The headings
// take anchor (and header and subheader divider), the alerts icon.
func textElement(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var body starlark.Value
	var props map[string]any
	if len(args) == 1 && len(kwargs) == 0 {
		body = args[0] // the common call, without unpacking's allocations
	} else {
		var err error
		if body, props, err = textArgs(&c, args, kwargs); err != nil {
			return nil, err
		}
	}
	s, ok := starlark.AsString(body)
	if !ok {
		s = body.String()
	}
	el := c.newElement()
	el.Kind, el.Text, el.TextBody, el.Props = kindOf(c.name), s, true, props
	if _, err := c.ctx.Append(c.box, el, false, false); err != nil {
		return nil, c.errorf("%v", err)
	}
	c.note(el)
	return starlark.None, nil
}

// dividerColors are the colours of a heading's divider; divider=True takes
// them in turn (the first divided heading of a run blue, the next green...).
var dividerColors = []string{"blue", "green", "orange", "red", "violet", "gray", "grey", "rainbow"}

// cycledDividers are the colours divider=True cycles through.
var cycledDividers = dividerColors[:5]

// textArgs unpacks the arguments of a text element, by kind: (body, help);
// markdown's and caption's (body, unsafe_allow_html, help); the headings'
// (body, anchor, help, divider); the alerts' (body, icon, help). It returns
// the properties besides the body (nil for none).
func textArgs(c *call, args starlark.Tuple, kwargs []starlark.Tuple) (body starlark.Value, props map[string]any, err error) {
	help, anchor, divider, icon := starlark.Value(starlark.None), starlark.Value(starlark.None), starlark.Value(starlark.False), starlark.Value(starlark.None)
	allowHTML := false
	kind := kindOf(c.name)
	switch kind {
	case "markdown", "caption":
		err = host.UnpackArgs(c.name, args, kwargs, "body", &body, "unsafe_allow_html?", &allowHTML, "help?", &help)
	case "title":
		err = host.UnpackArgs(c.name, args, kwargs, "body", &body, "anchor?", &anchor, "help?", &help)
	case "header", "subheader":
		err = host.UnpackArgs(c.name, args, kwargs, "body", &body, "anchor?", &anchor, "help?", &help, "divider?", &divider)
	case "error", "warning", "info", "success":
		err = host.UnpackArgs(c.name, args, kwargs, "body", &body, "icon?", &icon, "help?", &help)
	default:
		err = host.UnpackArgs(c.name, args, kwargs, "body", &body, "help?", &help)
	}
	if err != nil {
		return nil, nil, err
	}
	props = map[string]any{}
	if help != starlark.None {
		props["help"] = host.ToJSON(help)
	}
	if allowHTML {
		props["allow_html"] = true
	}
	switch a := anchor.(type) {
	case starlark.NoneType:
	case starlark.Bool:
		if a {
			return nil, nil, c.errorf("for parameter anchor: got True, want a string or False")
		}
		props["anchor"] = false
	case starlark.String:
		if !validAnchor(string(a)) {
			return nil, nil, c.errorf("for parameter anchor: %q is not a valid anchor: use 1 to 200 letters, digits, '-' or '_', no spaces", string(a))
		}
		props["anchor"] = string(a)
	default:
		return nil, nil, c.errorf("for parameter anchor: got %s, want a string or False", anchor.Type())
	}
	switch d := divider.(type) {
	case starlark.Bool:
		if d {
			props["divider"] = cycledDividers[c.ctx.Next("divider")%len(cycledDividers)]
		}
	case starlark.String:
		if !slices.Contains(dividerColors, string(d)) {
			return nil, nil, c.errorf("for parameter divider: got %q, want True, False or one of %s", string(d), strings.Join(quoted(dividerColors), ", "))
		}
		props["divider"] = string(d)
	default:
		return nil, nil, c.errorf("for parameter divider: got %s, want a bool or a colour name", divider.Type())
	}
	if icon != starlark.None {
		i, err := iconArg(c, icon)
		if err != nil {
			return nil, nil, err
		}
		props["icon"] = i
	}
	if len(props) == 0 {
		props = nil
	}
	return body, props, nil
}

// validAnchor reports whether s may be a heading's anchor (its HTML id and
// the URL fragment that links to it).
func validAnchor(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// iconArg checks an icon parameter (Streamlit's icon=): a single emoji, or
// a Material Symbols icon written ":material/name:". It returns the string.
func iconArg(c *call, v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", c.errorf("for parameter icon: got %s, want a string (an emoji or \":material/name:\")", v.Type())
	}
	if err := checkIcon(string(s)); err != nil {
		return "", c.errorf("for parameter icon: %v", err)
	}
	return string(s), nil
}

// optIcon checks an optional icon parameter: "" for None.
func optIcon(c *call, v starlark.Value) (string, error) {
	if v == starlark.None {
		return "", nil
	}
	return iconArg(c, v)
}

// withIcon adds icon to props when the page gave one.
func withIcon(props map[string]any, icon string) map[string]any {
	if icon != "" {
		props["icon"] = icon
	}
	return props
}

// checkIcon accepts ":material/name:" (name in lower case letters, digits and
// '_', as the Material Symbols font spells its icons) or one emoji: a short
// string of no letters, digits, spaces or punctuation of ASCII (an emoji may
// be several code points: a flag, a skin tone, a joined sequence).
func checkIcon(s string) error {
	if name, ok := strings.CutPrefix(s, ":material/"); ok {
		name, ok = strings.CutSuffix(name, ":")
		if !ok || name == "" || len(name) > 64 || strings.TrimFunc(name, func(r rune) bool {
			return r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9')
		}) != "" {
			return fmt.Errorf("%q is not a Material Symbols icon: write \":material/name:\" with the icon's name in lower case (\":material/home:\")", s)
		}
		return nil
	}
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 16 || strings.IndexFunc(s, func(r rune) bool { return r < 0x80 && r != 0x23 && r != 0x2a && !('0' <= r && r <= '9') }) >= 0 ||
		strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 }) < 0 {
		return fmt.Errorf("%q is not an emoji: give a single emoji (\"🎉\") or \":material/name:\"; shortcodes such as \":tada:\" are not taken here", s)
	}
	return nil
}

// code implements st.code(body, language="python", line_numbers=False,
// wrap_lines=False).
func code(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var body string
	var language starlark.Value = starlark.String("python")
	lineNumbers, wrapLines := false, false
	if err := host.UnpackArgs(c.name, args, kwargs, "body", &body, "language?", &language, "line_numbers?", &lineNumbers, "wrap_lines?", &wrapLines); err != nil {
		return nil, err
	}
	if _, ok := language.(starlark.String); !ok && language != starlark.None {
		return nil, c.errorf("for parameter language: got %s, want string or None", language.Type())
	}
	props := map[string]any{"body": body, "language": host.ToJSON(language)}
	if lineNumbers {
		props["line_numbers"] = true
	}
	if wrapLines {
		props["wrap_lines"] = true
	}
	return starlark.None, c.appendEl("code", props)
}

// jsonElement implements st.json(body, expanded=True): expanded is a bool
// (all open, or all closed) or the depth to which the value is open.
func jsonElement(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var body starlark.Value
	var expandedV starlark.Value = starlark.True
	if err := host.UnpackArgs(c.name, args, kwargs, "body", &body, "expanded?", &expandedV); err != nil {
		return nil, err
	}
	var expanded any
	switch e := expandedV.(type) {
	case starlark.Bool:
		expanded = bool(e)
	case starlark.Int:
		n, ok := e.Int64()
		if !ok || n < 0 {
			return nil, c.errorf("for parameter expanded: got %s, want a bool or a depth of 0 or more", e)
		}
		expanded = min(n, 1000)
	default:
		return nil, c.errorf("for parameter expanded: got %s, want a bool or an int (the depth to expand to)", expandedV.Type())
	}
	var v any
	if s, ok := body.(starlark.String); ok {
		// A string is JSON text, as in Streamlit.
		parsed := ParseValue(string(s))
		v = host.ToJSON(parsed)
	} else {
		v = host.ToJSON(body)
	}
	return starlark.None, c.appendEl("json", map[string]any{"value": v, "expanded": expanded})
}

func divider(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("divider", map[string]any{})
}

// write writes its arguments as Streamlit does: consecutive strings, and the
// string forms of values that have no element of their own (numbers, bools,
// None, tuples, ...) as inline code, join with spaces into one markdown
// element; a table or column is written as a dataframe; a list or dict as
// JSON.
func write(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var props map[string]any // of every markdown element: allow_html with unsafe_allow_html=True
	for _, kw := range kwargs {
		if kw[0] != starlark.String("unsafe_allow_html") {
			return nil, c.errorf("unexpected keyword argument %s", kw[0])
		}
		allow, ok := kw[1].(starlark.Bool)
		if !ok {
			return nil, c.errorf("for parameter unsafe_allow_html: got %s, want bool", kw[1].Type())
		}
		if allow {
			props = map[string]any{"allow_html": true}
		}
	}
	var line []string // the markdown not yet written
	flush := func() error {
		if len(line) == 0 {
			return nil
		}
		m := map[string]any{"body": strings.Join(line, " ")}
		for k, v := range props {
			m[k] = v
		}
		line = line[:0]
		return c.appendEl("markdown", m)
	}
	for _, arg := range args {
		var err error
		switch v := arg.(type) {
		case starlark.String:
			line = append(line, string(v))
			continue
		case *table.Table, *table.Column:
			if err = flush(); err == nil {
				t, _ := tableValue(v)
				err = writeTable(&c, t)
			}
		case *starlark.List, *starlark.Dict, *attrDict:
			if err = flush(); err == nil {
				err = c.appendEl("json", map[string]any{"value": host.ToJSON(v), "expanded": true})
			}
		default:
			line = append(line, inlineCode(arg.String()))
			continue
		}
		if err != nil {
			return nil, err
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// inlineCode returns s as markdown code, as st.write shows a value: inline
// on one line, a fenced block when s has several; the fence is longer than
// any run of backticks in s.
func inlineCode(s string) string {
	run, longest := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	if strings.Contains(s, "\n") {
		fence := strings.Repeat("`", max(3, longest+1))
		return fence + "\n" + s + "\n" + fence
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " " // CommonMark strips one space each side
	}
	return fence + s + fence
}

func exception(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var msg starlark.Value
	if err := host.UnpackArgs(c.name, args, kwargs, "exception", &msg); err != nil {
		return nil, err
	}
	s, ok := starlark.AsString(msg)
	if !ok {
		s = msg.String()
	}
	var frames []host.Frame
	stack := c.thread.CallStack()
	for _, fr := range stack {
		if fr.Pos.Filename() == "<builtin>" {
			continue
		}
		frames = append(frames, host.Frame{File: c.ctx.RelFile(fr.Pos.Filename()), Line: int(fr.Pos.Line), Col: int(fr.Pos.Col), Func: fr.Name})
	}
	return starlark.None, c.appendEl("exception", map[string]any{"message": s, "frames": frames})
}

func metric(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label string
	var value starlark.Value
	var delta starlark.Value = starlark.None
	deltaColor := "normal"
	var help starlark.Value = starlark.None
	var chartData starlark.Value = starlark.None
	chartType := "line"
	labelVis := "visible"
	if err := host.UnpackArgs(c.name, args, kwargs, "label", &label, "value", &value, "delta?", &delta, "delta_color?", &deltaColor, "help?", &help, "chart_data?", &chartData, "chart_type?", &chartType, "label_visibility?", &labelVis); err != nil {
		return nil, err
	}
	if err := checkLabelVisibility(&c, labelVis); err != nil {
		return nil, err
	}
	switch deltaColor {
	case "normal", "inverse", "off":
	default:
		return nil, c.errorf("for parameter delta_color: got %q, want \"normal\", \"inverse\" or \"off\"", deltaColor)
	}
	switch chartType {
	case "line", "bar", "area":
	default:
		return nil, c.errorf("for parameter chart_type: got %q, want \"line\", \"bar\" or \"area\"", chartType)
	}
	props := map[string]any{"label": label, "value": plain(value), "delta": nil, "delta_color": deltaColor, "help": host.ToJSON(help)}
	if labelVis != "visible" {
		props["label_visibility"] = labelVis // absent: visible
	}
	if delta != starlark.None {
		props["delta"] = plain(delta)
	}
	if chartData != starlark.None {
		points, err := sparkline(chartData)
		if err != nil {
			return nil, c.errorf("for parameter chart_data: %v", err)
		}
		props["chart_data"], props["chart_type"] = points, chartType
	}
	return starlark.None, c.appendEl("metric", props)
}

// maxSparkline bounds the points of a metric's sparkline.
const maxSparkline = 1000

// sparkline converts a metric's chart_data (a list or tuple of numbers, or
// a table column) to its points; None values are gaps.
func sparkline(v starlark.Value) ([]any, error) {
	it, ok := v.(starlark.Iterable)
	if !ok || v.Type() == "string" {
		return nil, fmt.Errorf("got %s, want a list of numbers or a table column", v.Type())
	}
	var out []any
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if len(out) == maxSparkline {
			return nil, fmt.Errorf("more than %d points; aggregate them first", maxSparkline)
		}
		switch n := x.(type) {
		case starlark.NoneType:
			out = append(out, nil)
		case starlark.Int, starlark.Float:
			f, _ := starlark.AsFloat(n)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				out = append(out, nil)
				continue
			}
			out = append(out, f)
		default:
			return nil, fmt.Errorf("got %s among the points, want numbers", x.Type())
		}
	}
	return out, nil
}

// plain is a value's text without quotes for strings.
func plain(v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	return v.String()
}

func staticTable(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ps struct { // one allocation for what UnpackArgs writes
		data    starlark.Value
		columns *starlark.List
	}
	if err := host.UnpackArgs(c.name, args, kwargs, "data", &ps.data, "columns?", &ps.columns); err != nil {
		return nil, err
	}
	data, columns := ps.data, ps.columns
	if t, ok := tableValue(data); ok {
		if columns != nil {
			return nil, errColumnsWithTable(&c)
		}
		return starlark.None, appendStaticTable(&c, t)
	}
	var names []string
	if columns != nil {
		for i := 0; i < columns.Len(); i++ {
			names = append(names, plain(columns.Index(i)))
		}
	}
	cols, rows, ok := tableOf(data, names)
	if !ok {
		return nil, c.errorf("for parameter data: got %s, want a list of dicts, a dict of lists, or a list of lists", data.Type())
	}
	return starlark.None, c.appendEl("table", map[string]any{"columns": cols, "rows": rows})
}

// tableOf converts a list of dicts, a dict of lists or a list of lists (or
// tuples) into columns and rows. names, when given, names the columns of a
// list of lists.
func tableOf(data starlark.Value, names []string) (cols []string, rows [][]any, ok bool) {
	if t, isTable := tableValue(data); isTable {
		rows, _ := t.Rows(0, t.Len(), "", false)
		return t.Columns(), rows, true
	}
	switch d := data.(type) {
	case *starlark.Dict:
		var n int
		var lists []starlark.Indexable
		for _, kv := range d.Items() {
			l, isList := kv[1].(starlark.Indexable)
			if _, isStr := kv[1].(starlark.String); !isList || isStr {
				return nil, nil, false
			}
			cols = append(cols, plain(kv[0]))
			lists = append(lists, l)
			n = max(n, l.Len())
		}
		rows = make([][]any, n)
		for i := range rows {
			row := make([]any, len(lists))
			for j, l := range lists {
				if i < l.Len() {
					row[j] = host.ToJSON(l.Index(i))
				}
			}
			rows[i] = row
		}
		return cols, rows, true
	case starlark.Indexable:
		if _, isStr := d.(starlark.String); isStr {
			return nil, nil, false
		}
		n := d.Len()
		if n == 0 {
			return append([]string{}, names...), [][]any{}, true
		}
		switch d.Index(0).(type) {
		case *starlark.Dict:
			index := map[string]int{}
			for i := 0; i < n; i++ {
				m, isDict := d.Index(i).(*starlark.Dict)
				if !isDict {
					return nil, nil, false
				}
				for _, k := range m.Keys() {
					name := plain(k)
					if _, seen := index[name]; !seen {
						index[name] = len(cols)
						cols = append(cols, name)
					}
				}
			}
			rows = make([][]any, n)
			for i := 0; i < n; i++ {
				m := d.Index(i).(*starlark.Dict)
				row := make([]any, len(cols))
				for _, kv := range m.Items() {
					row[index[plain(kv[0])]] = host.ToJSON(kv[1])
				}
				rows[i] = row
			}
			return cols, rows, true
		case *starlark.List, starlark.Tuple:
			width, cells := 0, 0
			for i := 0; i < n; i++ {
				r, isSeq := d.Index(i).(starlark.Indexable)
				if !isSeq {
					return nil, nil, false
				}
				if _, isStr := r.(starlark.String); isStr {
					return nil, nil, false
				}
				cells += r.Len()
				width = max(width, r.Len())
			}
			// The rows share one array of cells: one allocation, not one per row.
			all := make([]any, cells)
			rows = make([][]any, n)
			for i := 0; i < n; i++ {
				r := d.Index(i).(starlark.Indexable)
				row := all[:r.Len():r.Len()]
				all = all[r.Len():]
				for j := range row {
					row[j] = host.ToJSON(r.Index(j))
				}
				rows[i] = row
			}
			cols = names
			if width > len(names) {
				cols = make([]string, len(names), width)
				copy(cols, names)
			}
			for j := len(cols); j < width; j++ {
				cols = append(cols, strconv.Itoa(j))
			}
			return cols, rows, true
		}
	}
	return nil, nil, false
}

// empty appends a placeholder and returns it: each write into it replaces
// what it holds.
func empty(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	box, err := c.ctx.Append(c.box, &host.Element{Kind: "empty", Props: map[string]any{}}, true, true)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return &Container{name: "empty", box: box, form: c.form}, nil
}
