package host

// This file defines the settings of an app that pages read through st: its
// theme (st.get_option) and its secrets (st.secrets, the [secrets] table of
// its stark.toml) and their redaction from the errors of its runs.

import (
	"sort"
	"strings"
)

// Secrets is the setting of an app's secrets: names to values, each a
// string or a nested table (map[string]any of the same). They reach pages
// only through st.secrets; a run's error never shows one.
var Secrets = NewSetting[map[string]any]("secrets")

// Theme is the setting of an app's [theme] table: its keys
// ("primary_color", "base") to their values (st.get_option).
var Theme = NewSetting[map[string]string]("theme")

// AuthProviders is the setting of the names of an app's sign-in providers
// ([auth.NAME]; "default" for [auth] itself), sorted: what st.login may
// name.
var AuthProviders = NewSetting[[]string]("auth providers")

// MapTiles is the setting of an app's [map] table: "tiles", the URL
// template of a tile server ({z}, {x}, {y}), and "attribution", the text
// shown over the tiles. Without it st.map draws on a plain projection.
var MapTiles = NewSetting[map[string]string]("map tiles")

// Redacted is what a secret's value is replaced by in errors.
const Redacted = "[secret]"

// minRedacted is the shortest value redacted: shorter ones ("1", "on")
// would blank out ordinary words of messages, and are no secret anyway.
const minRedacted = 4

// secretValues returns the app's secret values, longest first, so that a
// value containing another is redacted whole.
func (a *App) secretValues() []string {
	m, _ := Secrets.Get(a)
	var out []string
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		for _, v := range m {
			switch v := v.(type) {
			case string:
				if len(v) >= minRedacted {
					out = append(out, v)
				}
			case map[string]any:
				walk(v)
			}
		}
	}
	walk(m)
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// Redact returns s with every secret of the app replaced by [Redacted].
func (a *App) Redact(s string) string {
	for _, v := range a.secretValues() {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}

// redactError removes the app's secrets from e's message, hint and
// snippet (a page may hold a secret's value as a literal, too).
func (a *App) redactError(e *Error) *Error {
	vals := a.secretValues()
	if e == nil || len(vals) == 0 {
		return e
	}
	r := func(s string) string {
		for _, v := range vals {
			s = strings.ReplaceAll(s, v, Redacted)
		}
		return s
	}
	c := *e
	c.Message, c.Hint, c.Snippet = r(e.Message), r(e.Hint), r(e.Snippet)
	return &c
}
