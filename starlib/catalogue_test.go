package starlib_test

// Tests of the widgets of the page catalogue: date_input, time_input,
// color_picker, select_slider, pills, segmented_control, download_button and
// file_uploader: their elements, defaults, argument errors, and the values a
// browser (SetWire) or a test (SetWidget) may set for them.

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	sltime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// val evaluates a Starlark expression into a value, for widget values.
func val(t *testing.T, expr string) starlark.Value {
	t.Helper()
	v, err := starlark.EvalOptions(&syntax.FileOptions{}, &starlark.Thread{}, "value", expr, starlark.StringDict{"time": sltime.Module})
	if err != nil {
		t.Fatalf("bad value %s: %v", expr, err)
	}
	return v
}

func TestCatalogueWidgets(t *testing.T) {
	csv := "a,b\n1,2\n"
	csvHash := host.MediaHash([]byte(csv))
	tests := []struct {
		name  string
		call  string // the widget call; the page writes repr() of its value
		want  string // the widget element without its id, as JSON
		value string // repr of the value the call returned
	}{
		{"date_input", `st.date_input("d", value="2024-03-01")`,
			`{"kind":"date_input","path":"main.0","label":"d","help":null,"disabled":false,"value":"2024-03-01","min":null,"max":null,"format":"YYYY/MM/DD"}`, `"2024-03-01"`},
		{"date_input bounds", `st.date_input("d", "2024-03-01", min_value="2024-01-01", max_value="2024-12-31", key="d")`,
			`{"kind":"date_input","path":"main.0","label":"d","help":null,"disabled":false,"value":"2024-03-01","min":"2024-01-01","max":"2024-12-31","key":"d","format":"YYYY/MM/DD"}`, `"2024-03-01"`},
		{"date_input of a time", `st.date_input("d", value=time.time(year=2024, month=5, day=6))`,
			`{"kind":"date_input","path":"main.0","label":"d","help":null,"disabled":false,"value":"2024-05-06","min":null,"max":null,"format":"YYYY/MM/DD"}`, `"2024-05-06"`},
		{"date_input range", `st.date_input("d", value=["2024-03-01", "2024-03-05"], min_value="2024-01-01")`,
			`{"kind":"date_input","path":"main.0","label":"d","help":null,"disabled":false,"value":["2024-03-01","2024-03-05"],"min":"2024-01-01","max":null,"format":"YYYY/MM/DD"}`, `("2024-03-01", "2024-03-05")`},
		{"date_input today clamped", `st.date_input("d", max_value="2000-01-01")`,
			`{"kind":"date_input","path":"main.0","label":"d","help":null,"disabled":false,"value":"2000-01-01","min":null,"max":"2000-01-01","format":"YYYY/MM/DD"}`, `"2000-01-01"`},
		{"time_input", `st.time_input("t", "00:00")`,
			`{"kind":"time_input","path":"main.0","label":"t","help":null,"disabled":false,"value":"00:00","step":900}`, `"00:00"`},
		{"time_input value and step", `st.time_input("t", "9:30", step=900)`,
			`{"kind":"time_input","path":"main.0","label":"t","help":null,"disabled":false,"value":"09:30","step":900}`, `"09:30"`},
		{"time_input step of a duration", `st.time_input("t", "00:00", step=time.parse_duration("2h"))`,
			`{"kind":"time_input","path":"main.0","label":"t","help":null,"disabled":false,"value":"00:00","step":7200}`, `"00:00"`},
		{"color_picker", `st.color_picker("c")`,
			`{"kind":"color_picker","path":"main.0","label":"c","help":null,"disabled":false,"value":"#000000"}`, `"#000000"`},
		{"color_picker value", `st.color_picker("c", "#FFaa00", help="h")`,
			`{"kind":"color_picker","path":"main.0","label":"c","help":"h","disabled":false,"value":"#ffaa00"}`, `"#ffaa00"`},
		{"select_slider", `st.select_slider("s", ["S", "M", "L"])`,
			`{"kind":"select_slider","path":"main.0","label":"s","help":null,"disabled":false,"options":["S","M","L"],"index":0}`, `"S"`},
		{"select_slider value", `st.select_slider("s", options=[1, 2, 3], value=2)`,
			`{"kind":"select_slider","path":"main.0","label":"s","help":null,"disabled":false,"options":["1","2","3"],"index":1}`, `2`},
		{"select_slider range", `st.select_slider("s", ["S", "M", "L"], value=("L", "S"))`,
			`{"kind":"select_slider","path":"main.0","label":"s","help":null,"disabled":false,"options":["S","M","L"],"index":[0,2]}`, `("S", "L")`},
		{"pills", `st.pills("p", ["a", "b"])`,
			`{"kind":"pills","path":"main.0","label":"p","help":null,"disabled":false,"options":["a","b"],"selection_mode":"single","value":null}`, `None`},
		{"pills default", `st.pills("p", ["a", "b"], default="b")`,
			`{"kind":"pills","path":"main.0","label":"p","help":null,"disabled":false,"options":["a","b"],"selection_mode":"single","value":1}`, `"b"`},
		{"pills multi", `st.pills("p", ["a", "b", "c"], selection_mode="multi")`,
			`{"kind":"pills","path":"main.0","label":"p","help":null,"disabled":false,"options":["a","b","c"],"selection_mode":"multi","value":[]}`, `[]`},
		{"pills multi default", `st.pills("p", ["a", "b", "c"], selection_mode="multi", default=("c", "a"))`,
			`{"kind":"pills","path":"main.0","label":"p","help":null,"disabled":false,"options":["a","b","c"],"selection_mode":"multi","value":[2,0]}`, `["c", "a"]`},
		{"segmented_control", `st.segmented_control("g", ["x", "y"], default="x", disabled=True)`,
			`{"kind":"segmented_control","path":"main.0","label":"g","help":null,"disabled":true,"options":["x","y"],"selection_mode":"single","value":0}`, `"x"`},
		{"download_button", `st.download_button("Get", "a,b\n1,2\n", file_name="data.csv", mime="text/csv")`,
			`{"kind":"download_button","path":"main.0","label":"Get","help":null,"disabled":false,"type":"secondary","file_name":"data.csv","mime":"text/csv","media":"` + csvHash + `"}`, `False`},
		{"download_button defaults", `st.download_button("Get", "a,b\n1,2\n", type="primary")`,
			`{"kind":"download_button","path":"main.0","label":"Get","help":null,"disabled":false,"type":"primary","file_name":"download.txt","mime":"text/plain","media":"` + csvHash + `"}`, `False`},
		{"download_button of bytes", `st.download_button("Get", b"a,b\n1,2\n")`,
			`{"kind":"download_button","path":"main.0","label":"Get","help":null,"disabled":false,"type":"secondary","file_name":"download.bin","mime":"application/octet-stream","media":"` + csvHash + `"}`, `False`},
		{"camera_input", `st.camera_input("c")`,
			`{"kind":"camera_input","path":"main.0","label":"c","help":null,"disabled":false,"max_bytes":52428800,"files":[]}`, `None`},
		{"audio_input", `st.audio_input("a", disabled=True)`,
			`{"kind":"audio_input","path":"main.0","label":"a","help":null,"disabled":true,"max_bytes":52428800,"files":[]}`, `None`},
		{"file_uploader", `st.file_uploader("f")`,
			`{"kind":"file_uploader","path":"main.0","label":"f","help":null,"disabled":false,"accept":null,"multiple":false,"max_bytes":52428800,"files":[]}`, `None`},
		{"file_uploader types", `st.file_uploader("f", type=["CSV", ".txt", "csv"], accept_multiple_files=True)`,
			`{"kind":"file_uploader","path":"main.0","label":"f","help":null,"disabled":false,"accept":[".csv",".txt"],"multiple":true,"max_bytes":52428800,"files":[]}`, `[]`},
		{"file_uploader type", `st.file_uploader("f", type="png")`,
			`{"kind":"file_uploader","path":"main.0","label":"f","help":null,"disabled":false,"accept":[".png"],"multiple":false,"max_bytes":52428800,"files":[]}`, `None`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runPage(t, "v = "+tt.call+"\nst.text(repr(v))")
			mustComplete(t, res)
			els := res.Elements()
			if len(els) != 2 {
				t.Fatalf("%d elements, want the widget and the text", len(els))
			}
			if els[0].ID == "" {
				t.Errorf("widget has no id")
			}
			sameJSON(t, props(els[0]), tt.want)
			if got := els[1].Prop("body"); got != tt.value {
				t.Errorf("value = %v, want %s", got, tt.value)
			}
		})
	}
}

// TestDateInputToday checks that a date_input without a value is today.
func TestDateInputToday(t *testing.T) {
	before := time.Now().Format("2006-01-02")
	res := runPage(t, "v = st.date_input('d')\nst.text(v)")
	after := time.Now().Format("2006-01-02")
	mustComplete(t, res)
	got := only(t, res, "text").Prop("body")
	if got != before && got != after {
		t.Errorf("value = %v, want today, %s", got, before)
	}
}

func TestCatalogueWidgetErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"date_input value", `st.date_input("d", value="2024-13-01")`, `st.date_input: for parameter value: "2024-13-01" is not a date of the form YYYY-MM-DD`},
		{"date_input value type", `st.date_input("d", value=20240101)`, `st.date_input: for parameter value: got int, want a date string "YYYY-MM-DD"`},
		{"date_input min_value", `st.date_input("d", min_value="yesterday")`, `st.date_input: for parameter min_value: "yesterday" is not a date of the form YYYY-MM-DD`},
		{"date_input max_value", `st.date_input("d", max_value=1)`, `st.date_input: for parameter max_value: got int, want a date string "YYYY-MM-DD"`},
		{"date_input min after max", `st.date_input("d", min_value="2024-02-01", max_value="2024-01-01")`, `st.date_input: min_value "2024-02-01" is after max_value "2024-01-01"`},
		{"date_input before min", `st.date_input("d", "2024-01-01", min_value="2024-02-01")`, `st.date_input: value "2024-01-01" is before min_value "2024-02-01"`},
		{"date_input after max", `st.date_input("d", "2024-03-01", max_value="2024-02-01")`, `st.date_input: value "2024-03-01" is after max_value "2024-02-01"`},
		{"date_input range of three", `st.date_input("d", ["2024-01-01", "2024-01-02", "2024-01-03"])`, `st.date_input: for parameter value: a range has at most two dates, got 3`},
		{"date_input range reversed", `st.date_input("d", ("2024-02-01", "2024-01-01"))`, `st.date_input: for parameter value: the range "2024-02-01" to "2024-01-01" ends before it starts`},
		{"date_input range outside", `st.date_input("d", ("2024-01-01", "2024-03-01"), max_value="2024-02-01")`, `st.date_input: value "2024-03-01" is after max_value "2024-02-01"`},
		{"date_input range member", `st.date_input("d", ("2024-01-01", 2))`, `st.date_input: for parameter value: got int, want a date string "YYYY-MM-DD"`},
		{"time_input value", `st.time_input("t", "25:00")`, `st.time_input: for parameter value: "25:00" is not a time of the form HH:MM`},
		{"time_input value type", `st.time_input("t", 900)`, `st.time_input: for parameter value: got int, want a time string "HH:MM"`},
		{"time_input step", `st.time_input("t", step=30)`, `st.time_input: for parameter step: 30 is outside [60, 82800] seconds`},
		{"time_input step too large", `st.time_input("t", step=86400)`, `st.time_input: for parameter step: 86400 is outside [60, 82800] seconds`},
		{"time_input step type", `st.time_input("t", step="1m")`, `st.time_input: for parameter step: got string, want int (seconds)`},
		{"color_picker value", `st.color_picker("c", "red")`, `st.color_picker: for parameter value: "red" is not a colour of the form #rrggbb`},
		{"color_picker short value", `st.color_picker("c", "#fff")`, `st.color_picker: for parameter value: "#fff" is not a colour of the form #rrggbb`},
		{"color_picker value type", `st.color_picker("c", 0)`, `st.color_picker: for parameter value: got int, want a colour string "#rrggbb"`},
		{"select_slider without options", `st.select_slider("s")`, `st.select_slider: missing argument for options`},
		{"select_slider no options", `st.select_slider("s", [])`, `st.select_slider: for parameter options: the list is empty`},
		{"select_slider options string", `st.select_slider("s", "abc")`, `st.select_slider: for parameter options: got string, want a list`},
		{"select_slider value", `st.select_slider("s", ["a", "b"], value="x")`, `st.select_slider: for parameter value: "x" is not one of the options ["a", "b"]`},
		{"select_slider range", `st.select_slider("s", ["a", "b"], value=("a", "x"))`, `st.select_slider: for parameter value: "x" is not one of the options ["a", "b"]`},
		{"select_slider range of three", `st.select_slider("s", ["a", "b"], value=("a", "b", "a"))`, `st.select_slider: for parameter value: got tuple, want a (low, high) pair of options`},
		{"pills mode", `st.pills("p", ["a"], selection_mode="many")`, `st.pills: for parameter selection_mode: got "many", want "single" or "multi"`},
		{"pills default", `st.pills("p", ["a", "b"], default="z")`, `st.pills: for parameter default: "z" is not one of the options ["a", "b"]`},
		{"pills multi default", `st.pills("p", ["a", "b"], selection_mode="multi", default="z")`, `st.pills: for parameter default: "z" is not one of the options ["a", "b"]`},
		{"pills multi default member", `st.pills("p", ["a", "b"], selection_mode="multi", default=["a", "z"])`, `st.pills: for parameter default: "z" is not one of the options ["a", "b"]`},
		{"segmented_control options", `st.segmented_control("g", 3)`, `st.segmented_control: for parameter options: got int, want a list`},
		{"download_button data", `st.download_button("d", 1)`, `st.download_button: for parameter data: got int, want string or bytes`},
		{"download_button without data", `st.download_button("d")`, `st.download_button: missing argument for data`},
		{"download_button file_name", `st.download_button("d", "x", file_name="a/b.txt")`, `st.download_button: for parameter file_name: "a/b.txt" is not a file name`},
		{"download_button file_name type", `st.download_button("d", "x", file_name=1)`, `st.download_button: for parameter file_name: got int, want string or None`},
		{"download_button mime", `st.download_button("d", "x", mime=1)`, `st.download_button: for parameter mime: got int, want string or None`},
		{"download_button type", `st.download_button("d", "x", type="big")`, `st.download_button: for parameter type: got "big", want "primary" or "secondary"`},
		{"download_button on_change", `st.download_button("d", "x", on_change=print)`, `st.download_button: unexpected keyword argument "on_change"`},
		{"file_uploader type", `st.file_uploader("f", type=1)`, `st.file_uploader: for parameter type: got int, want a string, a list of strings or None`},
		{"file_uploader no types", `st.file_uploader("f", type=[])`, `st.file_uploader: for parameter type: the list is empty; use None to accept every type`},
		{"file_uploader type member", `st.file_uploader("f", type=["csv", 1])`, `st.file_uploader: for parameter type: got int in the list, want string`},
		{"file_uploader empty type", `st.file_uploader("f", type=".")`, `st.file_uploader: for parameter type: "." is not a file extension`},
		{"file_uploader multiple", `st.file_uploader("f", accept_multiple_files="yes")`, `st.file_uploader: for parameter accept_multiple_files: got string, want bool`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}

// file is a file value as the session makes it of an upload.
func file(name, typ, data string) string {
	return `{"name": "` + name + `", "type": "` + typ + `", "size": ` + itoa(len(data)) + `, "data": b"` + data + `"}`
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestCatalogueWidgetValues sets values for each widget as a browser (wire) or a
// test would, and checks what the next run returns or the error.
func TestCatalogueWidgetValues(t *testing.T) {
	tests := []struct {
		name  string
		call  string // the widget, with key="w"
		wire  bool   // SetWire rather than SetWidget
		value string // a Starlark expression
		want  string // repr of the value in the next run, or the error
	}{
		{"date", `st.date_input("d", "2024-01-01", key="w")`, true, `"2024-05-01"`, `"2024-05-01"`},
		{"date clamped", `st.date_input("d", "2024-01-01", min_value="2024-01-01", max_value="2024-12-31", key="w")`, false, `"2023-06-01"`, `"2024-01-01"`},
		{"date of a time", `st.date_input("d", key="w")`, false, `time.time(year=2020, month=2, day=29)`, `"2020-02-29"`},
		{"date bad", `st.date_input("d", key="w")`, true, `"2024-02-30"`, `widget "w" (date_input "d"): "2024-02-30" is not a date of the form YYYY-MM-DD`},
		{"date of a number", `st.date_input("d", key="w")`, true, `5`, `widget "w" (date_input "d"): got int, want a date string "YYYY-MM-DD"`},
		{"date range", `st.date_input("d", ("2024-01-01", "2024-01-02"), key="w")`, true, `["2024-05-09", "2024-05-01"]`, `("2024-05-01", "2024-05-09")`},
		{"date range clamped", `st.date_input("d", ("2024-01-01", "2024-01-02"), max_value="2024-03-01", key="w")`, false, `("2024-02-01", "2025-01-01")`, `("2024-02-01", "2024-03-01")`},
		{"date range of one", `st.date_input("d", ("2024-01-01", "2024-01-02"), key="w")`, true, `"2024-05-01"`, `widget "w" (date_input "d"): got string, want a (start, end) pair of dates`},
		{"time", `st.time_input("t", key="w")`, true, `"23:59"`, `"23:59"`},
		{"time bad", `st.time_input("t", key="w")`, true, `"24:00"`, `widget "w" (time_input "t"): "24:00" is not a time of the form HH:MM`},
		{"time type", `st.time_input("t", key="w")`, false, `5`, `widget "w" (time_input "t"): got int, want a time string "HH:MM"`},
		{"color", `st.color_picker("c", key="w")`, true, `"#ABCDEF"`, `"#abcdef"`},
		{"color bad", `st.color_picker("c", key="w")`, true, `"#abc"`, `widget "w" (color_picker "c"): "#abc" is not a colour of the form #rrggbb`},
		{"select_slider by index", `st.select_slider("s", ["S", "M", "L"], key="w")`, true, `2`, `"L"`},
		{"select_slider index out of range", `st.select_slider("s", ["S", "M", "L"], key="w")`, true, `5`, `widget "w" (select_slider "s"): option index 5 out of range [0, 3)`},
		{"select_slider index None", `st.select_slider("s", ["S", "M", "L"], key="w")`, true, `None`, `widget "w" (select_slider "s"): got None, want an option index`},
		{"select_slider option", `st.select_slider("s", ["S", "M", "L"], key="w")`, false, `"M"`, `"M"`},
		{"select_slider unknown option", `st.select_slider("s", ["S", "M", "L"], key="w")`, false, `"XL"`, `widget "w" (select_slider "s"): "XL" is not one of the options ["S", "M", "L"]`},
		{"select_slider range by indices", `st.select_slider("s", ["S", "M", "L"], value=("S", "M"), key="w")`, true, `[2, 0]`, `("S", "L")`},
		{"select_slider range of an index", `st.select_slider("s", ["S", "M", "L"], value=("S", "M"), key="w")`, true, `1`, `widget "w" (select_slider "s"): got int, want a [low, high] pair of option indices`},
		{"select_slider range of options", `st.select_slider("s", ["S", "M", "L"], value=("S", "M"), key="w")`, false, `["L", "M"]`, `("M", "L")`},
		{"select_slider range of an option", `st.select_slider("s", ["S", "M", "L"], value=("S", "M"), key="w")`, false, `"M"`, `widget "w" (select_slider "s"): got string, want a (low, high) pair of options`},
		{"pills by index", `st.pills("p", ["a", "b"], key="w")`, true, `1`, `"b"`},
		{"pills none", `st.pills("p", ["a", "b"], default="a", key="w")`, true, `None`, `None`},
		{"pills index out of range", `st.pills("p", ["a", "b"], key="w")`, true, `2`, `widget "w" (pills "p"): option index 2 out of range [0, 2)`},
		{"pills option", `st.pills("p", ["a", "b"], key="w")`, false, `"a"`, `"a"`},
		{"pills unknown option", `st.pills("p", ["a", "b"], key="w")`, false, `"c"`, `widget "w" (pills "p"): "c" is not one of the options ["a", "b"]`},
		{"pills multi by indices", `st.pills("p", ["a", "b", "c"], selection_mode="multi", key="w")`, true, `[2, 0]`, `["c", "a"]`},
		{"pills multi of an index", `st.pills("p", ["a", "b", "c"], selection_mode="multi", key="w")`, true, `1`, `widget "w" (pills "p"): got int, want a list of option indices`},
		{"pills multi of None", `st.pills("p", ["a", "b", "c"], selection_mode="multi", key="w")`, true, `[None]`, `widget "w" (pills "p"): got None in the list, want an option index`},
		{"pills multi options", `st.pills("p", ["a", "b", "c"], selection_mode="multi", key="w")`, false, `("b",)`, `["b"]`},
		{"pills multi unknown", `st.pills("p", ["a", "b", "c"], selection_mode="multi", key="w")`, false, `["z"]`, `widget "w" (pills "p"): "z" is not one of the options ["a", "b", "c"]`},
		{"segmented_control by index", `st.segmented_control("g", ["x", "y"], key="w")`, true, `0`, `"x"`},
		{"file", `st.file_uploader("f", key="w")`, false, file("a.csv", "text/csv", "abc"), `{"name": "a.csv", "type": "text/csv", "size": 3, "data": b"abc"}`},
		{"file cleared", `st.file_uploader("f", key="w")`, false, `None`, `None`},
		{"file of an accepted type", `st.file_uploader("f", type="csv", key="w")`, false, file("A.CSV", "text/csv", "x"), `{"name": "A.CSV", "type": "text/csv", "size": 1, "data": b"x"}`},
		{"file of another type", `st.file_uploader("f", type=["csv", "txt"], key="w")`, false, file("a.exe", "application/x", "x"), `widget "w" (file_uploader "f"): file "a.exe" is not of an accepted type (.csv, .txt)`},
		{"file of a string", `st.file_uploader("f", key="w")`, false, `"a.csv"`, `widget "w" (file_uploader "f"): got string, want a file: a dict with the keys name, type, size and data`},
		{"file of another key", `st.file_uploader("f", key="w")`, false, `{"name": "a", "type": "t", "size": 0, "data": b"", "path": "/etc"}`, `widget "w" (file_uploader "f"): a file is a dict with the keys name, type, size and data, got the key "path"`},
		{"file without data", `st.file_uploader("f", key="w")`, false, `{"name": "a", "type": "t", "size": 0}`, `widget "w" (file_uploader "f"): a file is a dict with the keys name, type, size and data, the key "data" is missing`},
		{"file of string data", `st.file_uploader("f", key="w")`, false, `{"name": "a", "type": "t", "size": 1, "data": "x"}`, `widget "w" (file_uploader "f"): file "a": its data is bytes, got string`},
		{"file of a wrong size", `st.file_uploader("f", key="w")`, false, `{"name": "a", "type": "t", "size": 5, "data": b"x"}`, `widget "w" (file_uploader "f"): file "a": size 5 does not match its 1 bytes of data`},
		{"file of no name", `st.file_uploader("f", key="w")`, false, `{"name": 1, "type": "t", "size": 1, "data": b"x"}`, `widget "w" (file_uploader "f"): a file's name is a string, got int`},
		{"file of no type", `st.file_uploader("f", key="w")`, false, `{"name": "a", "size": 1, "data": b"x"}`, `widget "w" (file_uploader "f"): a file is a dict with the keys name, type, size and data, the key "type" is missing`},
		{"file list of one for one", `st.file_uploader("f", key="w")`, false, `[` + file("a", "t", "x") + `]`, `{"name": "a", "type": "t", "size": 1, "data": b"x"}`},
		{"empty file list for one", `st.file_uploader("f", key="w")`, false, `[]`, `None`},
		{"file list of two for one", `st.file_uploader("f", key="w")`, false, `[` + file("a", "t", "x") + `, ` + file("b", "t", "y") + `]`, `widget "w" (file_uploader "f"): got 2 files, want one (set accept_multiple_files=True for more)`},
		{"files", `st.file_uploader("f", accept_multiple_files=True, key="w")`, false, `[` + file("a", "t", "x") + `, ` + file("b", "t", "yz") + `]`, `[{"name": "a", "type": "t", "size": 1, "data": b"x"}, {"name": "b", "type": "t", "size": 2, "data": b"yz"}]`},
		{"files of None", `st.file_uploader("f", accept_multiple_files=True, key="w")`, false, `None`, `[]`},
		{"files of one", `st.file_uploader("f", accept_multiple_files=True, key="w")`, false, file("a", "t", "x"), `widget "w" (file_uploader "f"): got dict, want a list of files`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, "v = "+tt.call+"\nst.text(repr(v))\n", nil, host.Limits{})
			mustComplete(t, s.Run())
			set := s.SetWidget
			if tt.wire {
				set = s.State.SetWire
			}
			if err := set("w", val(t, tt.value)); err != nil {
				if err.Error() != tt.want {
					t.Fatalf("set %s: error %q\nwant       %q", tt.value, err, tt.want)
				}
				return
			}
			res := s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.want {
				t.Errorf("set %s: value %v, want %s", tt.value, got, tt.want)
			}
		})
	}
}

// TestDownloadButtonMedia checks that a download_button's data is stored
// in the app's media store under the hash its URL names.
func TestDownloadButtonMedia(t *testing.T) {
	s := session(t, lines(
		`st.download_button("CSV", "a,b\n1,2\n", file_name="data.csv", mime="text/csv")`,
		`st.download_button("Raw", b"\x00\x01", key="raw")`,
	), nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	for _, tt := range []struct{ data, mime, name string }{
		{"a,b\n1,2\n", "text/csv", "data.csv"},
		{"\x00\x01", "application/octet-stream", "download.bin"},
	} {
		sum := sha256.Sum256([]byte(tt.data))
		hash := hex.EncodeToString(sum[:])[:32]
		var el *host.Element
		for _, e := range res.Find("download_button") {
			if e.Props["media"] == hash {
				el = e
			}
		}
		if el == nil {
			t.Errorf("no download_button with the URL of %q", tt.data)
			continue
		}
		data, mime, name, ok := s.App.Media.Get(hash)
		if !ok || string(data) != tt.data || mime != tt.mime || name != tt.name {
			t.Errorf("Media.Get(%s) = %q, %q, %q, %v; want %q, %q, %q", hash, data, mime, name, ok, tt.data, tt.mime, tt.name)
		}
	}
}

// TestDownloadButtonClick checks that a download_button is True in the run
// after a click.
func TestDownloadButtonClick(t *testing.T) {
	s := session(t, `st.text(repr(st.download_button("Get", "x", key="get")))`, nil, host.Limits{})
	mustComplete(t, s.Run())
	if err := s.Click("get"); err != nil {
		t.Fatal(err)
	}
	if got := only(t, s.Run(), "text").Prop("body"); got != "True" {
		t.Errorf("after a click: %v, want True", got)
	}
	if got := only(t, s.Run(), "text").Prop("body"); got != "False" {
		t.Errorf("the run after: %v, want False", got)
	}
}

// TestDownloadButtonTooLarge checks that data larger than the media store
// is refused with the limit to raise.
func TestDownloadButtonTooLarge(t *testing.T) {
	res := session(t, `st.download_button("Get", "x" * 100)`, nil, host.Limits{MediaBytes: 10}).Run()
	mustFail(t, res, "st.download_button: data of 100 bytes is larger than the media store of 10 bytes (raise [limits] media_bytes in stark.toml)")
}

// TestFileUploaderFiles checks the element of a file_uploader that holds
// files, and the upload limit.
func TestFileUploaderFiles(t *testing.T) {
	s := session(t, lines(
		`files = st.file_uploader("Data", type="csv", accept_multiple_files=True, key="up")`,
		`for f in files:`,
		`    st.text("%s %d %s" % (f["name"], f["size"], f["data"]))`,
	), nil, host.Limits{UploadBytes: 4})
	mustComplete(t, s.Run())
	if err := s.SetWidget("up", val(t, "["+file("a.csv", "text/csv", "1,2")+", "+file("b.csv", "text/csv", "")+"]")); err != nil {
		t.Fatal(err)
	}
	res := s.Run()
	mustComplete(t, res)
	sameJSON(t, props(only(t, res, "file_uploader")), `{"kind":"file_uploader","path":"main.0","label":"Data","help":null,"disabled":false,"key":"up",
		"accept":[".csv"],"multiple":true,"max_bytes":4,"files":[{"name":"a.csv","size":3,"type":"text/csv"},{"name":"b.csv","size":0,"type":"text/csv"}]}`)
	var texts []string
	for _, e := range res.Find("text") {
		texts = append(texts, e.Prop("body").(string))
	}
	if got := strings.Join(texts, "|"); got != `a.csv 3 b"1,2"|b.csv 0 b""` {
		t.Errorf("texts = %s", got)
	}
	err := s.SetWidget("up", val(t, "["+file("big.csv", "text/csv", "12345")+"]"))
	want := `widget "up" (file_uploader "Data"): file "big.csv" is 5 bytes, more than the upload limit of 4 bytes`
	if err == nil || err.Error() != want {
		t.Errorf("a file over the limit: error %v, want %s", err, want)
	}
}
