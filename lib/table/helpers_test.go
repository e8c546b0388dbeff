package table_test

// The helpers of these tests are internal/pagetest's, under the names the
// tests use.

import "github.com/stark-dev/stark/internal/pagetest"

var (
	session      = pagetest.Session
	runPage      = pagetest.RunPage
	mustComplete = pagetest.MustComplete
	errText      = pagetest.ErrText
	mustFail     = pagetest.MustFail
	jsonValue    = pagetest.JsonValue
	asJSON       = pagetest.AsJSON
	sameJSON     = pagetest.SameJSON
	only         = pagetest.Only
	lines        = pagetest.Lines
)
