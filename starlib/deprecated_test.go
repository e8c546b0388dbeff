package starlib_test

import (
	"reflect"
	"testing"

	"github.com/stark-dev/stark/host"
)

// TestDeprecatedSpellings: Streamlit's deprecated st.experimental_*
// spellings work as the commands that replaced them.
func TestDeprecatedSpellings(t *testing.T) {
	tests := []struct {
		name  string
		query map[string][]string
		src   string
		text  string
		want  map[string][]string // Result.Query
	}{
		{"get_query_params", map[string][]string{"a": {"1", "2"}, "b": {"x"}},
			`st.text(repr(st.experimental_get_query_params()))`,
			`{"a": ["1", "2"], "b": ["x"]}`, nil},
		{"set_query_params replaces the query", map[string][]string{"a": {"1"}},
			lines(`st.experimental_set_query_params(tag=["x", "y"], n=3)`, `st.text(repr(st.query_params.to_dict()))`),
			`{"n": "3", "tag": "y"}`, map[string][]string{"tag": {"x", "y"}, "n": {"3"}}},
		{"date_input of a datetime takes its date, as Streamlit's", nil,
			lines(`v = st.date_input("d", "2019-07-06 21:15")`, `st.text(v)`),
			`2019-07-06`, nil},
		{"time_input of a datetime takes its time", nil,
			lines(`v = st.time_input("t", "2019-07-06 21:15")`, `w = st.time_input("u", "08:45:03")`, `st.text(v + " " + w)`),
			`21:15 08:45`, nil},
		{"experimental_fragment", nil,
			lines(`def f():`, `    st.text("in")`, `f = st.experimental_fragment(f)`, `f()`),
			`in`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, tt.src, nil, host.Limits{})
			s.Query = tt.query
			res := s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.text {
				t.Errorf("page wrote %v\nwant       %s", got, tt.text)
			}
			if !reflect.DeepEqual(res.Query, tt.want) {
				t.Errorf("Result.Query = %#v, want %#v", res.Query, tt.want)
			}
		})
	}
	s := session(t, `st.experimental_set_query_params("a")`, nil, host.Limits{})
	if res := s.Run(); res.Err == nil || res.Err.Message != "st.experimental_set_query_params: takes keyword arguments only (key=value), got 1 positional" {
		t.Errorf("positional argument: got %v", res.Err)
	}
}

// TestExperimentalAudioInput: Streamlit's deprecated spelling is the same
// widget as st.audio_input.
func TestExperimentalAudioInput(t *testing.T) {
	res := runPage(t, `v = st.experimental_audio_input("Say something")
st.write(v == None)
`)
	mustComplete(t, res)
	if n := len(res.Find("audio_input")); n != 1 {
		t.Errorf("%d audio_input elements, want 1", n)
	}
}
