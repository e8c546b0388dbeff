package starlib_test

// Tests of the chat elements: chat_message's container and avatars,
// chat_input's value seen once, and write_stream with each shape of
// stream.

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

func TestChatMessage(t *testing.T) {
	res := runPage(t, lines(
		`m = st.chat_message("user")`,
		`m.write("Hello")`,
		`st.chat_message("assistant").markdown("Hi **there**")`,
		`st.chat_message("ai")`,
		`st.chat_message("bob")`,
		`st.chat_message("user", avatar="🦖")`,
		`st.chat_message("x", avatar="https://example.com/a.png")`,
	))
	mustComplete(t, res)
	got := asJSON(t, res.Elements())
	sameJSON(t, got, `[
		{"kind":"chat_message","path":"main.0","name":"user","role":"user","avatar":":material/face:","avatar_type":"icon","children":[
			{"kind":"markdown","path":"main.0.0","body":"Hello"}]},
		{"kind":"chat_message","path":"main.1","name":"assistant","role":"assistant","avatar":":material/smart_toy:","avatar_type":"icon","children":[
			{"kind":"markdown","path":"main.1.0","body":"Hi **there**"}]},
		{"kind":"chat_message","path":"main.2","name":"ai","role":"assistant","avatar":":material/smart_toy:","avatar_type":"icon","children":[]},
		{"kind":"chat_message","path":"main.3","name":"bob","avatar":"B","avatar_type":"letter","children":[]},
		{"kind":"chat_message","path":"main.4","name":"user","role":"user","avatar":"🦖","avatar_type":"icon","children":[]},
		{"kind":"chat_message","path":"main.5","name":"x","avatar":"https://example.com/a.png","avatar_type":"image","children":[]}]`)

	for src, want := range map[string]string{
		`st.chat_message("")`:                     `st.chat_message: for parameter name: the name is empty`,
		`st.chat_message("u", avatar="smile")`:    `st.chat_message: for parameter avatar: "smile" is not an emoji`,
		`st.chat_message("u", avatar=b"\x89PNG")`: `st.chat_message: for parameter avatar: got bytes, want an emoji, ":material/name:", an http(s) URL or None`,
	} {
		mustFailWith(t, runPage(t, src), want)
	}
}

// chat_input's value is the submitted text in the one run after the
// submit, None in the others; on_submit runs first; in the main area it
// is pinned, in a container not.
func TestChatInputOnce(t *testing.T) {
	s := session(t, lines(
		`def submitted():`,
		`    st.session_state["n"] = st.session_state.get("n", 0) + 1`,
		`p = st.chat_input("Say something", key="chat", max_chars=20, on_submit=submitted)`,
		`st.text("prompt: %s, state: %s, submits: %d" % (p, st.session_state["chat"], st.session_state.get("n", 0)))`,
		`st.container().chat_input("inline")`,
	), nil, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	sameJSON(t, props(res.Find("chat_input")[0]), `{"kind":"chat_input","path":"main.0","key":"chat","placeholder":"Say something","disabled":false,"max_chars":20,"accept_file":false,"pinned":true}`)
	if p := props(res.Find("chat_input")[1]); p["pinned"] != nil {
		t.Errorf("a chat_input in a container is pinned: %v", p)
	}
	if got := texts(t, res); got[0] != "prompt: None, state: None, submits: 0" {
		t.Errorf("before a submit: %q", got[0])
	}
	if err := s.SetWire("chat", starlark.String("hello")); err != nil {
		t.Fatal(err)
	}
	res = s.Run()
	mustComplete(t, res)
	if got := texts(t, res); got[0] != "prompt: hello, state: hello, submits: 1" {
		t.Errorf("the run after a submit: %q", got[0])
	}
	res = s.Run()
	mustComplete(t, res)
	if got := texts(t, res); got[0] != "prompt: None, state: None, submits: 1" {
		t.Errorf("the next run: %q, want the text once", got[0])
	}
	err := s.SetWire("chat", starlark.String(strings.Repeat("x", 21)))
	if err == nil || !strings.Contains(err.Error(), "21 characters, more than max_chars 20") {
		t.Errorf("a message over max_chars: %v", err)
	}

	mustFailWith(t, runPage(t, `st.form("f").chat_input()`), `a chat_input cannot be in a form ("f")`)
	mustFailWith(t, runPage(t, `st.chat_input(accept_file="yes")`), `for parameter accept_file: got "yes", want True, False or "multiple"`)
}

func TestChatInputFiles(t *testing.T) {
	s := session(t, lines(
		`v = st.chat_input(key="c", accept_file="multiple")`,
		`if v:`,
		`    st.text(v["text"] + " " + ",".join([f["name"] + ":" + str(f["data"]) for f in v["files"]]))`,
	), nil, host.Limits{UploadBytes: 10})
	mustComplete(t, s.Run())
	if err := s.SetWidget("c", val(t, `{"text": "look", "files": [`+file("a.txt", "text/plain", "12")+`]}`)); err != nil {
		t.Fatal(err)
	}
	res := s.Run()
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || got[0] != `look a.txt:12` {
		t.Errorf("texts %q", got)
	}
	if p := props(only(t, res, "chat_input")); p["accept_file"] != "multiple" || fmt.Sprint(p["max_bytes"]) != "10" {
		t.Errorf("props %v", p)
	}
	err := s.SetWidget("c", val(t, `{"text": "x", "files": [`+file("big.txt", "text/plain", "12345678901")+`]}`))
	if err == nil || !strings.Contains(err.Error(), "more than the upload limit of 10 bytes") {
		t.Errorf("a file over the limit: %v", err)
	}
}

// write_stream shows the stream in one element and returns its text, for
// each shape of stream.
func TestWriteStream(t *testing.T) {
	for name, src := range map[string]string{
		"list":  `out = st.write_stream(["Hel", "lo", " world"])`,
		"tuple": `out = st.write_stream(("Hel", "lo", " world"))`,
		"function returning a list": lines(
			`def f():`,
			`    return ["Hel", "lo", " world"]`,
			`out = st.write_stream(f)`),
		"chunk function": lines(
			`words = ["Hel", "lo", " world"]`,
			`pos = [0]`,
			`def next_chunk():`,
			`    if pos[0] == len(words):`,
			`        return None`,
			`    pos[0] += 1`,
			`    sleep(0.001)`,
			`    return words[pos[0] - 1]`,
			`out = st.write_stream(next_chunk)`),
		"function returning a tuple": `out = st.write_stream(lambda: ("Hel", "lo", " world"))`,
	} {
		t.Run(name, func(t *testing.T) {
			res := runPage(t, lines(src, `st.text(out)`))
			mustComplete(t, res)
			sameJSON(t, asJSON(t, res.Elements()), `[{"kind":"markdown","path":"main.0","body":"Hello world"},{"kind":"text","path":"main.1","body":"Hello world"}]`)
		})
	}
	for src, want := range map[string]string{
		`st.write_stream("text")`:               `st.write_stream: for parameter stream: got a string`,
		`st.write_stream(["a", 1])`:             `st.write_stream: chunk 2 of the stream is int, want a string`,
		`st.write_stream({"a": 1})`:             `st.write_stream: for parameter stream: got dict`,
		`st.write_stream(lambda: 1 // 0)`:       `floored division by zero`,
		`st.write_stream(lambda: ["a", ["b"]])`: `chunk 2 of the stream is list`,
	} {
		t.Run(want, func(t *testing.T) {
			res := runPage(t, src)
			mustFailWith(t, res, want)
		})
	}
}

// write_stream's element grows in place while the run goes on: each chunk
// that arrives after a pause replaces it at the same path.
func TestWriteStreamGrows(t *testing.T) {
	app := appOf(t, lines(
		`words = ["one ", "two ", "three ", "four ", "five"]`,
		`pos = [0]`,
		`def next_chunk():`,
		`    if pos[0] == len(words):`,
		`        return None`,
		`    sleep(0.05)`,
		`    pos[0] += 1`,
		`    return words[pos[0] - 1]`,
		`st.write_stream(next_chunk)`,
	), nil, nil)
	var mu sync.Mutex
	var seen []string
	run := app.Start(host.RunOptions{Page: "page.star", OnChange: func(ch host.Change) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, ch.Element.Path+" "+ch.Element.Prop("body").(string))
	}})
	if res := run.Wait(); res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 4 || seen[len(seen)-1] != "main.0 one two three four five" {
		t.Fatalf("changes %q: want the element at main.0 replaced as the chunks came", seen)
	}
	for _, s := range seen {
		if !strings.HasPrefix(s, "main.0 ") {
			t.Errorf("change %q is not at main.0", s)
		}
	}
}

// The demo Chat page: a message sent gets the echo model's answer, and the
// conversation is kept across runs.
func TestChatPage(t *testing.T) {
	if testing.Short() {
		t.Skip("the echo model sleeps between words")
	}
	s, err := harness.New("../pages/9_Chat.star", host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res := s.Run()
	mustComplete(t, res)
	in := only(t, res, "chat_input")
	if err := s.SetWire(in.ID, starlark.String("hi there")); err != nil {
		t.Fatal(err)
	}
	mustComplete(t, s.Run())
	res = s.Run() // the conversation is drawn from the state
	mustComplete(t, res)
	var said []string
	for _, m := range res.Find("chat_message") {
		for _, k := range m.Children {
			said = append(said, m.Prop("name").(string)+": "+k.Prop("body").(string))
		}
	}
	want := "assistant: Hello! Ask me anything and I will say it back, slowly.|user: hi there|assistant: You said: hi there"
	if got := strings.Join(said, "|"); got != want {
		t.Errorf("conversation %q\nwant %q", got, want)
	}
}

// A submit taken by a run that is cancelled before it reaches the
// chat_input is returned by the next run: a message is seen once, not lost.
func TestChatInputSurvivesCancelledRun(t *testing.T) {
	app := appOf(t, lines(
		`st.text("start")`,
		`if st.session_state["slow"]:`,
		`    sleep(30)`,
		`p = st.chat_input(key="c")`,
		`st.text("prompt: %s" % p)`,
	), nil, nil)
	state := host.NewState()
	run := func(slow bool, onChange func(host.Change)) *host.Run {
		state.Set("slow", starlark.Bool(slow))
		return app.Start(host.RunOptions{Page: "page.star", State: state, OnChange: onChange})
	}
	if res := run(false, nil).Wait(); res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	if err := state.SetWire("c", starlark.String("hi")); err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{}, 1)
	r := run(true, func(host.Change) {
		select {
		case started <- struct{}{}:
		default:
		}
	})
	<-started
	r.Cancel(host.Superseded)
	if res := r.Wait(); res.Status != host.Cancelled {
		t.Fatalf("status %s, want cancelled", res.Status)
	}
	res := run(false, nil).Wait()
	if res.Status != host.Completed {
		t.Fatalf("status %s: %v", res.Status, res.Err)
	}
	var got []string
	for _, e := range res.Tree.Snapshot()[0].Children {
		if e.Kind == "text" {
			got = append(got, e.Prop("body").(string))
		}
	}
	if strings.Join(got, "|") != "start|prompt: hi" {
		t.Errorf("texts %q, want the message the cancelled run took", got)
	}
}
