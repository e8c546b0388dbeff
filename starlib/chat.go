package starlib

// This file defines the chat elements: chat_message, a container with an
// avatar; chat_input, the text box pinned to the bottom of the page whose
// submitted text the page sees once; and write_stream, which shows a
// stream's chunks as they arrive and returns the whole text.

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// chatRoles are the names Streamlit gives its own avatars: a person's for
// the user, a robot's for the assistant.
var chatRoles = map[string]string{"user": "user", "human": "user", "assistant": "assistant", "ai": "assistant"}

// chatMessage implements st.chat_message(name, avatar=None): a container
// for one message of a conversation. name "user" and "human" get the
// user's avatar, "assistant" and "ai" the assistant's, any other name its
// first letter; avatar, when given, is an emoji, ":material/name:" or an
// http(s) URL of an image.
func chatMessage(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var avatarV starlark.Value = starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "name", &name, "avatar?", &avatarV); err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, c.errorf("for parameter name: the name is empty; give \"user\", \"assistant\" or a name")
	}
	role := chatRoles[strings.ToLower(name)]
	var avatar, avatarType string
	switch a := avatarV.(type) {
	case starlark.NoneType:
		switch role {
		case "user":
			avatar, avatarType = ":material/face:", "icon"
		case "assistant":
			avatar, avatarType = ":material/smart_toy:", "icon"
		default:
			r, _ := utf8.DecodeRuneInString(strings.TrimSpace(name))
			avatar, avatarType = string(unicode.ToUpper(r)), "letter"
		}
	case starlark.String:
		s := string(a)
		if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
			if len(s) > 2048 || strings.ContainsAny(s, " \"'<>\\\n\r\t") {
				return nil, c.errorf("for parameter avatar: %q is not a URL the browser can load", s)
			}
			avatar, avatarType = s, "image"
			break
		}
		if err := checkIcon(s); err != nil {
			return nil, c.errorf("for parameter avatar: %v; or give an http(s) URL of an image", err)
		}
		avatar, avatarType = s, "icon"
	default:
		return nil, c.errorf("for parameter avatar: got %s, want an emoji, \":material/name:\", an http(s) URL or None", avatarV.Type())
	}
	props := map[string]any{"name": name, "avatar": avatar, "avatar_type": avatarType}
	if role != "" {
		props["role"] = role
	}
	box, err := c.appendBox("chat_message", props)
	if err != nil {
		return nil, err
	}
	return c.sub("chat_message", box), nil
}

// chatInput implements st.chat_input(placeholder="Your message", *,
// key=None, max_chars=None, accept_file=False, disabled=False,
// on_submit=None, args=None, kwargs=None): its value is the text the
// visitor submitted, in the one run that follows the submit, and None in
// every other run. With accept_file=True (one file) or "multiple", the
// value is a dict {"text": ..., "files": [...]}, files as file_uploader's.
// In the page's main area the box is pinned to the bottom of the page;
// inside a container it stays where it is written.
func chatInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "chat_input", bare: true}
	placeholder := "Your message"
	var maxCharsV, acceptV starlark.Value = starlark.None, starlark.False
	s.common.key, s.common.callback = starlark.None, starlark.None
	s.common.cbName = "on_submit"
	if err := host.UnpackArgs(c.name, args, kwargs, "placeholder?", &placeholder, "key?", &s.common.key,
		"max_chars?", &maxCharsV, "accept_file?", &acceptV, "disabled?", &s.common.disabled,
		"on_submit?", &s.common.callback, "args?", &s.common.args, "kwargs?", &s.common.kwargs); err != nil {
		return nil, err
	}
	if c.form != "" {
		return nil, c.errorf("a chat_input cannot be in a form (%q): it submits itself; create it outside the form", c.form)
	}
	maxChars := 0
	if maxCharsV != starlark.None {
		n, err := starlark.AsInt32(maxCharsV)
		if _, isInt := maxCharsV.(starlark.Int); !isInt || err != nil || n < 1 {
			return nil, c.errorf("for parameter max_chars: got %s, want a positive int or None", maxCharsV)
		}
		maxChars = n
	}
	var accept any = false
	switch a := acceptV.(type) {
	case starlark.Bool:
		accept = bool(a)
	case starlark.String:
		if a != "multiple" {
			return nil, c.errorf("for parameter accept_file: got %q, want True, False or \"multiple\"", string(a))
		}
		accept = "multiple"
	default:
		return nil, c.errorf("for parameter accept_file: got %s, want True, False or \"multiple\"", acceptV.Type())
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	checkText := func(v starlark.Value) (starlark.String, error) {
		str, ok := v.(starlark.String)
		if !ok {
			return "", fmt.Errorf("got %s, want the submitted text", v.Type())
		}
		if maxChars > 0 && utf8.RuneCountInString(string(str)) > maxChars {
			return "", fmt.Errorf("%d characters, more than max_chars %d", utf8.RuneCountInString(string(str)), maxChars)
		}
		return str, nil
	}
	s.def = starlark.None
	s.identity = []starlark.Value{starlark.String(placeholder), maxCharsV, acceptV}
	if accept == false {
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return v, nil
			}
			return checkText(v)
		}
	} else {
		u := &uploadCheck{maxBytes: sb.Limits.UploadBytes}
		// The browser sends {"text": ..., "files": [tokens]}; the tokens
		// become files as a file_uploader's do.
		s.files = func(v starlark.Value, upload func(string) (host.Upload, bool)) (starlark.Value, error) {
			d, ok := v.(*starlark.Dict)
			if !ok {
				return v, nil
			}
			toks, _, _ := d.Get(starlark.String("files"))
			if toks == nil {
				return v, nil
			}
			files, err := uploadedFiles(toks, upload)
			if err != nil {
				return nil, err
			}
			out := starlark.NewDict(2)
			text, _, _ := d.Get(starlark.String("text"))
			if text == nil {
				text = starlark.String("")
			}
			out.SetKey(starlark.String("text"), text)
			out.SetKey(starlark.String("files"), files)
			return out, nil
		}
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return v, nil
			}
			d, ok := v.(*starlark.Dict)
			if !ok {
				return nil, fmt.Errorf("got %s, want a dict {\"text\": ..., \"files\": [...]}", v.Type())
			}
			for _, k := range d.Keys() {
				if k != starlark.String("text") && k != starlark.String("files") {
					return nil, fmt.Errorf("a submitted message is a dict with the keys text and files, got the key %s", k)
				}
			}
			text, _, _ := d.Get(starlark.String("text"))
			if text == nil {
				text = starlark.String("")
			}
			str, err := checkText(text)
			if err != nil {
				return nil, err
			}
			var files []starlark.Value
			if fv, _, _ := d.Get(starlark.String("files")); fv != nil && fv != starlark.None {
				if !isSeq(fv) {
					return nil, fmt.Errorf("files: got %s, want a list of files", fv.Type())
				}
				seq := fv.(starlark.Indexable)
				for i := 0; i < seq.Len(); i++ {
					f, err := u.file(seq.Index(i))
					if err != nil {
						return nil, err
					}
					files = append(files, f)
				}
			}
			if accept == true && len(files) > 1 {
				return nil, fmt.Errorf("got %d files, want one (accept_file=\"multiple\" takes more)", len(files))
			}
			out := starlark.NewDict(2)
			out.SetKey(starlark.String("text"), str)
			out.SetKey(starlark.String("files"), starlark.NewList(files))
			return out, nil
		}
	}
	pinned := c.box.Path() == "main"
	s.props = func(starlark.Value) map[string]any {
		p := map[string]any{"placeholder": placeholder, "disabled": s.common.disabled, "accept_file": accept}
		if maxChars > 0 {
			p["max_chars"] = maxChars
		}
		if accept != false {
			p["max_bytes"] = sb.Limits.UploadBytes
		}
		if pinned {
			p["pinned"] = true
		}
		return p
	}
	s.once = true
	return c.widget(s)
}

// writeStream implements st.write_stream(stream): it shows the stream's
// text chunks as they arrive, in one markdown element that grows in place,
// and returns the whole text. The stream is a list or tuple of strings; an
// iterable that Go produces lazily (http.stream's lines, say); or a
// function called with no arguments, which either returns one of those or
// is a chunk function: it returns the next chunk (a string) each time it
// is called, and None at the end. (Starlark has no generators: a chunk
// function is one, its state in a dict or list it closes over.)
func writeStream(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var stream starlark.Value
	if err := host.UnpackArgs(c.name, args, kwargs, "stream", &stream); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	h, err := c.appendHandle("markdown", map[string]any{"body": ""})
	if err != nil {
		return nil, err
	}
	w := &streamWriter{c: &c, sb: sb, box: h}

	// next returns the stream's next chunk; ok is false at its end.
	var next func() (starlark.Value, bool, error)
	iterate := func(v starlark.Iterable) {
		it := v.Iterate()
		next = func() (starlark.Value, bool, error) {
			var x starlark.Value
			if !it.Next(&x) {
				it.Done()
				if e, ok := v.(interface{ Err() error }); ok && e.Err() != nil {
					return nil, false, e.Err()
				}
				return nil, false, nil
			}
			return x, true, nil
		}
	}
	switch x := stream.(type) {
	case starlark.String:
		return nil, c.errorf("for parameter stream: got a string; give a list of chunks, a function or an iterable (st.write writes one string)")
	case starlark.Callable:
		first, err := starlark.Call(c.thread, x, nil, nil)
		if err != nil {
			return nil, err
		}
		if it, ok := first.(starlark.Iterable); ok {
			if _, isStr := first.(starlark.String); !isStr {
				iterate(it)
				break
			}
		}
		// A chunk function: first is its first chunk.
		pending := first
		next = func() (starlark.Value, bool, error) {
			if pending != nil {
				v := pending
				pending = nil
				return v, v != starlark.None, nil
			}
			v, err := starlark.Call(c.thread, x, nil, nil)
			if err != nil {
				return nil, false, err
			}
			return v, v != starlark.None, nil
		}
	case starlark.Iterable:
		if _, isMap := x.(starlark.Mapping); isMap {
			return nil, c.errorf("for parameter stream: got %s, want a list of chunks, a function or an iterable", stream.Type())
		}
		iterate(x)
	default:
		return nil, c.errorf("for parameter stream: got %s, want a list of chunks, a function or an iterable", stream.Type())
	}
	for {
		v, ok, err := next()
		if err != nil {
			w.flush()
			return nil, err
		}
		if !ok {
			break
		}
		chunk, isStr := v.(starlark.String)
		if !isStr {
			w.flush()
			return nil, c.errorf("chunk %d of the stream is %s, want a string", w.chunks+1, v.Type())
		}
		if err := w.add(string(chunk)); err != nil {
			return nil, err
		}
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	return starlark.String(w.text.String()), nil
}

// streamWriter grows write_stream's element. Each update replaces the
// element with the whole text so far, and each counts toward the run's
// element bytes ([limits] element_bytes): so that a long answer does not
// spend them quadratically, updates are spaced by an interval that grows
// with the text (25 ms for each 4 KiB), which keeps the bytes sent to
// about 160 KiB a second whatever the length, while short answers move
// with every chunk that arrives slower than 25 ms apart.
type streamWriter struct {
	c      *call
	sb     *host.Sandbox
	box    *host.Container
	text   strings.Builder
	chunks int
	shown  int       // the length of the text the element shows
	last   time.Time // the last update
}

const streamSpacing = 25 * time.Millisecond

func (w *streamWriter) add(chunk string) error {
	w.chunks++
	if err := w.sb.Alloc(w.c.name, int64(w.text.Len()+len(chunk))); err != nil {
		return err
	}
	w.text.WriteString(chunk)
	gap := streamSpacing * time.Duration(1+w.text.Len()/4096)
	if time.Since(w.last) < gap {
		return nil
	}
	return w.flush()
}

// flush shows the text so far, if the element does not already.
func (w *streamWriter) flush() error {
	if w.shown == w.text.Len() {
		return nil
	}
	w.shown, w.last = w.text.Len(), time.Now()
	el := &host.Element{Kind: "markdown", Props: map[string]any{"body": w.text.String()}}
	if _, err := w.c.ctx.Append(w.box, el, false, false); err != nil {
		return w.c.errorf("%v", err)
	}
	return nil
}
