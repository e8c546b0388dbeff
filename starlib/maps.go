package starlib

// This file defines st.map: points from a table's latitude and longitude
// columns, drawn by the browser on a plain projection (or on map tiles when
// the app's stark.toml names a tile server).

import (
	"fmt"
	"math"
	"strings"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	"go.starlark.net/starlark"
)

// mapMaxPoints bounds the points of one map (each travels in the element).
const mapMaxPoints = 100_000

// The column names st.map looks for when latitude= or longitude= is not
// given, as Streamlit's (any case).
var (
	latNames = []string{"lat", "latitude"}
	lonNames = []string{"lon", "lng", "longitude"}
)

// defaultMapColor and defaultMapSize are Streamlit's (a size in meters).
const (
	defaultMapColor = "#ff4b4bcc"
	defaultMapSize  = 100.0
)

// mapChart implements st.map(data, latitude=None, longitude=None,
// color=None, size=None, zoom=None, use_container_width=True, width=None,
// height=None).
func mapChart(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, lat, lon, color, size, zoom, height starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	sz := newSizing()
	pairs := append([]any{"data?", &data, "latitude?", &lat, "longitude?", &lon, "color?", &color, "size?", &size, "zoom?", &zoom}, sz.pairs()...)
	pairs = append(pairs, "height?", &height)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	width, err := sz.prop(&c)
	if err != nil {
		return nil, err
	}
	props := map[string]any{"lat": []float64{}, "lon": []float64{}, "color": defaultMapColor, "size": defaultMapSize, "zoom": nil, "height": nil}
	if width != nil {
		props["width"] = width
	}
	// The app's tile server ([map] tiles in stark.toml), when it has one.
	if sb, err := host.SandboxFor(c.thread, c.name); err == nil {
		if t, ok := host.MapTiles.Get(sb.App); ok && t["tiles"] != "" {
			props["tiles"] = t["tiles"]
			if a := t["attribution"]; a != "" {
				props["attribution"] = a
			}
		}
	}
	if height != starlark.None {
		h, ok := starlark.AsFloat(height)
		if !ok || h < 1 || h > 10_000 {
			return nil, c.errorf("for parameter height: got %s, want a number of pixels from 1 to 10000", height)
		}
		props["height"] = h
	}
	if zoom != starlark.None {
		z, ok := starlark.AsFloat(zoom)
		if !ok || z < 0 || z > 24 {
			return nil, c.errorf("for parameter zoom: got %s, want a number from 0 to 24", zoom)
		}
		props["zoom"] = z
	}
	if data == starlark.None {
		return starlark.None, c.appendEl("map", props)
	}
	t, err := table.From(c.name, data)
	if err != nil {
		return nil, err
	}
	if t.Len() > mapMaxPoints {
		return nil, c.errorf("the data has %d rows; a map shows at most %d points", t.Len(), mapMaxPoints)
	}
	latCol, err := mapColumn(&c, t, "latitude", lat, latNames)
	if err != nil {
		return nil, err
	}
	lonCol, err := mapColumn(&c, t, "longitude", lon, lonNames)
	if err != nil {
		return nil, err
	}
	lats, lons, keep := []float64{}, []float64{}, []int{}
	for i := 0; i < t.Len(); i++ {
		y, okY := mapNumber(t, latCol, i)
		x, okX := mapNumber(t, lonCol, i)
		if !okY || !okX {
			continue // as in Streamlit: a point without a position is left out
		}
		if y < -90 || y > 90 || x < -180 || x > 180 {
			return nil, c.errorf("row %d: latitude %g, longitude %g is not on the map (latitude -90 to 90, longitude -180 to 180)", i, y, x)
		}
		lats, lons, keep = append(lats, y), append(lons, x), append(keep, i)
	}
	props["lat"], props["lon"] = lats, lons
	if color != starlark.None {
		if props["color"], err = mapColor(&c, t, color, keep); err != nil {
			return nil, err
		}
	}
	if size != starlark.None {
		if props["size"], err = mapSize(&c, t, size, keep); err != nil {
			return nil, err
		}
	}
	return starlark.None, c.appendEl("map", props)
}

// mapColumn finds the latitude or longitude column: the one named by the
// parameter, or the first of names (in any case) the table has.
func mapColumn(c *call, t *table.Table, param string, given starlark.Value, names []string) (int, error) {
	if given != starlark.None {
		s, ok := given.(starlark.String)
		if !ok {
			return 0, c.errorf("for parameter %s: got %s, want a column name", param, given.Type())
		}
		j, ok := t.ColumnIndex(string(s))
		if !ok {
			return 0, c.errorf("for parameter %s: no column %q (columns: %s)", param, string(s), t.ColumnList())
		}
		return j, mapNumeric(c, t, j)
	}
	for _, want := range names {
		for j, name := range t.Columns() {
			if strings.EqualFold(name, want) {
				return j, mapNumeric(c, t, j)
			}
		}
	}
	return 0, c.errorf("the data has no %s column: name it %s (any case) or give %s=\"column\" (columns: %s)", param, strings.Join(names, " or "), param, t.ColumnList())
}

func mapNumeric(c *call, t *table.Table, j int) error {
	switch t.ColumnType(j) {
	case table.TypeInt, table.TypeFloat, table.TypeNull:
		return nil
	}
	return c.errorf("column %q holds %s values, want numbers (degrees)", t.ColumnName(j), t.ColumnType(j))
}

func mapNumber(t *table.Table, j, i int) (float64, bool) {
	switch v := t.JSONValue(j, i).(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, !math.IsNaN(v)
	}
	return 0, false
}

// mapColor is a colour for every point ("#rrggbb[aa]", a CSS colour name,
// or an (r, g, b[, a]) tuple) or a column of colours, one per point.
func mapColor(c *call, t *table.Table, v starlark.Value, keep []int) (any, error) {
	if s, ok := v.(starlark.String); ok {
		if j, ok := t.ColumnIndex(string(s)); ok {
			if t.ColumnType(j) != table.TypeString {
				return nil, c.errorf("for parameter color: column %q holds %s values, want colours (\"#rrggbb\")", string(s), t.ColumnType(j))
			}
			out := make([]string, len(keep))
			for k, i := range keep {
				col, err := cssColor(c, t.StringAt(j, i))
				if err != nil {
					return nil, fmt.Errorf("%v (column %q, row %d)", err, string(s), i)
				}
				out[k] = col
			}
			return out, nil
		}
		return cssColor(c, string(s))
	}
	if tup, ok := v.(starlark.Tuple); ok && (len(tup) == 3 || len(tup) == 4) {
		var parts [4]float64
		parts[3] = 1
		for k, x := range tup {
			f, ok := starlark.AsFloat(x)
			if !ok || f < 0 || (k < 3 && f > 255) || (k == 3 && f > 1 && f > 255) {
				return nil, c.errorf("for parameter color: got %s, want (r, g, b) from 0 to 255 and an alpha from 0 to 1", v)
			}
			parts[k] = f
		}
		if len(tup) == 4 && parts[3] > 1 {
			parts[3] /= 255 // Streamlit's RGBA tuples may give alpha as 0 to 255
		}
		return fmt.Sprintf("rgba(%g, %g, %g, %g)", parts[0], parts[1], parts[2], parts[3]), nil
	}
	return nil, c.errorf("for parameter color: got %s, want a colour (\"#rrggbb\", (r, g, b)) or a column name", v.Type())
}

// cssColor accepts "#rgb", "#rrggbb", "#rrggbbaa" and plain colour names.
func cssColor(c *call, s string) (string, error) {
	ok := s != ""
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		ok = len(h) == 3 || len(h) == 4 || len(h) == 6 || len(h) == 8
		for _, r := range h {
			ok = ok && strings.ContainsRune("0123456789abcdefABCDEF", r)
		}
	} else {
		for _, r := range s {
			ok = ok && r >= 'a' && r <= 'z'
		}
	}
	if !ok || len(s) > 32 {
		return "", c.errorf("for parameter color: %q is not a colour (\"#rrggbb\", \"#rrggbbaa\" or a name such as \"red\") nor a column", s)
	}
	return s, nil
}

// mapSize is the radius of every point in meters, or a column of radii.
func mapSize(c *call, t *table.Table, v starlark.Value, keep []int) (any, error) {
	if s, ok := v.(starlark.String); ok {
		j, ok := t.ColumnIndex(string(s))
		if !ok {
			return nil, c.errorf("for parameter size: no column %q (columns: %s)", string(s), t.ColumnList())
		}
		if err := mapNumeric(c, t, j); err != nil {
			return nil, err
		}
		out := make([]float64, len(keep))
		for k, i := range keep {
			f, ok := mapNumber(t, j, i)
			if !ok || f < 0 {
				f = 0
			}
			out[k] = f
		}
		return out, nil
	}
	f, ok := starlark.AsFloat(v)
	if !ok || f < 0 || math.IsInf(f, 0) {
		return nil, c.errorf("for parameter size: got %s, want a radius in meters or a column name", v)
	}
	return f, nil
}
