package starlib

// This file holds small helpers shared by the builtins.

import (
	"errors"
	"regexp"
	"strings"

	"go.starlark.net/starlark"
)

func bytesReader(s string) *strings.Reader { return strings.NewReader(s) }

// quotedParam matches the parameter name that starlark.UnpackArgs quotes
// when the argument was given by keyword.
var quotedParam = regexp.MustCompile(`for parameter "([A-Za-z_][A-Za-z_0-9]*)":`)

// unpackArgs is [starlark.UnpackArgs] with every message naming a parameter
// the same way, "for parameter min_value:", whether the argument was given
// by position or by keyword (starlark quotes the name of the latter).
func unpackArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, pairs ...any) error {
	err := starlark.UnpackArgs(fn, args, kwargs, pairs...)
	if err != nil && strings.Contains(err.Error(), `for parameter "`) {
		return errors.New(quotedParam.ReplaceAllString(err.Error(), "for parameter $1:"))
	}
	return err
}
