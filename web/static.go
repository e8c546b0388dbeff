package web

// This file serves the embedded front end: the app shell for every page URL
// and the static assets, versioned by content hash, cached and compressed.

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded file, with its gzip form when that is smaller.
// Fonts (woff2, compressed already) are read on their first request: the
// Material Symbols font alone is 5 MB, which a process whose pages show no
// icon should not hold.
type asset struct {
	body  []byte
	gz    []byte
	ctype string
	etag  string
	lazy  string    // the embedded path of a font not read yet
	once  sync.Once // reads lazy
}

// load reads a lazy asset's body and computes its ETag, once.
func (as *asset) load() {
	as.once.Do(func() {
		if as.lazy == "" {
			return
		}
		body, err := staticFS.ReadFile(as.lazy)
		if err != nil {
			panic(err) // the file was listed from the same embedded FS
		}
		sum := sha256.Sum256(body)
		as.body, as.etag = body, `"`+hex.EncodeToString(sum[:8])+`"`
	})
}

type assets struct {
	files   map[string]*asset // by name under static/
	shell   []byte            // index.html with versioned asset URLs
	version string
}

// The embedded front end is the same for every server of the process:
// read, hashed and gzipped (at the best compression, which is slow) once,
// on the first server's start, and shared by all (a [Multi] of 1,000 apps
// holds one copy).
var (
	sharedAssetsOnce sync.Once
	sharedAssets     *assets
	sharedAssetsErr  error
)

// loadAssets returns the process's assets, built on the first call.
func loadAssets() (*assets, error) {
	sharedAssetsOnce.Do(func() { sharedAssets, sharedAssetsErr = buildAssets() })
	return sharedAssets, sharedAssetsErr
}

func buildAssets() (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	h := sha256.New()
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path.Ext(p) == ".woff2" {
			// Referenced by unversioned URLs (from the stylesheets),
			// revalidated by their ETag; so the version need not cover them.
			a.files[strings.TrimPrefix(p, "static/")] = &asset{ctype: "font/woff2", lazy: p}
			return nil
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		h.Write(body)
		sum := sha256.Sum256(body)
		as := &asset{body: body, ctype: mime.TypeByExtension(path.Ext(p)), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		if as.ctype == "" {
			as.ctype = "application/octet-stream"
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			as.gz = buf.Bytes()
		}
		a.files[strings.TrimPrefix(p, "static/")] = as
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.version = hex.EncodeToString(h.Sum(nil)[:6])
	if idx := a.files["index.html"]; idx != nil {
		s := string(idx.body)
		s = strings.ReplaceAll(s, "/_stark/static/app.js", "/_stark/static/app.js?v="+a.version)
		s = strings.ReplaceAll(s, "/_stark/static/app.css", "/_stark/static/app.css?v="+a.version)
		a.shell = []byte(s)
	}
	return a, nil
}

// shellFor returns the shell of an app served under base: asset URLs under
// base, and base in <meta name="stark-base"> for the front end's socket,
// upload and media URLs. With no base it is the shell as built.
func (a *assets) shellFor(base string) []byte {
	if base == "" || a.shell == nil {
		return a.shell
	}
	s := strings.ReplaceAll(string(a.shell), `"/_stark/static/`, `"`+html.EscapeString(base)+`/_stark/static/`)
	meta := `<meta name="stark-base" content="` + html.EscapeString(base) + `">`
	if i := strings.Index(s, `<meta charset="utf-8">`); i >= 0 {
		i += len(`<meta charset="utf-8">`)
		s = s[:i] + "\n" + meta + s[i:]
	} else if i := strings.Index(s, "<head>"); i >= 0 {
		s = s[:i+len("<head>")] + "\n" + meta + s[i+len("<head>"):]
	} else {
		s = meta + s
	}
	return []byte(s)
}

// graphvizWorker is the Worker script of st.graphviz_chart, served with
// cspGraphvizWorker.
const graphvizWorker = "graphviz-worker.js"

// serveAsset serves a static file: immutable for a year when the URL carries
// the version, revalidated by ETag otherwise; gzip when the client takes it.
func (a *assets) serveAsset(w http.ResponseWriter, r *http.Request, name string) error {
	as := a.files[name]
	if as == nil || name == "index.html" {
		return errNotFound
	}
	as.load()
	hd := w.Header()
	hd.Set("Content-Type", as.ctype)
	hd.Set("ETag", as.etag)
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("X-Content-Type-Options", "nosniff")
	if name == graphvizWorker {
		hd.Set("Content-Security-Policy", cspGraphvizWorker)
	}
	// Versioned URLs, and chunks (whose names are hashes of their content),
	// never change: cache them for a year.
	if r.URL.Query().Get("v") == a.version || strings.HasPrefix(name, "chunk-") {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "no-cache")
	}
	if match := r.Header.Get("If-None-Match"); match == as.etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := as.body
	if as.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		hd.Set("Content-Encoding", "gzip")
		body = as.gz
	}
	w.Write(body)
	return nil
}
