package main

// `make screenshots`: every demo page in the light and the dark theme and at
// a phone's width, saved as PNGs into docs/img for the README and the docs.
// Not a test of behaviour: it runs only with STARK_SCREENSHOTS=1 (not under
// `make test`).

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color/palette"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A screenshot's viewport: the desktop's, or a phone's (390 CSS pixels wide,
// drawn at twice that).
type shotView struct {
	name          string
	width, height int64
	scale         float64
	mobile        bool
	dark          bool
}

var shotViews = []shotView{
	{name: "light", width: 1280, height: 800, scale: 1},
	{name: "dark", width: 1280, height: 800, scale: 1, dark: true},
	{name: "phone", width: 390, height: 844, scale: 2, mobile: true},
}

func TestScreenshots(t *testing.T) {
	if os.Getenv("STARK_SCREENSHOTS") == "" {
		t.Skip("set STARK_SCREENSHOTS=1 (make screenshots) to write docs/img")
	}
	out, err := filepath.Abs(filepath.Join("..", "..", "docs", "img"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	p := openPage(t, demoServer, "/")
	// Thirty shots take longer than one browser test's deadline.
	ctx, cancel := context.WithTimeout(p.tab, 15*time.Minute)
	defer cancel()
	p.ctx = ctx
	p.waitShows("title", "Welcome to stark")
	pages := eval[[]string](p, `[...document.querySelectorAll('[data-testid="stark-nav-link"]')].map((a) => a.dataset.page)`)
	if len(pages) == 0 {
		p.fatalf("the demo has no pages in its nav")
	}
	for _, v := range shotViews {
		if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: v.width, Height: v.height, DeviceScaleFactor: v.scale, Mobile: v.mobile,
		}); err != nil {
			p.fatalf("setting the viewport: %v", err)
		}
		scheme := "light"
		if v.dark {
			scheme = "dark"
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		}); err != nil {
			p.fatalf("setting the colour scheme: %v", err)
		}
		for _, name := range pages {
			path := "/" + name
			if name == pages[0] {
				path = "/"
			}
			p.do("opening "+path, chromedp.Navigate(p.srv.url+path))
			p.waitIdle()
			// Drawn: fonts loaded, every chart drawn, no spinner.
			p.wait("the page drawn", `document.fonts.status === 'loaded' &&
			  [...document.querySelectorAll('.stark-chart-area')].every((a) => a.querySelector('svg, canvas, [data-testid="stark-chart-error"]'))`)
			shot, err := chromedp.Call(p.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
			if err != nil {
				p.fatalf("capturing %s: %v", path, err)
			}
			small, err := smallPNG(shot.Data)
			if err != nil {
				p.fatalf("encoding %s: %v", path, err)
			}
			file := filepath.Join(out, fmt.Sprintf("%s-%s.png", strings.ToLower(name), v.name))
			if err := os.WriteFile(file, small, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d KiB", file, len(small)>>10)
		}
	}
}

// smallPNG re-encodes a screenshot with a palette of 256 colours (the
// pages are flat colours; charts and text keep their look) at the best
// compression: a third of the size or less.
func smallPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	pal := image.NewPaletted(img.Bounds(), palette.Plan9)
	draw.Draw(pal, img.Bounds(), img, img.Bounds().Min, draw.Src)
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, pal); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
