package starlib

// This file defines the widgets that move files between the page and the
// browser: download_button, whose data goes to the app's media store, and
// file_uploader, whose value is the files the browser sent.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// downloadButton implements st.download_button(label, data,
// file_name=None, mime=None, type="secondary"): a button that downloads
// data (a string or bytes). The data goes to the app's media store, where
// the browser fetches it by the URL in the element; the button is True in
// the run that follows a click.
func downloadButton(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "download_button", trigger: true, def: starlark.False}
	var data starlark.Value
	var fileName, mime starlark.Value = starlark.None, starlark.None
	typ := "secondary"
	var iconV starlark.Value = starlark.None
	pairs := s.common.pairs("on_click", "label", &s.label, "data", &data, "file_name?", &fileName, "mime?", &mime)
	size := newSizing()
	pairs = append(append(pairs, "type?", &typ, "icon?", &iconV), size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	if typ != "primary" && typ != "secondary" {
		return nil, c.errorf("for parameter type: got %q, want \"primary\" or \"secondary\"", typ)
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	var raw string
	name, kind := "download.txt", "text/plain"
	switch x := data.(type) {
	case starlark.String:
		raw = string(x)
	case starlark.Bytes:
		raw = string(x)
		name, kind = "download.bin", "application/octet-stream"
	default:
		return nil, c.errorf("for parameter data: got %s, want string or bytes", data.Type())
	}
	if fileName != starlark.None {
		f, ok := fileName.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter file_name: got %s, want string or None", fileName.Type())
		}
		if f == "" || strings.ContainsAny(string(f), `/\`) {
			return nil, c.errorf("for parameter file_name: %q is not a file name", string(f))
		}
		name = string(f)
	}
	if mime != starlark.None {
		m, ok := mime.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter mime: got %s, want string or None", mime.Type())
		}
		kind = string(m)
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	media := sb.App.Media
	if int64(len(raw)) > media.Max() {
		return nil, c.errorf("data of %d bytes is larger than the media store of %d bytes (raise [limits] media_bytes in stark.toml)", len(raw), media.Max())
	}
	hash := media.Put([]byte(raw), kind, name)
	s.identity = []starlark.Value{fileName, mime, starlark.String(typ)}
	s.props = func(starlark.Value) map[string]any {
		return withWidth(withIcon(map[string]any{"type": typ, "file_name": name, "mime": kind, "media": hash}, icon), width)
	}
	return c.widget(s)
}

// fileKeys are the keys of a file value, in order.
var fileKeys = []string{"name", "type", "size", "data"}

// uploadCheck checks file values for a file_uploader.
type uploadCheck struct {
	accept   []string // extensions with their dot, lower case; nil for any
	maxBytes int64
}

// oneFile checks the value of an uploader that takes one file: None, the
// file, or the list of none or one file that uploads arrive as (for every
// uploader); more ends the message for a list of several.
func (u *uploadCheck) oneFile(v starlark.Value, more string) (starlark.Value, error) {
	if v == starlark.None {
		return v, nil
	}
	if l, ok := v.(*starlark.List); ok {
		switch l.Len() {
		case 0:
			return starlark.None, nil
		case 1:
			return u.file(l.Index(0))
		}
		return nil, fmt.Errorf("got %d files, want one%s", l.Len(), more)
	}
	return u.file(v)
}

// file checks one file value and returns a new dict of it.
func (u *uploadCheck) file(v starlark.Value) (*starlark.Dict, error) {
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("got %s, want a file: a dict with the keys name, type, size and data", v.Type())
	}
	for _, k := range d.Keys() {
		ks, ok := k.(starlark.String)
		if !ok || indexOfString(fileKeys, string(ks)) < 0 {
			return nil, fmt.Errorf("a file is a dict with the keys name, type, size and data, got the key %s", k)
		}
	}
	for _, k := range fileKeys {
		if _, found, _ := d.Get(starlark.String(k)); !found {
			return nil, fmt.Errorf("a file is a dict with the keys name, type, size and data, the key %q is missing", k)
		}
	}
	get := func(k string) starlark.Value {
		x, _, _ := d.Get(starlark.String(k))
		return x
	}
	name, ok := get("name").(starlark.String)
	if !ok {
		return nil, fmt.Errorf("a file's name is a string, got %s", get("name").Type())
	}
	if _, ok := get("type").(starlark.String); !ok {
		return nil, fmt.Errorf("file %q: its type is a string, got %s", string(name), get("type").Type())
	}
	data, ok := get("data").(starlark.Bytes)
	if !ok {
		return nil, fmt.Errorf("file %q: its data is bytes, got %s", string(name), get("data").Type())
	}
	sizeV, ok := get("size").(starlark.Int)
	size, exact := int64(0), false
	if ok {
		size, exact = sizeV.Int64()
	}
	if !ok || !exact {
		return nil, fmt.Errorf("file %q: its size is an int, got %s", string(name), get("size").Type())
	}
	if size != int64(len(data)) {
		return nil, fmt.Errorf("file %q: size %d does not match its %d bytes of data", string(name), size, len(data))
	}
	if size > u.maxBytes {
		return nil, fmt.Errorf("file %q is %d bytes, more than the upload limit of %d bytes", string(name), size, u.maxBytes)
	}
	if u.accept != nil {
		lower := strings.ToLower(string(name))
		ok := false
		for _, ext := range u.accept {
			if strings.HasSuffix(lower, ext) {
				ok = true
			}
		}
		if !ok {
			return nil, fmt.Errorf("file %q is not of an accepted type (%s)", string(name), strings.Join(u.accept, ", "))
		}
	}
	out := starlark.NewDict(len(fileKeys))
	for _, k := range fileKeys {
		out.SetKey(starlark.String(k), get(k))
	}
	return out, nil
}

func indexOfString(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// uploadedFiles turns the value a browser sends for a file_uploader, the
// tokens of the files it uploaded, into files as the page sees them: a list
// of dicts {name, type, size, data}.
func uploadedFiles(v starlark.Value, upload func(token string) (host.Upload, bool)) (starlark.Value, error) {
	l, ok := v.(*starlark.List)
	if !ok {
		if v == starlark.None {
			return starlark.NewList(nil), nil
		}
		return nil, fmt.Errorf("got %s, want a list of upload tokens", v.Type())
	}
	files := make([]starlark.Value, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		tok, ok := starlark.AsString(l.Index(i))
		up, found := upload(tok)
		if !ok || !found {
			return nil, fmt.Errorf("unknown upload token %s", l.Index(i))
		}
		d := starlark.NewDict(len(fileKeys))
		d.SetKey(starlark.String("name"), starlark.String(up.Name))
		d.SetKey(starlark.String("type"), starlark.String(up.Type))
		d.SetKey(starlark.String("size"), starlark.MakeInt(len(up.Data)))
		d.SetKey(starlark.String("data"), starlark.Bytes(up.Data))
		files = append(files, d)
	}
	return starlark.NewList(files), nil
}

// fileInfo is a file's entry in the element's files property.
func fileInfo(v starlark.Value) any {
	d := v.(*starlark.Dict)
	name, _, _ := d.Get(starlark.String("name"))
	typ, _, _ := d.Get(starlark.String("type"))
	size, _, _ := d.Get(starlark.String("size"))
	n, _ := size.(starlark.Int).Int64()
	return map[string]any{"name": string(name.(starlark.String)), "type": string(typ.(starlark.String)), "size": n}
}

// fileUploader implements st.file_uploader(label, type=None,
// accept_multiple_files=False): its value is None (or [] for several
// files) until the browser uploads; a file is a dict {"name", "type",
// "size", "data"} with data as bytes.
func fileUploader(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "file_uploader", files: uploadedFiles}
	var types starlark.Value = starlark.None
	multiple := false
	pairs := s.common.pairs("on_change", "label", &s.label, "type?", &types, "accept_multiple_files?", &multiple)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	u := &uploadCheck{maxBytes: sb.Limits.UploadBytes}
	var exts []starlark.Value
	switch x := types.(type) {
	case starlark.NoneType:
	case starlark.String:
		exts = []starlark.Value{x}
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		for i := 0; i < seq.Len(); i++ {
			exts = append(exts, seq.Index(i))
		}
		if len(exts) == 0 {
			return nil, c.errorf("for parameter type: the list is empty; use None to accept every type")
		}
	default:
		return nil, c.errorf("for parameter type: got %s, want a string, a list of strings or None", types.Type())
	}
	for _, e := range exts {
		str, ok := e.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter type: got %s in the list, want string", e.Type())
		}
		ext := strings.ToLower(strings.TrimSpace(string(str)))
		if strings.Trim(ext, ".") == "" || strings.ContainsAny(ext, `/\ `) {
			return nil, c.errorf("for parameter type: %q is not a file extension", string(str))
		}
		if !strings.HasPrefix(ext, ".") {
			ext = "." + ext
		}
		if indexOfString(u.accept, ext) < 0 {
			u.accept = append(u.accept, ext)
		}
	}
	sort.Strings(u.accept)
	var accept any
	if u.accept != nil {
		accept = u.accept
	}
	if multiple {
		s.def = starlark.NewList(nil)
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			if v == starlark.None {
				return starlark.NewList(nil), nil
			}
			if !isSeq(v) {
				return nil, fmt.Errorf("got %s, want a list of files", v.Type())
			}
			seq := v.(starlark.Indexable)
			out := make([]starlark.Value, seq.Len())
			for i := range out {
				f, err := u.file(seq.Index(i))
				if err != nil {
					return nil, err
				}
				out[i] = f
			}
			return starlark.NewList(out), nil
		}
	} else {
		s.def = starlark.None
		s.coerce = func(v starlark.Value) (starlark.Value, error) {
			return u.oneFile(v, " (set accept_multiple_files=True for more)")
		}
	}
	s.props = func(v starlark.Value) map[string]any {
		files := []any{}
		switch x := v.(type) {
		case *starlark.Dict:
			files = append(files, fileInfo(x))
		case *starlark.List:
			for i := 0; i < x.Len(); i++ {
				files = append(files, fileInfo(x.Index(i)))
			}
		}
		return map[string]any{"accept": accept, "multiple": multiple, "max_bytes": u.maxBytes, "files": files}
	}
	s.identity = []starlark.Value{types, starlark.Bool(multiple)}
	return c.widget(s)
}
