package http_test

// The helpers of these tests are internal/pagetest's, under the names the
// tests use.

import "github.com/stark-dev/stark/internal/pagetest"

var (
	session      = pagetest.Session
	mustComplete = pagetest.MustComplete
	errText      = pagetest.ErrText
	only         = pagetest.Only
	lines        = pagetest.Lines
	appOf        = pagetest.AppOf
	mapWith      = pagetest.MapWith
	runApp       = pagetest.RunApp
	mustFailWith = pagetest.MustFailWith
	texts        = pagetest.Texts
)
