package starlib

// This file parses the values given on the command line. Conversion between
// Starlark and JSON values is host's ([host.ToJSON], [host.FromJSON]).

import (
	"encoding/json"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// ParseValue parses a command-line value: JSON when it is valid JSON, else
// the plain string.
func ParseValue(s string) starlark.Value {
	var x any
	dec := json.NewDecoder(bytesReader(s))
	dec.UseNumber()
	if err := dec.Decode(&x); err == nil && !dec.More() {
		if v, err := host.FromJSON(x); err == nil {
			return v
		}
	}
	return starlark.String(s)
}
