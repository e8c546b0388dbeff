package starlib_test

// Tests of the media builtins (image, audio, video, logo, pdf) and the
// small elements (latex, badge, html, balloons, snow).

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
)

// png2 is a 2×2 RGB PNG.
var png2 = func() string {
	b, err := os.ReadFile("testdata/media/dot.png")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// mediaFiles are the files beside the pages of these tests.
var mediaFiles = map[string]string{
	"img/dot.png":   png2,
	"img/logo.svg":  `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>`,
	"img/page.html": "<p>hello</p>",
	"img/fake.png":  "<html><script>alert(1)</script></html>",
	"clip.webm":     "\x1aE\xdf\xa3" + strings.Repeat("\x00", 60),
	"subs.srt":      "1\n00:00:01,000 --> 00:00:02,500\nHello\n",
	"doc.pdf":       "%PDF-1.4\n%%EOF\n",
	"sub/nested.md": "x",
}

// mediaOf runs src and returns its one element of kind, and the app's
// media store.
func mediaOf(t *testing.T, src, kind string) (map[string]any, *host.Media) {
	t.Helper()
	s := session(t, src, mediaFiles, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	return props(only(t, res, kind), "kind", "path"), s.App.Media
}

// stored returns the file a src names in the store, failing if it is not
// there.
func stored(t *testing.T, m *host.Media, src any) host.MediaFile {
	t.Helper()
	hash, _ := src.(map[string]any)["media"].(string)
	f, ok := m.Lookup(hash)
	if !ok || !f.Inline {
		t.Fatalf("media %v: not in the store as inline media (ok=%v)", src, ok)
	}
	return f
}

func TestImage(t *testing.T) {
	t.Run("a path, by extension", func(t *testing.T) {
		p, m := mediaOf(t, `st.image("img/dot.png", caption="dot", width=50)`, "image")
		imgs := p["images"].([]any)
		f := stored(t, m, imgs[0])
		if f.Mime != "image/png" || string(f.Data) != png2 {
			t.Errorf("stored %s of %d bytes, want image/png of the file", f.Mime, len(f.Data))
		}
		if imgs[0].(map[string]any)["caption"] != "dot" || p["width"] != int64(50) {
			t.Errorf("props = %v", p)
		}
	})
	t.Run("bytes, sniffed", func(t *testing.T) {
		p, m := mediaOf(t, "st.image(b"+strconv.Quote(png2)+")", "image")
		if f := stored(t, m, p["images"].([]any)[0]); f.Mime != "image/png" {
			t.Errorf("type %s, want image/png", f.Mime)
		}
	})
	t.Run("an SVG document", func(t *testing.T) {
		p, m := mediaOf(t, `st.image('<svg xmlns="http://www.w3.org/2000/svg"></svg>')`, "image")
		if f := stored(t, m, p["images"].([]any)[0]); f.Mime != "image/svg+xml" {
			t.Errorf("type %s, want image/svg+xml", f.Mime)
		}
	})
	t.Run("a URL is the browser's", func(t *testing.T) {
		p, _ := mediaOf(t, `st.image("https://example.com/cat.png", use_container_width=True)`, "image")
		sameJSON(t, p, `{"images":[{"url":"https://example.com/cat.png"}],"width":"stretch"}`)
	})
	t.Run("a list with captions", func(t *testing.T) {
		p, _ := mediaOf(t, `st.image(["img/dot.png", "img/logo.svg"], caption=["a", "b"])`, "image")
		if imgs := p["images"].([]any); len(imgs) != 2 || imgs[1].(map[string]any)["caption"] != "b" {
			t.Errorf("images = %v", imgs)
		}
	})
	t.Run("output_format converts", func(t *testing.T) {
		p, m := mediaOf(t, `st.image("img/dot.png", output_format="JPEG")`, "image")
		if f := stored(t, m, p["images"].([]any)[0]); f.Mime != "image/jpeg" || !strings.HasPrefix(string(f.Data), "\xff\xd8") {
			t.Errorf("type %s, want image/jpeg", f.Mime)
		}
	})
}

// TestMediaErrors: bad input is refused with an error that says what
// was wrong, naming files by their path in the app.
func TestMediaErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`st.image("img/missing.png")`, `st.image "img/missing.png": no such file in the app (looked for img/missing.png)`},
		{`st.image("../outside.png")`, `the path leaves the app directory`},
		{`st.image("/etc/passwd")`, `absolute paths are not allowed`},
		{`st.image("ftp://example.com/a.png")`, `st.image: for parameter image: "ftp://example.com/a.png" is not an http or https URL`},
		{`st.image("javascript:alert(1)")`, `is not an http or https URL`},
		{`st.image("img/page.html")`, `st.image: for parameter image: the data is text/html, not an image this element shows`},
		{`st.image("img/fake.png")`, `the data is text/html, not an image`},
		{`st.image(["img/dot.png", 3])`, `st.image: for parameter image[1]: got int, want an image`},
		{`st.image(["img/dot.png"], caption=["a", "b"])`, `2 captions for 1 images`},
		{`st.image("img/dot.png", output_format="tiff")`, `want "auto", "PNG" or "JPEG"`},
		{`st.video("img/dot.png")`, `st.video: for parameter data: the data is image/png, not audio or video this element shows`},
		{`st.video("clip.webm", start_time=-1)`, `for parameter start_time: -1 is not a time`},
		{`st.video("clip.webm", start_time=5, end_time=2)`, `for parameter end_time: 2 is not after start_time 5`},
		{`st.video("clip.webm", format="text/html")`, `for parameter format: "text/html" is not an audio or video type`},
		{`st.audio("clip.webm", sample_rate=44100)`, `sample_rate: it is for arrays of samples`},
		{`st.pdf("img/dot.png")`, `the data is image/png, not a PDF`},
		{`st.pdf("https://example.com/a.pdf")`, `URLs are not shown here`},
		{`st.logo("img/dot.png", link="javascript:alert(1)")`, `for parameter link`},
		{`st.logo("img/dot.png", size="huge")`, `for parameter size`},
		{`st.badge("x", color="pink")`, `st.badge: for parameter color: got "pink"`},
		{`st.badge("x", help=3)`, `st.badge: for parameter help: got int, want string or None`},
		{`st.badge("x", width="wide")`, `st.badge: for parameter width`},
		{`st.graphviz_chart({"a": "b"})`, `st.graphviz_chart: for parameter figure_or_dot: got dict, want a string of Graphviz's DOT language`},
		{`st.graphviz_chart("  ")`, `st.graphviz_chart: for parameter figure_or_dot: the DOT source is empty`},
		{`st.graphviz_chart("digraph {" + "a -> b;" * 200000 + "}")`, `the DOT source is 1400010 bytes, more than the 1048576 allowed`},
		{`st.html("missing.html")`, `st.html "missing.html": no such file in the app`},
	} {
		t.Run(tt.src, func(t *testing.T) {
			res := session(t, tt.src, mediaFiles, host.Limits{}).Run()
			mustFailWith(t, res, tt.want)
		})
	}
}

// TestMediaStoreBound: a file larger than the media store is refused
// before it is read, naming the limit to raise.
func TestMediaStoreBound(t *testing.T) {
	files := mapWith(mediaFiles, "big.webm", "\x1aE\xdf\xa3"+strings.Repeat("\x00", 4096))
	res := session(t, `st.video("big.webm")`, files, host.Limits{MediaBytes: 1024}).Run()
	mustFailWith(t, res, `st.video "big.webm": the file is 4100 bytes, more than the 1024 bytes allowed here`)
	res = session(t, `st.video(b"\x1aE\xdf\xa3" + b"\x00" * 2000)`, files, host.Limits{MediaBytes: 1024}).Run()
	mustFailWith(t, res, `2004 bytes is more than the media store of 1024 bytes (raise [limits] media_bytes in stark.toml)`)
}

func TestAudioVideo(t *testing.T) {
	p, m := mediaOf(t, `st.video("clip.webm", start_time="1s", end_time=4.5, loop=True, muted=True, subtitles={"English": "subs.srt"})`, "video")
	if f := stored(t, m, p["src"]); f.Mime != "video/webm" {
		t.Errorf("video type %s", f.Mime)
	}
	if p["start_time"] != 1.0 || p["end_time"] != 4.5 || p["loop"] != true || p["muted"] != true {
		t.Errorf("props = %v", p)
	}
	subs := p["subtitles"].([]any)
	sub := subs[0].(map[string]any)
	f := stored(t, m, sub)
	if sub["label"] != "English" || f.Mime != "text/vtt" || !strings.HasPrefix(string(f.Data), "WEBVTT\n\n") || !strings.Contains(string(f.Data), "00:00:01.000 --> 00:00:02.500") {
		t.Errorf("subtitles %v: %s %q", sub, f.Mime, f.Data)
	}
	p, _ = mediaOf(t, `st.audio("https://example.com/a.mp3", autoplay=True)`, "audio")
	sameJSON(t, p, `{"src":{"url":"https://example.com/a.mp3"},"start_time":0,"end_time":null,"loop":false,"autoplay":true}`)
}

func TestLogoAndPDF(t *testing.T) {
	p, m := mediaOf(t, `st.logo("img/logo.svg", link="https://example.com", icon_image="img/dot.png", size="small")`, "logo")
	if f := stored(t, m, p["image"]); f.Mime != "image/svg+xml" {
		t.Errorf("logo type %s", f.Mime)
	}
	stored(t, m, p["icon_image"])
	if p["link"] != "https://example.com" || p["size"] != "small" {
		t.Errorf("props = %v", p)
	}
	p, m = mediaOf(t, `st.pdf("doc.pdf", height=300)`, "pdf")
	if f := stored(t, m, map[string]any{"media": p["media"]}); f.Mime != "application/pdf" || p["height"] != int64(300) {
		t.Errorf("pdf %s, props %v", f.Mime, p)
	}
}

func TestSmallElements(t *testing.T) {
	for _, tt := range []struct{ src, kind, want string }{
		{`st.latex(r"\frac{a}{b}", help="a fraction")`, "latex", `{"body":"\\frac{a}{b}","help":"a fraction"}`},
		{`st.badge("New", icon="🔥", color="orange")`, "badge", `{"label":"New","color":"orange","icon":"🔥"}`},
		{`st.badge("Plain")`, "badge", `{"label":"Plain","color":"blue"}`},
		{`st.badge("Wide", width="stretch", help="all the row")`, "badge", `{"label":"Wide","color":"blue","width":"stretch","help":"all the row"}`},
		{`st.badge("Fixed", width=120)`, "badge", `{"label":"Fixed","color":"blue","width":120}`},
		{`st.graphviz_chart("digraph { a -> b }")`, "graphviz_chart", `{"dot":"digraph { a -> b }"}`},
		{`st.graphviz_chart("graph { a -- b }", use_container_width=True)`, "graphviz_chart", `{"dot":"graph { a -- b }","width":"stretch"}`},
		{`st.html("<b>hi</b><script>x()</script>")`, "html", `{"body":"<b>hi</b><script>x()</script>"}`},
		{`st.html("img/page.html")`, "html", `{"body":"<p>hello</p>"}`},
		{`st.balloons()`, "balloons", `{}`},
		{`st.snow()`, "snow", `{}`},
	} {
		t.Run(tt.src, func(t *testing.T) {
			s := session(t, tt.src, mediaFiles, host.Limits{})
			res := s.Run()
			mustComplete(t, res)
			e := only(t, res, tt.kind)
			p := props(e, "kind", "path")
			sameJSON(t, p, tt.want)
		})
	}
}

// TestMediaFileReadOnce: a file of the app is read into one buffer of its
// size, which the media store keeps: a run showing an 8 MiB video
// allocates little more than 8 MiB (reading by a doubling buffer took
// twice that).
func TestMediaFileReadOnce(t *testing.T) {
	const size = 8 << 20
	files := mapWith(mediaFiles, "big.webm", "\x1aE\xdf\xa3"+strings.Repeat("\x00", size-4))
	s := session(t, `st.video("big.webm")`, files, host.Limits{})
	mustComplete(t, s.Run()) // compile and warm up
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	mustComplete(t, s.Run())
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > size*3/2 {
		t.Errorf("a run showing an %d-byte file allocated %d bytes, want at most 1.5×", size, got)
	}
}

// decodePNG decodes a stored image, failing if it is not a PNG.
func decodePNG(t *testing.T, f host.MediaFile) image.Image {
	t.Helper()
	if f.Mime != "image/png" {
		t.Fatalf("stored %s, want image/png", f.Mime)
	}
	m, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return m
}

// TestImagePixelArrays: an array of pixels (Streamlit's numpy array, nested
// lists here) is encoded as a PNG: gray, RGB and RGBA, ints 0–255 and
// floats 0–1, clamp and channels="BGR", and a list of arrays as a list of
// images.
func TestImagePixelArrays(t *testing.T) {
	rgba := func(m image.Image, x, y int) [4]uint32 {
		c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
		return [4]uint32{uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)}
	}
	for _, tt := range []struct {
		name, src string
		w, h      int
		at        [2]int
		want      [4]uint32
	}{
		{"gray ints (H×W)", `st.image([[0] * 10] * 9 + [[0] * 9 + [200]])`, 10, 10, [2]int{9, 9}, [4]uint32{200, 200, 200, 255}},
		{"gray floats", `st.image([[0.0, 0.5], [1.0, 0.25]])`, 2, 2, [2]int{0, 1}, [4]uint32{255, 255, 255, 255}},
		{"RGB (H×W×3)", `st.image([[(255, 0, 0), (0, 255, 0), (0, 0, 255)]])`, 3, 1, [2]int{2, 0}, [4]uint32{0, 0, 255, 255}},
		{"RGBA floats", `st.image([[[1.0, 0.0, 0.0, 0.5]]])`, 1, 1, [2]int{0, 0}, [4]uint32{255, 0, 0, 127}},
		{"one channel (H×W×1)", `st.image([[[7], [9]]])`, 2, 1, [2]int{1, 0}, [4]uint32{9, 9, 9, 255}},
		{"BGR", `st.image([[[10, 20, 30]]], channels="BGR")`, 1, 1, [2]int{0, 0}, [4]uint32{30, 20, 10, 255}},
		{"clamp ints", `st.image([[-5, 300]], clamp=True)`, 2, 1, [2]int{1, 0}, [4]uint32{255, 255, 255, 255}},
		{"clamp floats", `st.image([[-0.5, 2.0]], clamp=True)`, 2, 1, [2]int{0, 0}, [4]uint32{0, 0, 0, 255}},
		{"a mixed array is of floats", `st.image([[1, 0.5]])`, 2, 1, [2]int{0, 0}, [4]uint32{255, 255, 255, 255}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, m := mediaOf(t, tt.src, "image")
			imgs := p["images"].([]any)
			if len(imgs) != 1 {
				t.Fatalf("%d images, want 1", len(imgs))
			}
			img := decodePNG(t, stored(t, m, imgs[0]))
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.w, tt.h)
			}
			if got := rgba(img, tt.at[0], tt.at[1]); got != tt.want {
				t.Errorf("pixel %v = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
	t.Run("a list of arrays is a list of images", func(t *testing.T) {
		p, m := mediaOf(t, `st.image([[[[1, 2, 3]]] , [[[4, 5, 6]], [[7, 8, 9]]], "img/dot.png"], caption=["a", "b", "c"])`, "image")
		imgs := p["images"].([]any)
		if len(imgs) != 3 {
			t.Fatalf("%d images, want 3", len(imgs))
		}
		if b := decodePNG(t, stored(t, m, imgs[1])).Bounds(); b.Dx() != 1 || b.Dy() != 2 {
			t.Errorf("image 1 is %v, want 1×2", b)
		}
		if f := stored(t, m, imgs[2]); string(f.Data) != png2 {
			t.Errorf("image 2 is not the file")
		}
	})
	t.Run("output_format JPEG", func(t *testing.T) {
		p, m := mediaOf(t, `st.image([[0, 255]], output_format="JPEG")`, "image")
		if f := stored(t, m, p["images"].([]any)[0]); f.Mime != "image/jpeg" {
			t.Errorf("type %s, want image/jpeg", f.Mime)
		}
	})
}

// TestImagePixelArrayErrors: a bad array is refused saying what and where,
// and a huge one is refused by the per-call allocation bound before its
// image is made.
func TestImagePixelArrayErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`st.image([[0, 300]])`, `st.image: for parameter image: the value 300 is outside [0, 255] (an array of ints is 0 to 255); give clamp=True to clip it`},
		{`st.image([[0.0, 1.5]])`, `the value 1.5 is outside [0, 1] (an array of floats is 0 to 1)`},
		{`st.image([[0, 1], [2]])`, `st.image: for parameter image: row 1 is not a list of 2 pixels as row 0 is (the array must be rectangular, shape (2, 2))`},
		{`st.image([[0, "x"]])`, `the value at [0][1] is string, want int (0 to 255) or float (0 to 1)`},
		{`st.image([[[1, 2, 3], [1, 2]]])`, `the pixel at [0][1] is list, want a list of 3 values as the first pixel is`},
		{`st.image([[[[1, 2]]]])`, `st.image: for parameter image[0]: got a list that is not an array of pixels`},
		{`st.image([[0]], channels="BGR")`, `for parameter channels: "BGR" wants pixels of 3 or 4 channels, got an array of shape (1, 1)`},
		{`st.image([[0]], channels="HSV")`, `for parameter channels: got "HSV", want "RGB" or "BGR"`},
		{`st.image(["img/dot.png", [[0], "x"]])`, `st.image: for parameter image[1]: row 1 is not a list of 1 pixels`},
	} {
		t.Run(tt.src, func(t *testing.T) {
			mustFailWith(t, session(t, tt.src, mediaFiles, host.Limits{}).Run(), tt.want)
		})
	}
	t.Run("call_bytes", func(t *testing.T) {
		res := session(t, `row = [0] * 2000
st.image([row] * 2000)`, mediaFiles, host.Limits{CallBytes: 1 << 20}).Run()
		mustFailWith(t, res, `st.image: the result would take 45.8 MiB, past the 1 MiB one call may allocate (raise [limits] call_bytes in stark.toml)`)
	})
}
