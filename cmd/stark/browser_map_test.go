package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestBrowserMapTiles: with [map] tiles in stark.toml, st.map draws its
// points over the tile server's tiles in Web Mercator: the browser requests
// tiles of the view from the server (here an httptest server on 127.0.0.1)
// and shows them under the points, with the attribution, and the page's CSP
// lets them through. Without [map] the plain projection draws no tile.
func TestBrowserMapTiles(t *testing.T) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = 0xcc
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var asked []string
	tilePath := regexp.MustCompile(`^/(\d+)/(\d+)/(\d+)\.png$`)
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !tilePath.MatchString(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(buf.Bytes())
	}))
	t.Cleanup(tiles.Close)

	page := `st.map([{"lat": 52.52, "lon": 13.40}, {"lat": 48.86, "lon": 2.35}, {"lat": 51.51, "lon": -0.13}], size=20000, color="#0044ff")
st.text("end")
`
	dir := newAppDir(t, map[string]string{
		"1_Map.star": page,
		"stark.toml": fmt.Sprintf("[map]\ntiles = %q\nattribution = \"© the test tiles\"\n", tiles.URL+"/{z}/{x}/{y}.png"),
	})
	p := openPage(t, appAt(dir), "/", markdownJS)
	p.waitShows("text", "end")
	p.wait("the tiles drawn", `document.querySelectorAll('.stark-map-tile').length > 0`)
	hrefs := eval[[]string](p, `[...document.querySelectorAll('.stark-map-tile')].map((i) => i.getAttribute('href'))`)
	for _, h := range hrefs {
		if !strings.HasPrefix(h, tiles.URL+"/") || !tilePath.MatchString(strings.TrimPrefix(h, tiles.URL)) {
			p.fatalf("a tile's URL is %q, want the template's", h)
		}
	}
	p.wait("the tiles loaded", fmt.Sprintf(`performance.getEntriesByType('resource').filter((e) => e.name.startsWith(%s) && e.responseEnd > 0).length >= %d`, js(tiles.URL+"/"), len(hrefs)))
	mu.Lock()
	n := len(asked)
	mu.Unlock()
	if n < len(hrefs) {
		p.fatalf("the tile server got %d requests for %d tiles", n, len(hrefs))
	}
	// Under the points, which are where Web Mercator puts them: Berlin
	// right of and above Paris.
	if !eval[bool](p, `(() => { const s = document.querySelector('.stark-map-svg'); const g = [...s.children].map((c) => c.getAttribute('class')); return g.indexOf('stark-map-tiles') < g.indexOf('stark-map-points'); })()`) {
		p.fatalf("the tiles are not under the points")
	}
	xy := eval[[]float64](p, `[...document.querySelectorAll('.stark-map-point')].flatMap((c) => [+c.getAttribute('cx'), +c.getAttribute('cy')])`)
	if len(xy) != 6 || !(xy[0] > xy[2] && xy[1] < xy[3]) || xy[0] < 137 || xy[0] > 138 || xy[1] < 83 || xy[1] > 84.5 {
		p.fatalf("the points are at %v, want Berlin at about (137.5, 83.9) in Web Mercator, right of and above Paris", xy)
	}
	if got := eval[string](p, `document.querySelector('.stark-map-attribution')?.textContent || ''`); got != "© the test tiles" {
		p.fatalf("the attribution reads %q", got)
	}
	if v := eval[[]string](p, `__csp`); len(v) > 0 {
		p.fatalf("CSP violations: %q", v)
	}

	// Without [map]: the plain projection, no tile.
	plain := newAppDir(t, map[string]string{"1_Map.star": page})
	q := openPage(t, appAt(plain), "/", markdownJS)
	q.waitShows("text", "end")
	q.wait("the map drawn", `document.querySelectorAll('.stark-map-point').length === 3`)
	if eval[int](q, `document.querySelectorAll('.stark-map-tile').length`) != 0 {
		q.fatalf("a map without [map] tiles drew tiles")
	}
}
