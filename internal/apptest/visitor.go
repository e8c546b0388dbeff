package apptest

// This file defines the fixtures of who visits the app and what they send:
// secrets= (the app's [secrets]), user= and context= (st.user and
// st.context, whom the session is shown to), and the files a test uploads
// to a file_uploader, camera_input, audio_input or chat_input, through the
// session's upload store as a browser's uploads go.

import (
	"fmt"
	"mime"
	"path"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// parseSecrets reads secrets={"NAME": value, "section": {...}}: the app's
// secrets, in place of stark.toml's [secrets].
func parseSecrets(d *starlark.Dict) (map[string]any, error) {
	out := map[string]any{}
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, fmt.Errorf("a key is a secret's name (a string), got %s", kv[0].Type())
		}
		switch kv[1].(type) {
		case starlark.String, starlark.Int, starlark.Float, starlark.Bool, *starlark.Dict:
		default:
			return nil, fmt.Errorf("%q: a secret is a string, a number, a bool or a dict (a section), got %s", k, kv[1].Type())
		}
		out[k] = host.ToJSON(kv[1])
	}
	return out, nil
}

// stringsOf reads a dict of strings (headers, cookies, claims' keys).
func stringsOf(what string, v starlark.Value) (map[string]string, error) {
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("%s: want a dict of strings, got %s", what, v.Type())
	}
	out := map[string]string{}
	for _, kv := range d.Items() {
		k, ok1 := starlark.AsString(kv[0])
		s, ok2 := starlark.AsString(kv[1])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: want a dict of strings, got %s: %s", what, kv[0], kv[1].Type())
		}
		out[k] = s
	}
	return out, nil
}

// parseUser reads user={"name", "email", "provider", "claims"}: who signed
// in, as st.user reads it.
func parseUser(d *starlark.Dict) (*host.User, error) {
	u := &host.User{}
	for _, kv := range d.Items() {
		k, _ := starlark.AsString(kv[0])
		switch k {
		case "name", "email", "provider":
			s, ok := starlark.AsString(kv[1])
			if !ok {
				return nil, fmt.Errorf("%s: want a string, got %s", k, kv[1].Type())
			}
			switch k {
			case "name":
				u.Name = s
			case "email":
				u.Email = s
			default:
				u.Provider = s
			}
		case "claims":
			c, ok := kv[1].(*starlark.Dict)
			if !ok {
				return nil, fmt.Errorf("claims: want a dict, got %s", kv[1].Type())
			}
			m, _ := host.ToJSON(c).(map[string]any)
			u.Claims = m
		default:
			return nil, fmt.Errorf("unknown key %s: want name, email, provider or claims", kv[0])
		}
	}
	if u.Name == "" && u.Email == "" {
		return nil, fmt.Errorf("a user has a name or an email")
	}
	return u, nil
}

// contextKeys are the keys of context=, what st.context reads.
var contextKeys = []string{"cookies", "headers", "ip_address", "locale", "theme", "timezone", "timezone_offset", "url"}

// parseContext reads context={...}: the browser and request the session
// is shown to, as st.context reads them.
func parseContext(d *starlark.Dict, v *host.Visitor) error {
	for _, kv := range d.Items() {
		k, _ := starlark.AsString(kv[0])
		str := func() (string, error) {
			s, ok := starlark.AsString(kv[1])
			if !ok {
				return "", fmt.Errorf("%s: want a string, got %s", k, kv[1].Type())
			}
			return s, nil
		}
		var err error
		switch k {
		case "headers":
			var h map[string]string
			if h, err = stringsOf(k, kv[1]); err == nil {
				v.Headers = map[string][]string{}
				for name, val := range h {
					v.Headers[canonicalHeader(name)] = []string{val}
				}
			}
		case "cookies":
			v.Cookies, err = stringsOf(k, kv[1])
		case "ip_address":
			v.IPAddress, err = str()
		case "url":
			v.URL, err = str()
		case "locale":
			v.Locale, err = str()
		case "timezone":
			v.Timezone, err = str()
		case "theme":
			if v.Theme, err = str(); err == nil && v.Theme != "light" && v.Theme != "dark" {
				err = fmt.Errorf("theme: want \"light\" or \"dark\", got %q", v.Theme)
			}
		case "timezone_offset":
			n, e := starlark.AsInt32(kv[1])
			if e != nil {
				err = fmt.Errorf("timezone_offset: want minutes (an int), got %s", kv[1].Type())
			}
			v.TimezoneOffset = &n
		default:
			err = fmt.Errorf("unknown key %s: want one of %s", kv[0], strings.Join(contextKeys, ", "))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// canonicalHeader is a header's canonical name (x-forwarded-for:
// X-Forwarded-For), as a request's headers are keyed.
func canonicalHeader(name string) string {
	parts := strings.Split(strings.ToLower(name), "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// uploadFile is one file a test uploads.
type uploadFile struct{ name, mime, data string }

// fileOf reads a file given as (name, data) or (name, data, type) or as a
// dict of name, data and type; data is bytes or a string. A missing type
// comes from the name's extension.
func fileOf(v starlark.Value) (uploadFile, error) {
	var f uploadFile
	var data, typ starlark.Value = nil, starlark.None
	switch x := v.(type) {
	case starlark.Tuple:
		if err := starlark.UnpackPositionalArgs("file", x, nil, 2, &f.name, &data, &typ); err != nil {
			return f, fmt.Errorf("a file is (name, data) or (name, data, type): %v", err)
		}
	case *starlark.Dict:
		if err := starlark.UnpackArgs("file", nil, dictKwargs(x), "name", &f.name, "data", &data, "type?", &typ); err != nil {
			return f, fmt.Errorf("a file is a dict of name, data and type: %v", err)
		}
	default:
		return f, fmt.Errorf("a file is (name, data[, type]) or a dict of name, data and type, got %s", v.Type())
	}
	return f, f.fill(data, typ)
}

func dictKwargs(d *starlark.Dict) []starlark.Tuple {
	var out []starlark.Tuple
	for _, kv := range d.Items() {
		out = append(out, starlark.Tuple{kv[0], kv[1]})
	}
	return out
}

func (f *uploadFile) fill(data, typ starlark.Value) error {
	switch d := data.(type) {
	case starlark.Bytes:
		f.data = string(d)
	case starlark.String:
		f.data = string(d)
	default:
		return fmt.Errorf("%s: data: want bytes or a string, got %s", f.name, data.Type())
	}
	if typ != starlark.None {
		s, ok := starlark.AsString(typ)
		if !ok {
			return fmt.Errorf("%s: type: want a MIME type (a string), got %s", f.name, typ.Type())
		}
		f.mime = s
	}
	if f.mime == "" {
		f.mime = mime.TypeByExtension(path.Ext(f.name))
		if i := strings.IndexByte(f.mime, ';'); i >= 0 {
			f.mime = f.mime[:i]
		}
	}
	if f.mime == "" {
		f.mime = "application/octet-stream"
	}
	return nil
}

// tokens stores files in the session's upload store for widget id and
// returns their tokens, as a browser's uploads do.
func (e *Element) tokens(files []uploadFile) (*starlark.List, error) {
	var toks []starlark.Value
	for _, f := range files {
		tok, err := e.app.s.Upload(e.el.ID, f.name, f.mime, f.data)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.name, err)
		}
		toks = append(toks, starlark.String(tok))
	}
	return starlark.NewList(toks), nil
}

// uploadMethod is widget.upload(name, data, type=None), or
// widget.upload(files) with a list of (name, data[, type]): the files a
// file_uploader, camera_input or audio_input sends at the next run, stored
// in the session's upload store under the app's upload limits. A
// file_uploader with accept_multiple_files takes several; upload() with no
// file clears the widget.
func uploadMethod(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if e.el.Kind != "file_uploader" && e.el.Kind != "camera_input" && e.el.Kind != "audio_input" {
		return nil, fmt.Errorf("%s: %s takes no files (file_uploader, camera_input and audio_input do; a chat_input's files go with submit(text, files=[...]))", b.Name(), e)
	}
	var files []uploadFile
	if len(args) == 1 && len(kwargs) == 0 {
		l, ok := args[0].(*starlark.List)
		if !ok {
			return nil, fmt.Errorf("%s: give a file's name and data, or a list of (name, data[, type])", b.Name())
		}
		for i := 0; i < l.Len(); i++ {
			f, err := fileOf(l.Index(i))
			if err != nil {
				return nil, fmt.Errorf("%s: %v", b.Name(), err)
			}
			files = append(files, f)
		}
	} else if len(args)+len(kwargs) > 0 {
		var f uploadFile
		var data, typ starlark.Value = nil, starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &f.name, "data", &data, "type?", &typ); err != nil {
			return nil, err
		}
		if err := f.fill(data, typ); err != nil {
			return nil, fmt.Errorf("%s: %v", b.Name(), err)
		}
		files = append(files, f)
	}
	if e.el.Kind != "file_uploader" && len(files) > 1 {
		return nil, fmt.Errorf("%s: a %s takes one file, got %d", b.Name(), e.el.Kind, len(files))
	}
	toks, err := e.tokens(files)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	if err := e.app.s.SetUploaded(e.el.ID, toks); err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	return e, nil
}

// submitMethod is widget.submit(text, files=None): a chat input's message,
// with files (a list of (name, data[, type])) for one that accepts them.
func submitMethod(e *Element, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text starlark.Value
	var files *starlark.List
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "text", &text, "files?", &files); err != nil {
		return nil, err
	}
	if files == nil {
		return e.set(b.Name(), text)
	}
	if e.el.Kind != "chat_input" {
		return nil, fmt.Errorf("%s: files go with a chat_input's message; a %s is set with set()", b.Name(), e.el.Kind)
	}
	var fs []uploadFile
	for i := 0; i < files.Len(); i++ {
		f, err := fileOf(files.Index(i))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", b.Name(), err)
		}
		fs = append(fs, f)
	}
	toks, err := e.tokens(fs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	msg := starlark.NewDict(2)
	msg.SetKey(starlark.String("text"), text)
	msg.SetKey(starlark.String("files"), toks)
	if err := e.app.s.SetUploaded(e.el.ID, msg); err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	return e, nil
}
