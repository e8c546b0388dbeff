package starlib

// This file defines st.column_config: Streamlit's column types for
// st.dataframe's column_config. Each returns a frozen dict, as Streamlit's
// return dicts: {"type": "number", "label": ..., "format": ...} with the
// parameters the page gave. st.dataframe also takes plain dicts, a string (a
// label) and None (the column hidden); the front end renders by "type".

import (
	"fmt"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// columnTypes are the column_config builtins: the "type" each writes and
// the keyword parameters each takes besides label, width and help. The
// editing parameters (disabled, required, default, step, validate,
// max_chars) are kept for st.data_editor's sake; st.dataframe ignores them,
// as Streamlit's does.
var columnTypes = map[string]struct {
	typ    string
	params []string
}{
	"Column":          {"", []string{"disabled", "required"}},
	"TextColumn":      {"text", []string{"disabled", "required", "default", "max_chars", "validate"}},
	"NumberColumn":    {"number", []string{"disabled", "required", "default", "format", "min_value", "max_value", "step"}},
	"CheckboxColumn":  {"checkbox", []string{"disabled", "required", "default"}},
	"SelectboxColumn": {"selectbox", []string{"disabled", "required", "default", "options"}},
	"DatetimeColumn":  {"datetime", []string{"disabled", "required", "default", "format", "min_value", "max_value", "step", "timezone"}},
	"DateColumn":      {"date", []string{"disabled", "required", "default", "format", "min_value", "max_value", "step"}},
	"TimeColumn":      {"time", []string{"disabled", "required", "default", "format", "min_value", "max_value", "step"}},
	"ListColumn":      {"list", nil},
	"LinkColumn":      {"link", []string{"disabled", "required", "default", "max_chars", "validate", "display_text"}},
	"ImageColumn":     {"image", nil},
	"LineChartColumn": {"line_chart", []string{"y_min", "y_max"}},
	"BarChartColumn":  {"bar_chart", []string{"y_min", "y_max"}},
	"AreaChartColumn": {"area_chart", []string{"y_min", "y_max"}},
	"ProgressColumn":  {"progress", []string{"format", "min_value", "max_value"}},
}

// columnConfigModule is st.column_config.
var columnConfigModule = func() *starlarkstruct.Module {
	m := &starlarkstruct.Module{Name: "column_config", Members: starlark.StringDict{}}
	for name := range columnTypes {
		m.Members[name] = starlark.NewBuiltin("st.column_config."+name, columnConfig)
	}
	m.Freeze()
	return m
}()

// columnConfig implements every st.column_config builtin: label is the one
// positional parameter, the rest are by name.
func columnConfig(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	short := b.Name()[len("st.column_config."):]
	ct := columnTypes[short]
	if len(args) > 1 {
		return nil, fmt.Errorf("%s: got %d positional arguments, want at most 1 (the label); give the others by name", b.Name(), len(args))
	}
	names := append([]string{"label", "width", "help"}, ct.params...)
	vals := make([]starlark.Value, len(names))
	pairs := make([]any, 0, 2*len(names))
	for i, n := range names {
		vals[i] = starlark.None
		pairs = append(pairs, n+"?", &vals[i])
	}
	if err := host.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(names) + 1)
	if ct.typ != "" {
		d.SetKey(starlark.String("type"), starlark.String(ct.typ))
	}
	for i, n := range names {
		v := vals[i]
		if v == starlark.None {
			continue
		}
		if err := checkColumnParam(n, v); err != nil {
			return nil, fmt.Errorf("%s: for parameter %s: %v", b.Name(), n, err)
		}
		d.SetKey(starlark.String(n), v)
	}
	d.Freeze()
	return d, nil
}

// checkColumnParam checks the parameters whose type the front end relies on.
func checkColumnParam(name string, v starlark.Value) error {
	switch name {
	case "label", "help", "format", "display_text", "timezone", "validate":
		if _, ok := v.(starlark.String); !ok {
			return fmt.Errorf("got %s, want string", v.Type())
		}
	case "width":
		switch w := v.(type) {
		case starlark.String:
			if w != "small" && w != "medium" && w != "large" {
				return fmt.Errorf("got %q, want \"small\", \"medium\", \"large\" or a number of pixels", string(w))
			}
		case starlark.Int:
			if n, ok := w.Int64(); !ok || n <= 0 {
				return fmt.Errorf("got %s, want a positive number of pixels", w)
			}
		default:
			return fmt.Errorf("got %s, want \"small\", \"medium\", \"large\" or an int (pixels)", v.Type())
		}
	case "min_value", "max_value", "y_min", "y_max", "step":
		switch v.(type) {
		case starlark.Int, starlark.Float:
		case starlark.String:
			if name == "y_min" || name == "y_max" {
				return fmt.Errorf("got string, want a number")
			}
		default:
			return fmt.Errorf("got %s, want a number", v.Type())
		}
	case "options":
		if _, ok := v.(starlark.Iterable); !ok || v.Type() == "string" {
			return fmt.Errorf("got %s, want a list of options", v.Type())
		}
	case "disabled", "required":
		if _, ok := v.(starlark.Bool); !ok {
			return fmt.Errorf("got %s, want bool", v.Type())
		}
	}
	return nil
}
