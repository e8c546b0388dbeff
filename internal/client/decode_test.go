package client

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/session"
)

// benchFrames are frames a server sent to a tab of the Bench page
// (pages/5_Bench.star): the welcome, the page, the first run, and two
// reruns after the slider moved (testdata/bench_frames.jsonl, one JSON
// string per line).
func benchFrames(t testing.TB) [][]byte {
	f, err := os.Open("testdata/bench_frames.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s string
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		out = append(out, []byte(s))
	}
	if len(out) < 5 {
		t.Fatalf("%d recorded frames, want 5", len(out))
	}
	return out
}

// array is a frame of several messages sent together.
func array(msgs ...session.Message) []byte {
	var parts [][]byte
	for _, m := range msgs {
		parts = append(parts, session.Encode(m))
	}
	return append(append([]byte{'['}, bytes.Join(parts, []byte{','})...), ']')
}

// testFrames are the recorded frames and frames made for the cases a
// rerun of the Bench page does not show: failed, stopped and cancelled
// runs, a fragment's run, errors and notices, text that looks like the
// start of a message inside a string, escapes.
func testFrames(t *testing.T) map[string][]byte {
	frames := map[string][]byte{}
	for i, f := range benchFrames(t) {
		frames["recorded "+string(rune('0'+i))] = f
	}
	trap := `{"v":1,"type":"run_end","status":"completed"} and "quotes" \ backslash`
	failed := &session.RunEndMsg{Run: 7, Status: "failed", Counts: map[string]int{"main": 1, "sidebar": 0},
		Error: &host.Error{Message: `name "x" is not defined ` + trap, Kind: "runtime",
			Frames: []host.Frame{{Func: "<toplevel>", File: "page.star", Line: 3, Col: 5}}}}
	frames["failed run, alone"] = session.Encode(failed)
	frames["failed run, in an array"] = array(&session.RunStartMsg{Run: 7, Page: "Bench"},
		&session.DeltaMsg{Run: 7, Elements: []session.Element{{"kind": "markdown", "path": "main.0", "body": trap}}, Counts: map[string]int{"main": 1}},
		failed)
	frames["completed run after a trap"] = array(&session.RunStartMsg{Run: 8, Page: "Bench"},
		&session.DeltaMsg{Run: 8, Elements: []session.Element{{"kind": "markdown", "path": "main.0", "body": trap}}, Counts: map[string]int{"main": 1}},
		&session.RunEndMsg{Run: 8, Status: "completed", Counts: map[string]int{"main": 1}})
	frames["stopped fragment run"] = array(&session.RunStartMsg{Run: 9, Page: "Bench", Scope: "main.2"},
		&session.RunEndMsg{Run: 9, Status: "stopped", Counts: map[string]int{"main.2": 0}, Scope: "main.2"})
	frames["cancelled run"] = session.Encode(&session.RunEndMsg{Run: 10, Status: "cancelled", Counts: map[string]int{}})
	frames["refusal"] = session.Encode(&session.ErrorMsg{Message: `widget "nokey": no such widget ` + trap, Ref: "widget"})
	frames["notice and error together"] = array(&session.NoticeMsg{Message: "the page changed \u00e9 \"x\""},
		&session.ErrorMsg{Message: "this app has reached its limit of 3 sessions", Ref: "hello"})
	return frames
}

// summary is what a load generator reads of a message.
type summary struct {
	Type, Status, RunError, Session, Text string
}

func summarize(m *Message) summary {
	s := summary{Type: m.Type, Status: m.Status(), Text: m.Text()}
	if m.Welcome != nil {
		s.Session = m.Welcome.Session
	}
	if m.RunEnd != nil && m.RunEnd.Error != nil {
		s.RunError = m.RunEnd.Error.Message
	}
	return s
}

// full decodes a frame as the tests' client does: every message, strictly.
func full(t testing.TB, c *Client, frame []byte) []*Message {
	var parts []json.RawMessage
	if frame[0] == '[' {
		if err := json.Unmarshal(frame, &parts); err != nil {
			t.Fatal(err)
		}
	} else {
		parts = []json.RawMessage{frame}
	}
	var out []*Message
	for _, p := range parts {
		m, err := c.decode(p)
		if err != nil {
			t.Fatal(err)
		}
		c.apply(m)
		out = append(out, m)
	}
	return out
}

// TestLightDecodingAgrees: the light decodings (scanLight, of DialLight's
// reader, and the synchronous client's scan, of stark bench) read of every
// message what the full decoding reads: its type, a run's status and a
// failed run's error, a welcome's session, an error's or notice's words.
func TestLightDecodingAgrees(t *testing.T) {
	for name, frame := range testFrames(t) {
		t.Run(name, func(t *testing.T) {
			var want []summary
			for _, m := range full(t, &Client{Elements: map[string]map[string]any{}}, frame) {
				want = append(want, summarize(m))
			}
			var light []summary
			for _, m := range scanLight(frame) {
				light = append(light, summarize(m))
			}
			if !reflect.DeepEqual(light, want) {
				t.Errorf("scanLight:\n got %+v\nwant %+v", light, want)
			}
			// The synchronous client, asked for any message, then for
			// run_end and error only (what stark bench waits for).
			c := &Client{sync: true, frame: frame}
			var sync []summary
			for m := c.scanFrame([]string{""}); m != nil; m = c.scanFrame([]string{""}) {
				sync = append(sync, summarize(m))
			}
			if !reflect.DeepEqual(sync, want) {
				t.Errorf("synchronous scan:\n got %+v\nwant %+v", sync, want)
			}
			c.frame = frame
			var ends, wantEnds []summary
			for m := c.scanFrame([]string{"run_end", "error"}); m != nil; m = c.scanFrame([]string{"run_end", "error"}) {
				ends = append(ends, summarize(m))
			}
			for _, s := range want {
				if s.Type == "run_end" || s.Type == "error" {
					wantEnds = append(wantEnds, s)
				}
			}
			if !reflect.DeepEqual(ends, wantEnds) {
				t.Errorf("synchronous scan for run_end and error:\n got %+v\nwant %+v", ends, wantEnds)
			}
		})
	}
}

// BenchmarkDecodeFrame: the client's cost per frame of a rerun of the
// Bench page (the recorded reruns in turn), decoded fully as the tests'
// client does (and kept as a tab's elements), light as DialLight's reader
// does, and scanned for the run's end as stark bench's synchronous client
// does.
func BenchmarkDecodeFrame(b *testing.B) {
	frames := benchFrames(b)[2:]
	b.Run("full", func(b *testing.B) {
		c := &Client{Elements: map[string]map[string]any{}}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			full(b, c, frames[i%len(frames)])
		}
	})
	b.Run("light", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if len(scanLight(frames[i%len(frames)])) != 3 {
				b.Fatal("want 3 messages")
			}
		}
	})
	b.Run("sync", func(b *testing.B) {
		c := &Client{sync: true}
		types := []string{"run_end", "error"}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c.frame = frames[i%len(frames)]
			if m := c.scanFrame(types); m == nil || m.Status() != "completed" {
				b.Fatal("want a completed run_end")
			}
		}
	})
}
