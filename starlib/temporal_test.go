package starlib_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// secs is the wire form of a temporal slider's value: seconds since
// 1970-01-01 of the wall clock read as UTC.
func secs(layout, s string) int64 {
	t, err := time.Parse(layout, s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func day(s string) int64 { return secs("2006-01-02", s) }

// TestTemporalSlider checks st.slider over dates, times and datetimes:
// Streamlit's defaults (bounds of ± 14 days or the whole day, a step of a
// day or 15 minutes, its display formats), values returned in the form
// given, the value widening the bounds.
func TestTemporalSlider(t *testing.T) {
	tests := []struct {
		name  string
		call  string
		props string // the element's value properties, as JSON
		value string // repr of the value returned
	}{
		{"date", `st.slider("d", min_value="2024-01-01", max_value="2024-12-31", value="2024-03-01")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":86400,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"date"}`, day("2024-01-01"), day("2024-12-31"), day("2024-03-01")), `"2024-03-01"`},
		{"date without bounds: ± 14 days", `st.slider("d", value="2024-03-01")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":86400,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"date"}`, day("2024-02-16"), day("2024-03-15"), day("2024-03-01")), `"2024-03-01"`},
		{"date range", `st.slider("r", value=("2024-01-20", "2024-01-10"), format="MM/DD/YY")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":86400,"value":[%d,%d],"float":false,"format":"MM/DD/YY","temporal":"date"}`, day("2023-12-27"), day("2024-01-24"), day("2024-01-10"), day("2024-01-20")), `("2024-01-10", "2024-01-20")`},
		{"date from min_value", `st.slider("d", min_value="2024-05-01", max_value="2024-05-31")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":86400,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"date"}`, day("2024-05-01"), day("2024-05-31"), day("2024-05-01")), `"2024-05-01"`},
		{"value widens the bounds", `st.slider("d", min_value="2024-05-10", max_value="2024-05-31", value="2024-05-01")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":86400,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"date"}`, day("2024-05-01"), day("2024-05-31"), day("2024-05-01")), `"2024-05-01"`},
		{"time", `st.slider("t", value="09:30")`,
			`{"min":0,"max":86399,"step":900,"value":34200,"float":false,"format":"HH:mm","temporal":"time"}`, `"09:30"`},
		{"time range with seconds and a step", `st.slider("t", value=("08:00:00", "17:30:00"), step=time.parse_duration("30m"))`,
			`{"min":0,"max":86399,"step":1800,"value":[28800,63000],"float":false,"format":"HH:mm","temporal":"time"}`, `("08:00:00", "17:30:00")`},
		{"datetime string", `st.slider("dt", value="2024-05-01 12:00", step="1h")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":3600,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"datetime"}`, secs("2006-01-02 15:04", "2024-04-17 12:00"), secs("2006-01-02 15:04", "2024-05-15 12:00"), secs("2006-01-02 15:04", "2024-05-01 12:00")), `"2024-05-01 12:00"`},
		{"datetime of the time module stays one", `st.slider("dt", value=time.time(year=2024, month=5, day=1, hour=12, location="Europe/Paris"), step=time.hour)`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":3600,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"datetime"}`, secs("2006-01-02 15:04", "2024-04-17 12:00"), secs("2006-01-02 15:04", "2024-05-15 12:00"), secs("2006-01-02 15:04", "2024-05-01 12:00")), "2024-05-01 12:00:00 +0200 CEST"}, // a time.time value
		{"datetimes less than a day apart: 15 minutes", `st.slider("dt", min_value="2024-05-01T08:00", max_value="2024-05-01T18:00")`,
			fmt.Sprintf(`{"min":%d,"max":%d,"step":900,"value":%d,"float":false,"format":"YYYY-MM-DD","temporal":"datetime"}`, secs("2006-01-02 15:04", "2024-05-01 08:00"), secs("2006-01-02 15:04", "2024-05-01 18:00"), secs("2006-01-02 15:04", "2024-05-01 08:00")), `"2024-05-01T08:00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, "v = "+tt.call+"\nst.text(repr(v))")
			mustComplete(t, res)
			els := res.Elements()
			p := map[string]any{}
			for _, k := range []string{"min", "max", "step", "value", "float", "format", "temporal"} {
				p[k] = els[0].Prop(k)
			}
			sameJSON(t, p, tt.props)
			if got := els[1].Prop("body"); got != tt.value {
				t.Errorf("value = %v, want %s", got, tt.value)
			}
		})
	}
}

// TestTemporalSliderSet checks values sent for a temporal slider: from the
// browser as seconds, from a test or session_state in the page's form;
// clamped into the bounds, a range put in order.
func TestTemporalSliderSet(t *testing.T) {
	page := lines(
		`d = st.slider("d", min_value="2024-01-01", max_value="2024-12-31", value="2024-03-01", key="d")`,
		`r = st.slider("r", min_value="2024-01-01", max_value="2024-12-31", value=("2024-02-01", "2024-02-10"), key="r")`,
		`t = st.slider("t", value="09:30", key="t")`,
		`st.text(repr([d, r, t]))`,
	)
	const initial = `["2024-03-01", ("2024-02-01", "2024-02-10"), "09:30"]`
	i := func(n int64) starlark.Value { return starlark.MakeInt64(n) }
	s := func(x string) starlark.Value { return starlark.String(x) }
	tests := []struct {
		name    string
		id      string
		v       starlark.Value
		wire    bool
		wantErr string
		want    string
	}{
		{"date from the wire", "d", i(day("2024-06-15")), true, "", `["2024-06-15", ("2024-02-01", "2024-02-10"), "09:30"]`},
		{"date from the wire clamped", "d", i(day("2030-01-01")), true, "", `["2024-12-31", ("2024-02-01", "2024-02-10"), "09:30"]`},
		{"date as a string", "d", s("2024-07-04"), false, "", `["2024-07-04", ("2024-02-01", "2024-02-10"), "09:30"]`},
		{"date clamped", "d", s("2023-07-04"), false, "", `["2024-01-01", ("2024-02-01", "2024-02-10"), "09:30"]`},
		{"date not a date", "d", s("July"), false, `widget "d" (slider "d"): "July" is not a date ("YYYY-MM-DD"), a time ("HH:MM") or a datetime ("YYYY-MM-DD HH:MM")`, initial},
		{"date given a time", "d", s("10:00"), false, `widget "d" (slider "d"): "10:00" is a time, want a date`, initial},
		{"date from the wire not a number", "d", s("x"), true, `widget "d" (slider "d"): got string, want seconds`, initial},
		{"range from the wire", "r", starlark.NewList([]starlark.Value{i(day("2024-04-01")), i(day("2024-05-01"))}), true, "", `["2024-03-01", ("2024-04-01", "2024-05-01"), "09:30"]`},
		{"range reversed", "r", starlark.Tuple{s("2024-05-01"), s("2024-04-01")}, false, "", `["2024-03-01", ("2024-04-01", "2024-05-01"), "09:30"]`},
		{"range of one", "r", s("2024-05-01"), false, `widget "r" (slider "r"): got string, want a (start, end) pair of dates`, initial},
		{"time from the wire", "t", i(17*3600 + 45*60), true, "", `["2024-03-01", ("2024-02-01", "2024-02-10"), "17:45"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess := session(t, page, nil, host.Limits{})
			res := sess.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != initial {
				t.Fatalf("first run: %v, want %s", got, initial)
			}
			var err error
			if tt.wire {
				err = sess.State.SetWire(tt.id, tt.v)
			} else {
				err = sess.SetWidget(tt.id, tt.v)
			}
			if got := fmt.Sprint(err); (err == nil) != (tt.wantErr == "") || (err != nil && got != tt.wantErr) {
				t.Errorf("set %s = %s: error %v, want %q", tt.id, tt.v, err, tt.wantErr)
			}
			res = sess.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.want {
				t.Errorf("next run: %v\nwant        %s", got, tt.want)
			}
		})
	}
}

func TestTemporalSliderErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"not a date", `st.slider("d", value="March")`, `st.slider: for parameter value: "March" is not a date ("YYYY-MM-DD"), a time ("HH:MM") or a datetime ("YYYY-MM-DD HH:MM")`},
		{"mixed kinds", `st.slider("d", min_value="2024-01-01", value="10:00")`, `st.slider: for parameter min_value: "2024-01-01" is a date, but the slider's values are times`},
		{"a number for a bound", `st.slider("d", min_value=0, value="2024-01-01")`, `st.slider: for parameter min_value: got int, want a date, time or datetime (a string or a time.time value)`},
		{"equal bounds", `st.slider("d", min_value="2024-01-01", max_value="2024-01-01")`, `st.slider: min_value must be before max_value; both are "2024-01-01"`},
		{"bounds reversed", `st.slider("d", min_value="2024-02-01", max_value="2024-01-01")`, `st.slider: min_value "2024-02-01" is after max_value "2024-01-01"`},
		{"step of no time", `st.slider("d", value="2024-01-01", step="0s")`, `st.slider: for parameter step: "0s" is less than a second`},
		{"step not a duration", `st.slider("d", value="2024-01-01", step="a day")`, `st.slider: for parameter step: got "a day", want a duration such as "90s" or "1h"`},
		{"format not a string", `st.slider("d", value="2024-01-01", format=1)`, `st.slider: for parameter format: got int, want a string such as "YYYY-MM-DD HH:mm"`},
		{"range of three", `st.slider("d", value=("2024-01-01", "2024-01-02", "2024-01-03"))`, `st.slider: for parameter value: a range has two values, got 3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errText(runPage(t, tt.src)); got != tt.want {
				t.Errorf("error %q\nwant  %q", got, tt.want)
			}
		})
	}
}

// TestWidgetKeyOfAnyValue checks that a widget's key is str(key), as in
// Streamlit: Streamlit's e2e app st_tabs_selection keys the slider in each
// tab by the tab.
func TestWidgetKeyOfAnyValue(t *testing.T) {
	sess := session(t, lines(
		`tabs = st.tabs(["A", "B"])`,
		`for i, tab in enumerate(tabs):`,
		`    tab.slider("Slider %d" % (i + 1), 0, 10, 5, key=tab)`,
		`st.checkbox("c", key=1.5)`,
		`st.text(repr(sorted([k for k in st.session_state.keys()])))`,
	), nil, host.Limits{})
	res := sess.Run()
	mustComplete(t, res)
	var ids []string
	for _, k := range []string{"slider", "checkbox"} {
		for _, e := range res.Find(k) {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 3 || ids[0] == ids[1] || ids[2] != "1.5" {
		t.Fatalf("widget ids %q, want one for each tab and \"1.5\"", ids)
	}
	if err := sess.State.SetWire(ids[1], starlark.MakeInt(9)); err != nil {
		t.Fatal(err)
	}
	res = sess.Run()
	mustComplete(t, res)
	if got := res.Find("slider")[1].Prop("value"); fmt.Sprint(got) != "9" {
		t.Errorf("the second tab's slider is %v after it was set to 9", got)
	}
}

// TestDateInputRangeWhilePicking checks a range date_input while the user
// picks it, as in Streamlit: () before a date is picked, (start,) after the
// first; the page may also start it so.
func TestDateInputRangeWhilePicking(t *testing.T) {
	s := func(x string) starlark.Value { return starlark.String(x) }
	list := func(vs ...starlark.Value) starlark.Value { return starlark.NewList(vs) }
	tests := []struct {
		name    string
		value   string         // the page's value=
		set     starlark.Value // sent from the browser, or nil
		wantErr string
		want    string // repr of the value, then the element's value as JSON
	}{
		{"empty", `()`, nil, "", `() []`},
		{"start only", `["2024-03-01"]`, nil, "", `("2024-03-01",) ["2024-03-01"]`},
		{"pair", `("2024-03-01", "2024-03-09")`, nil, "", `("2024-03-01", "2024-03-09") ["2024-03-01","2024-03-09"]`},
		{"start picked", `()`, list(s("2024-04-02")), "", `("2024-04-02",) ["2024-04-02"]`},
		{"end picked", `()`, list(s("2024-04-12"), s("2024-04-02")), "", `("2024-04-02", "2024-04-12") ["2024-04-02","2024-04-12"]`},
		{"emptied again", `("2024-03-01", "2024-03-09")`, list(), "", `() []`},
		{"clamped", `()`, list(s("2023-01-01")), "", `("2024-01-01",) ["2024-01-01"]`},
		{"three", `()`, list(s("2024-04-02"), s("2024-04-03"), s("2024-04-04")), `a range has at most two dates, got 3`, `() []`},
		{"not a list", `()`, s("2024-04-02"), `got string, want a (start, end) pair of dates`, `() []`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sess := session(t, lines(
				`v = st.date_input("d", value=`+tt.value+`, min_value="2024-01-01", key="d")`,
				`st.text(repr(v))`,
			), nil, host.Limits{})
			res := sess.Run()
			mustComplete(t, res)
			if tt.set != nil {
				err := sess.State.SetWire("d", tt.set)
				if want := `widget "d" (date_input "d"): ` + tt.wantErr; (err == nil) != (tt.wantErr == "") || (err != nil && err.Error() != want) {
					t.Errorf("set %s: error %v, want %q", tt.set, err, tt.wantErr)
				}
				res = sess.Run()
				mustComplete(t, res)
			}
			shown, _ := json.Marshal(only(t, res, "date_input").Prop("value"))
			got := fmt.Sprintf("%v %s", only(t, res, "text").Prop("body"), shown)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDateInputFormat(t *testing.T) {
	for _, f := range []string{"YYYY/MM/DD", "DD.MM.YYYY", "MM-DD-YYYY"} {
		mustComplete(t, runPage(t, `st.date_input("d", value="2024-01-01", format="`+f+`")`))
	}
	for _, f := range []string{"YYYY/MM-DD", "DD MM YYYY", "YY/MM/DD", ""} {
		want := `st.date_input: for parameter format: got "` + f + `", want YYYY, MM and DD in some order, separated by "/", "-" or "." ("YYYY/MM/DD", "DD.MM.YYYY")`
		if got := errText(runPage(t, `st.date_input("d", format="`+f+`")`)); got != want {
			t.Errorf("format %q: error %q\nwant %q", f, got, want)
		}
	}
}
