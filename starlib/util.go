package starlib

// This file holds small helpers shared by the builtins.

import "strings"

func bytesReader(s string) *strings.Reader { return strings.NewReader(s) }
