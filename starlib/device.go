package starlib

// This file defines the widgets that take a file from the visitor's device:
// camera_input (a photo, JPEG) and audio_input (a recording, WAV). The
// browser captures it and uploads it as file_uploader's files are (POST
// /_stark/upload, bounded by [limits] upload_bytes); the widget's value is
// the file, a dict {name, type, size, data}, or None.

import (
	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// deviceInput implements st.camera_input(label, key=None, help=None,
// on_change=None, args=None, kwargs=None, disabled=False,
// label_visibility="visible") and st.audio_input with the same parameters.
func deviceInput(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	kind := kindOf(c.name)
	if kind == "experimental_audio_input" {
		kind = "audio_input" // Streamlit's deprecated spelling (deprecated.go)
	}
	s := &spec{kind: kind, files: uploadedFiles}
	if err := host.UnpackArgs(c.name, args, kwargs, s.common.pairs("on_change", "label", &s.label)...); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	u := &uploadCheck{maxBytes: sb.Limits.UploadBytes}
	s.def = starlark.None
	s.coerce = func(v starlark.Value) (starlark.Value, error) { return u.oneFile(v, "") }
	s.props = func(v starlark.Value) map[string]any {
		files := []any{}
		if d, ok := v.(*starlark.Dict); ok {
			files = append(files, fileInfo(d))
		}
		return map[string]any{"max_bytes": u.maxBytes, "files": files}
	}
	return c.widget(s)
}
