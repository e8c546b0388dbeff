package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/web"
)

// messages collects every message up to the next run_end, or fails.
func untilRunEnd(t *testing.T, c *client.Client) []*client.Message {
	t.Helper()
	msgs, err := c.Collect("run_end", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func TestFormSubmitIsOneRun(t *testing.T) {
	page := `
runs = st.session_state.get("runs", 0) + 1
st.session_state["runs"] = runs
f = st.form("signup")
name = f.text_input("Name", key="name")
age = f.number_input("Age", min_value=0, max_value=150, value=30, key="age")
color = f.selectbox("Colour", ["red", "green"], key="color")
sent = f.form_submit_button("Send", key="send")
st.markdown("runs=%d sent=%s name=%s age=%d color=%s" % (runs, sent, name, age, color))
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	untilRunEnd(t, c)
	if got := c.Snapshot()["main.0.0"]["form"]; got != "signup" {
		t.Errorf("text_input in the form: form prop %v, want signup", got)
	}
	err := c.SendValue(map[string]any{"v": 1, "type": "form", "form": "signup", "submit": "send",
		"values": map[string]any{"name": "Ada", "age": 36, "color": 1}})
	if err != nil {
		t.Fatal(err)
	}
	untilRunEnd(t, c)
	if got, want := body(c, "main.1"), "runs=2 sent=True name=Ada age=36 color=green"; got != want {
		t.Errorf("after submit: %q, want %q", got, want)
	}
	// A bad value refuses the whole form: nothing is applied, no run.
	c.SendValue(map[string]any{"v": 1, "type": "form", "form": "signup", "submit": "send",
		"values": map[string]any{"name": "Bob", "age": "old"}})
	m, err := c.WaitFor("error", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text(), `"age"`) {
		t.Errorf("error %q, want it to name the widget age", m.Text())
	}
	if _, err := c.Next(300 * time.Millisecond); err == nil {
		t.Error("a refused form started a run")
	}
}

func TestUploadAndDownload(t *testing.T) {
	page := `
f = st.file_uploader("Data", key="up")
if f:
    st.markdown("got %s %s %d %s" % (f["name"], f["type"], f["size"], str(f["data"])))
st.download_button("Get", "a,b\n1,2\n", file_name="x.csv", mime="text/csv", key="dl")
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	untilRunEnd(t, c)

	post := func(session, widget string, body []byte) (*http.Response, string) {
		req, _ := http.NewRequest("POST", ts.URL+"/_stark/upload?session="+session+"&widget="+widget, bytes.NewReader(body))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("X-File-Name", "notes%20one.txt")
		req.Header.Set("Origin", ts.URL)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	resp, b := post(c.Session, "up", []byte("hello"))
	if resp.StatusCode != 200 {
		t.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
	var tok struct{ Token string }
	json.Unmarshal([]byte(b), &tok)
	c.SetWidget("up", []string{tok.Token})
	untilRunEnd(t, c)
	if got, want := body(c, "main.1"), `got notes one.txt text/plain 5 hello`; got != want {
		t.Errorf("after upload: %q, want %q", got, want)
	}
	if resp, b := post("nope", "up", []byte("x")); resp.StatusCode != 404 {
		t.Errorf("upload to an unknown session: %d %s, want 404", resp.StatusCode, b)
	}
	if resp, b := post(c.Session, "dl", []byte("x")); resp.StatusCode != 400 || !strings.Contains(b, "not a file_uploader") {
		t.Errorf("upload to a button: %d %s, want 400", resp.StatusCode, b)
	}

	// The element names its data in the media store; the URL is web's.
	var url string
	for _, e := range c.Snapshot() {
		if e["kind"] == "download_button" {
			if hash, _ := e["media"].(string); hash != "" {
				url = "/_stark/media/" + hash
			}
		}
	}
	if url == "" {
		t.Fatal("the download_button names no media")
	}
	dl, err := http.Get(ts.URL + url)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if string(data) != "a,b\n1,2\n" || dl.Header.Get("Content-Type") != "text/csv" || !strings.Contains(dl.Header.Get("Content-Disposition"), `filename=x.csv`) {
		t.Errorf("download: %q %q %q", data, dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
	}
}

func TestSwitchPageAndQueryParams(t *testing.T) {
	ts := serve(t, map[string]string{
		"1_Home.star":  "st.query_params[\"tab\"] = \"b\"\nif st.button(\"Go\", key=\"go\"):\n    st.switch_page(\"2_Other.star\")\nst.text(\"home\")\n",
		"2_Other.star": "st.text(\"other\")\n",
	}, web.Options{})
	c := dial(t, ts, "", "")
	msgs := untilRunEnd(t, c)
	var page *client.Message
	for _, m := range msgs {
		if m.Type == "page" && strings.Contains(string(m.Raw), `"tab":["b"]`) {
			page = m
		}
	}
	if page == nil {
		t.Errorf("no page message with the written query; got %d messages", len(msgs))
	}
	c.SetWidget("go", true)
	for {
		m, err := c.WaitFor("page", 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if m.Page.Page == "Other" {
			break
		}
	}
	for body(c, "main.0") != "other" {
		untilRunEnd(t, c)
	}
}
