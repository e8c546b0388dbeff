package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHandlerErrors: an error for the client is written as it says, with
// its headers, and not logged; any other error is logged once, with the
// path, and the client sees only "internal error".
func TestHandlerErrors(t *testing.T) {
	for _, tt := range []struct {
		name       string
		err        error
		status     int
		body       string
		header     string // "Name: value" expected, or ""
		logged     bool
		notInReply string
	}{
		{"client", httpErr(http.StatusNotFound, "no such session"), 404, "no such session\n", "", false, ""},
		{"with headers", httpErr(http.StatusServiceUnavailable, "busy", "Retry-After", "1"), 503, "busy\n", "Retry-After: 1", false, ""},
		{"wrapped", fmt.Errorf("upload: %w", errTooLarge), 413, "the file is larger than the app's upload limit\n", "", false, ""},
		{"internal", errors.New("open /srv/apps/secret/data.db: permission denied"), 500, "internal error\n", "", true, "/srv/apps"},
		{"none", nil, 200, "done", "", false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			h := handler(log, func(w http.ResponseWriter, r *http.Request) error {
				if tt.err == nil {
					w.Write([]byte("done"))
				}
				return tt.err
			})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/x/y", nil))
			if rec.Code != tt.status || rec.Body.String() != tt.body {
				t.Errorf("%d %q, want %d %q", rec.Code, rec.Body, tt.status, tt.body)
			}
			if tt.err != nil && rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
			}
			if k, v, ok := strings.Cut(tt.header, ": "); ok && rec.Header().Get(k) != v {
				t.Errorf("%s: %q, want %q", k, rec.Header().Get(k), v)
			}
			if n := strings.Count(logs.String(), "\n"); tt.logged && (n != 1 || !strings.Contains(logs.String(), "path=/x/y")) || !tt.logged && n != 0 {
				t.Errorf("logged %q", logs.String())
			}
			if tt.notInReply != "" && strings.Contains(rec.Body.String(), tt.notInReply) {
				t.Errorf("the reply shows %q", tt.notInReply)
			}
		})
	}
}
