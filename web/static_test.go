package web

import "testing"

// TestAssetsSharedByServers: the front end is read and gzipped once per
// process, and every server (every app of a Multi) serves that one copy.
func TestAssetsSharedByServers(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatal("each call of loadAssets built the front end again: every server holds a copy of its own")
	}
	if js := a.files["app.js"]; js == nil || js.gz == nil {
		t.Fatal("app.js is not held with its gzip form")
	}
}
