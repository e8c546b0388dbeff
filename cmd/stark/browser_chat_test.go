package main

// A browser test of the chat elements: a message typed in st.chat_input and
// sent with Enter gets an answer that a model streams by server-sent
// events (an httptest server of the test's, allowed in the app's [http]
// allow) and that st.write_stream shows growing, step by step.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserChatStreams: the server sends the answer's chunks one at a
// time, each only once the page shows the one before; the page's answer
// is read after each, so its growth is seen at every step.
func TestBrowserChatStreams(t *testing.T) {
	chunks := []string{"You ", "asked ", "about ", "streams, ", "and ", "here ", "they ", "are."}
	next := make(chan struct{})
	prompts := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Prompt string }
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &req)
		prompts <- req.Prompt
		w.Header().Set("Content-Type", "text/event-stream")
		for _, c := range chunks {
			d, _ := json.Marshal(map[string]string{"delta": c})
			fmt.Fprintf(w, "data: %s\n\n", d)
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-r.Context().Done():
				return
			case <-time.After(time.Minute):
				return
			}
		}
		io.WriteString(w, "data: [DONE]\n\n")
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)

	dir := newAppDir(t, map[string]string{
		"stark.toml": fmt.Sprintf("[http]\nallow = [%q]\n", u.Host),
		"chat.star": `
prompt = st.chat_input("Ask the model")
if prompt:
    st.chat_message("user").write(prompt)
    events = http.stream("` + srv.URL + `/chat", method="POST", json={"prompt": prompt}, timeout=60).events()
    def chunk():
        e = events.next()
        if e == None or e["data"] == "[DONE]":
            return None
        return json.decode(e["data"])["delta"]
    answer = st.chat_message("assistant").write_stream(chunk)
    st.markdown("done: " + answer)
else:
    st.markdown("ready")
`,
	})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("markdown", "ready")

	// The box is pinned: the last of the main area, sticky at the bottom.
	box := `document.querySelector('[data-testid="stark-chat_input"]')`
	if got := eval[string](p, `getComputedStyle(`+box+`).position`); got != "sticky" {
		p.fatalf("the chat input's position is %q, want sticky (pinned to the bottom)", got)
	}
	p.do("typing a message and pressing Enter", chromedp.SendKeys(`[data-testid="stark-chat_input"] textarea`, "streams?"+kb.Enter))
	select {
	case got := <-prompts:
		if got != "streams?" {
			p.fatalf("the model got the prompt %q, want streams?", got)
		}
	case <-time.After(browserWaitTimeout):
		p.fatalf("the model got no request")
	}
	if got := eval[string](p, box+`.querySelector('textarea').value`); got != "" {
		p.fatalf("the chat input still holds %q after the submit", got)
	}

	answer := `(() => { const m = document.querySelectorAll('[data-testid="stark-chat_message"]');
	  return m.length < 2 ? '' : m[1].querySelector('.stark-chat-body').innerText.trim(); })()`
	var lengths []int
	for i := range chunks {
		want := strings.TrimSpace(strings.Join(chunks[:i+1], ""))
		p.wait(fmt.Sprintf("the answer to show %q", want), answer+` === `+js(want))
		lengths = append(lengths, len(eval[string](p, answer)))
		next <- struct{}{}
	}
	p.waitShows("markdown", "done: You asked about streams, and here they are.")
	grew := 0
	for i := 1; i < len(lengths); i++ {
		if lengths[i] > lengths[i-1] {
			grew++
		}
	}
	if grew < 3 {
		p.fatalf("the answer's length at each step: %v; want it to grow at least 3 times", lengths)
	}
	// The avatars: the user's and the assistant's.
	if got := eval[string](p, `[...document.querySelectorAll('.stark-chat-avatar')].map(a => a.className).join(',')`); got != "stark-chat-avatar user,stark-chat-avatar assistant" {
		p.fatalf("avatars %q", got)
	}
}
