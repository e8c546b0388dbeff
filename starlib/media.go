package starlib

// This file defines the builtins that show media: image, audio, video,
// logo and pdf. Their data (bytes, a file of the app, an uploaded file)
// goes to the app's media store as inline media, which web serves by hash
// with Range requests and a type checked here and again there; an http or
// https URL is left to the browser to load. Every file's type is one a
// browser shows and never runs (host.InlineMediaType): an HTML page given
// as an "image" is refused here, not served.

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // decoders for output_format
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// mediaWant is what a builtin's media parameter takes.
type mediaWant struct {
	what   string            // "an image", for errors
	accept func(string) bool // the MIME types it shows
}

var (
	wantImage = mediaWant{"an image", func(mt string) bool {
		return strings.HasPrefix(mt, "image/") && host.InlineMediaType(mt)
	}}
	wantAV = mediaWant{"audio or video", func(mt string) bool {
		return (strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/") || mt == "application/ogg") && host.InlineMediaType(mt)
	}}
	wantPDF      = mediaWant{"a PDF", func(mt string) bool { return mt == "application/pdf" }}
	wantSubtitle = mediaWant{"subtitles", func(mt string) bool { return mt == "text/vtt" }}
)

// extTypes are the types of media files by extension: fixed here rather
// than asked of the system's MIME database, so that a file is served with
// the same type on every machine.
var extTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".bmp": "image/bmp", ".svg": "image/svg+xml",
	".ico": "image/x-icon",
	".mp3": "audio/mpeg", ".wav": "audio/wav", ".oga": "audio/ogg", ".ogg": "audio/ogg", ".opus": "audio/ogg",
	".flac": "audio/flac", ".aac": "audio/aac", ".m4a": "audio/mp4",
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
	".pdf": "application/pdf", ".vtt": "text/vtt", ".srt": "text/vtt",
}

// sniffType is the MIME type of data by its content: Go's sniffing
// (the WHATWG algorithm), and SVG, which it reads as XML or text.
func sniffType(data []byte) string {
	mt := http.DetectContentType(data)
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	if mt == "text/xml" || mt == "text/plain" {
		head := data[:min(len(data), 1024)]
		if bytes.Contains(head, []byte("<svg")) {
			return "image/svg+xml"
		}
	}
	if mt == "audio/wave" {
		mt = "audio/wav"
	}
	return mt
}

// mediaSrc is where the browser finds a file: in the media store by hash,
// or at a URL.
func mediaSrc(hash, u string) map[string]any {
	if u != "" {
		return map[string]any{"url": u}
	}
	return map[string]any{"media": hash}
}

// isURLish reports whether s names a URL scheme ("https://...",
// "data:...", "ftp:..."): a scheme of two or more letters then a colon.
func isURLish(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 2 {
		return false
	}
	for j, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return true
}

// mediaData resolves a media argument to its bytes and type, or to a URL.
// v is bytes, a path in the app (read as data.* reads, bounded by the
// media store), an http or https URL (when urls is set), an uploaded file
// (a dict with "data"), or, for images, an SVG document as a string.
// format, when not "", is the type the page gave.
func mediaData(c *call, param string, v starlark.Value, want mediaWant, format string, urls bool) (data []byte, mt, u string, err error) {
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, "", "", err
	}
	max := sb.App.Media.Max()
	byExt := ""
	switch x := v.(type) {
	case starlark.Bytes:
		data = []byte(x)
	case *starlark.Dict:
		d, found, _ := x.Get(starlark.String("data"))
		b, ok := d.(starlark.Bytes)
		if !found || !ok {
			return nil, "", "", c.errorf("for parameter %s: got a dict without bytes under \"data\", want %s (bytes, a path in the app, or an uploaded file)", param, want.what)
		}
		data = []byte(b)
		if t, _, _ := x.Get(starlark.String("type")); t != nil {
			if s, ok := t.(starlark.String); ok && format == "" {
				byExt = strings.ToLower(string(s))
			}
		}
	case starlark.String:
		s := string(x)
		if want.what == "an image" && strings.HasPrefix(strings.TrimSpace(s), "<svg") {
			data, mt = []byte(s), "image/svg+xml"
			break
		}
		if isURLish(s) {
			p, perr := url.Parse(s)
			scheme := strings.ToLower(s[:strings.IndexByte(s, ':')])
			if (scheme == "http" || scheme == "https") && perr == nil && p.Host != "" {
				if !urls {
					return nil, "", "", c.errorf("for parameter %s: %s: URLs are not shown here (the page's policy frames only the app's own files); read the file or fetch it with http.get and pass its bytes", param, quoteShort(s))
				}
				return nil, "", s, nil
			}
			return nil, "", "", c.errorf("for parameter %s: %s is not an http or https URL: the browser loads only those; for other %s give a path in the app or bytes", param, quoteShort(s), want.what)
		}
		data, err = host.ReadAppFile(c.thread, c.name, s, max)
		if err != nil {
			return nil, "", "", err
		}
		byExt = extTypes[strings.ToLower(path.Ext(s))]
	default:
		return nil, "", "", c.errorf("for parameter %s: got %s, want %s: bytes, a path in the app, a URL or an uploaded file", param, v.Type(), want.what)
	}
	if int64(len(data)) > max {
		return nil, "", "", c.errorf("for parameter %s: %d bytes is more than the media store of %d bytes (raise [limits] media_bytes in stark.toml)", param, len(data), max)
	}
	sniffed := sniffType(data)
	switch {
	case mt != "":
	case sniffed == "text/html":
		// An HTML document is never shown as media, whatever its name
		// or the type the page gave.
		mt = sniffed
	case format != "":
		mt = format
	case byExt != "" && byExt != "application/octet-stream":
		mt = byExt
	default:
		mt = sniffed
	}
	if !want.accept(mt) {
		return nil, "", "", c.errorf("for parameter %s: the data is %s, not %s this element shows", param, mt, want.what)
	}
	return data, mt, "", nil
}

// quoteShort quotes s for an error, cut when long.
func quoteShort(s string) string {
	if len(s) > 80 {
		s = s[:60] + "…"
	}
	return strconv.Quote(s)
}

// putMedia stores data for the page to show and returns its hash.
func putMedia(c *call, data []byte, mt string) (string, error) {
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return "", err
	}
	return sb.App.Media.PutInline(data, mt), nil
}

// mediaArg is mediaData and putMedia: the src of one media argument.
func mediaArg(c *call, param string, v starlark.Value, want mediaWant, format string, urls bool) (src map[string]any, mt string, err error) {
	data, mt, u, err := mediaData(c, param, v, want, format, urls)
	if err != nil {
		return nil, "", err
	}
	if u != "" {
		return mediaSrc("", u), "", nil
	}
	hash, err := putMedia(c, data, mt)
	if err != nil {
		return nil, "", err
	}
	return mediaSrc(hash, ""), mt, nil
}

// image implements st.image(image, caption=None, width=None,
// use_column_width=None, clamp=False, channels="RGB",
// output_format="auto", use_container_width=None): one image or a list of
// them, each bytes, a path in the app, an http(s) URL, an uploaded file,
// an SVG document or an array of pixels (nested lists, Streamlit's numpy
// array: see pixelPNG), which clamp and channels are for.
func imageBuiltin(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var img starlark.Value
	var caption, useColumn, channels starlark.Value = starlark.None, starlark.None, starlark.None
	clamp := false
	outFormat := "auto"
	size := newSizing()
	pairs := append([]any{"image", &img, "caption?", &caption}, size.pairs()...)
	pairs = append(pairs, "use_column_width?", &useColumn, "clamp?", &clamp, "channels?", &channels, "output_format?", &outFormat)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if useColumn != starlark.None && size.useContainer == starlark.None {
		size.useContainer = useColumn
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	outFormat = strings.ToUpper(outFormat)
	if outFormat != "AUTO" && outFormat != "PNG" && outFormat != "JPEG" && outFormat != "JPG" {
		return nil, c.errorf("for parameter output_format: got %q, want \"auto\", \"PNG\" or \"JPEG\"", outFormat)
	}
	bgr := false
	switch ch := channels.(type) {
	case starlark.NoneType:
	case starlark.String:
		switch strings.ToUpper(string(ch)) {
		case "RGB":
		case "BGR":
			bgr = true
		default:
			return nil, c.errorf("for parameter channels: got %q, want \"RGB\" or \"BGR\"", string(ch))
		}
	default:
		return nil, c.errorf("for parameter channels: got %s, want \"RGB\" or \"BGR\"", channels.Type())
	}
	var imgs []starlark.Value
	switch x := img.(type) {
	case *starlark.List, starlark.Tuple:
		if isPixelArray(img) {
			imgs = []starlark.Value{img}
			break
		}
		seq := x.(starlark.Indexable)
		for i := 0; i < seq.Len(); i++ {
			imgs = append(imgs, seq.Index(i))
		}
	default:
		imgs = []starlark.Value{img}
	}
	var captions []string
	switch x := caption.(type) {
	case starlark.NoneType:
	case starlark.String:
		captions = []string{string(x)}
		if len(imgs) > 1 {
			return nil, c.errorf("for parameter caption: one caption for %d images; give a list of %d captions", len(imgs), len(imgs))
		}
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		if seq.Len() != len(imgs) {
			return nil, c.errorf("for parameter caption: %d captions for %d images; give one caption per image", seq.Len(), len(imgs))
		}
		for i := 0; i < seq.Len(); i++ {
			s, ok := starlark.AsString(seq.Index(i))
			if !ok {
				return nil, c.errorf("for parameter caption: got %s at index %d, want string", seq.Index(i).Type(), i)
			}
			captions = append(captions, s)
		}
	default:
		return nil, c.errorf("for parameter caption: got %s, want a string or a list of strings", caption.Type())
	}
	items := make([]any, len(imgs))
	for i, v := range imgs {
		param := "image"
		if len(imgs) > 1 || img != v {
			param = fmt.Sprintf("image[%d]", i)
		}
		var data []byte
		var mt, u string
		switch v.(type) {
		case *starlark.List, starlark.Tuple:
			if !isPixelArray(v) {
				return nil, c.errorf("for parameter %s: got a %s that is not an array of pixels, want rows of gray values (H×W) or rows of pixels of 1, 3 or 4 values (H×W×C), ints 0 to 255 or floats 0 to 1", param, v.Type())
			}
			data, err = pixelPNG(&c, param, v, clamp, bgr)
			mt = "image/png"
		default:
			data, mt, u, err = mediaData(&c, param, v, wantImage, "", true)
		}
		if err != nil {
			return nil, err
		}
		var item map[string]any
		if u != "" {
			item = mediaSrc("", u)
		} else {
			if outFormat != "AUTO" {
				if data, mt, err = convertImage(&c, data, mt, outFormat); err != nil {
					return nil, err
				}
			}
			hash, err := putMedia(&c, data, mt)
			if err != nil {
				return nil, err
			}
			item = mediaSrc(hash, "")
		}
		if captions != nil {
			item["caption"] = captions[i]
		}
		items[i] = item
	}
	return starlark.None, c.appendEl("image", withWidth(map[string]any{"images": items}, width))
}

// convertImage re-encodes a PNG, JPEG or GIF image as output_format asks.
// The decoded pixels (4 bytes each) are asked of the sandbox first, from
// the image's header, so a small file of huge dimensions is refused before
// it is decoded. SVG and other types are kept as they are.
func convertImage(c *call, data []byte, mt, format string) ([]byte, string, error) {
	want := "image/png"
	if format != "PNG" {
		want = "image/jpeg"
	}
	if mt == want || (mt != "image/png" && mt != "image/jpeg" && mt != "image/gif") {
		return data, mt, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", c.errorf("for parameter output_format: the image cannot be decoded: %v", err)
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, "", err
	}
	if err := sb.Alloc(c.name, int64(cfg.Width)*int64(cfg.Height)*4); err != nil {
		return nil, "", err
	}
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", c.errorf("for parameter output_format: the image cannot be decoded: %v", err)
	}
	var out bytes.Buffer
	if want == "image/png" {
		err = png.Encode(&out, m)
	} else {
		err = jpeg.Encode(&out, m, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		return nil, "", c.errorf("for parameter output_format: %v", err)
	}
	return out.Bytes(), want, nil
}

// seconds reads a time of a media element: a number of seconds, or a
// duration string ("2s", "1m30s", "90").
func seconds(c *call, param string, v starlark.Value) (float64, error) {
	var s float64
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, c.errorf("for parameter %s: %s is out of range", param, x)
		}
		s = float64(n)
	case starlark.Float:
		s = float64(x)
	case starlark.String:
		if f, err := strconv.ParseFloat(string(x), 64); err == nil {
			s = f
		} else if d, err := time.ParseDuration(string(x)); err == nil {
			s = d.Seconds()
		} else {
			return 0, c.errorf("for parameter %s: %q is not a time: give seconds or a duration such as \"1m30s\"", param, string(x))
		}
	default:
		return 0, c.errorf("for parameter %s: got %s, want seconds (int or float) or a duration string", param, v.Type())
	}
	if s < 0 || s != s || s > 1e9 {
		return 0, c.errorf("for parameter %s: %v is not a time from 0 seconds on", param, s)
	}
	return s, nil
}

// audioVideo implements st.audio(data, format=None, start_time=0,
// sample_rate=None, end_time=None, loop=False, autoplay=False, width=None)
// and st.video(data, format=None, start_time=0, subtitles=None,
// end_time=None, loop=False, autoplay=False, muted=False, width=None).
// format, when given, is the data's MIME type; otherwise it is taken from
// the file's extension or its content.
func audioVideo(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	video := c.name == "st.video"
	var data starlark.Value
	var format, sampleRate, subtitles, endTime starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
	var startTime starlark.Value = starlark.MakeInt(0)
	var loop, autoplay, muted bool
	var width starlark.Value = starlark.None
	pairs := []any{"data", &data, "format?", &format, "start_time?", &startTime}
	if video {
		pairs = append(pairs, "subtitles?", &subtitles, "end_time?", &endTime, "loop?", &loop, "autoplay?", &autoplay, "muted?", &muted, "width?", &width)
	} else {
		pairs = append(pairs, "sample_rate?", &sampleRate, "end_time?", &endTime, "loop?", &loop, "autoplay?", &autoplay, "width?", &width)
	}
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	if sampleRate != starlark.None {
		return nil, c.errorf("for parameter sample_rate: it is for arrays of samples, which stark does not take; give the audio as a file (bytes or a path)")
	}
	size := newSizing()
	size.width = width
	w, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	mt := ""
	if format != starlark.None {
		f, ok := format.(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter format: got %s, want a MIME type such as \"video/mp4\"", format.Type())
		}
		mt = strings.ToLower(strings.TrimSpace(string(f)))
		if !wantAV.accept(mt) {
			return nil, c.errorf("for parameter format: %q is not an audio or video type", string(f))
		}
	}
	src, mt, err := mediaArg(&c, "data", data, wantAV, mt, true)
	if err != nil {
		return nil, err
	}
	start, err := seconds(&c, "start_time", startTime)
	if err != nil {
		return nil, err
	}
	props := map[string]any{"src": src, "start_time": start, "end_time": nil, "loop": loop, "autoplay": autoplay}
	if mt != "" {
		props["mime"] = mt
	}
	if endTime != starlark.None {
		end, err := seconds(&c, "end_time", endTime)
		if err != nil {
			return nil, err
		}
		if end <= start {
			return nil, c.errorf("for parameter end_time: %v is not after start_time %v", end, start)
		}
		props["end_time"] = end
	}
	if video {
		props["muted"] = muted
		subs, err := subtitleTracks(&c, subtitles)
		if err != nil {
			return nil, err
		}
		if subs != nil {
			props["subtitles"] = subs
		}
	}
	return starlark.None, c.appendEl(kindOf(c.name), withWidth(props, w))
}

// subtitleTracks reads st.video's subtitles: None, one track (a path in
// the app, bytes, or the text of WebVTT or SubRip subtitles), or a dict of
// label → track. SubRip is converted to WebVTT, which browsers read.
func subtitleTracks(c *call, v starlark.Value) ([]any, error) {
	type track struct {
		label string
		v     starlark.Value
	}
	var tracks []track
	switch x := v.(type) {
	case starlark.NoneType:
		return nil, nil
	case *starlark.Dict:
		for _, kv := range x.Items() {
			label, ok := starlark.AsString(kv[0])
			if !ok {
				return nil, c.errorf("for parameter subtitles: got a %s label, want string", kv[0].Type())
			}
			tracks = append(tracks, track{label, kv[1]})
		}
	default:
		tracks = []track{{"default", v}}
	}
	var out []any
	for _, t := range tracks {
		var text []byte
		switch x := t.v.(type) {
		case starlark.String:
			if strings.Contains(string(x), "-->") {
				text = []byte(x)
				break
			}
			data, _, _, err := mediaData(c, "subtitles", x, mediaWant{"subtitles", func(string) bool { return true }}, "text/vtt", false)
			if err != nil {
				return nil, err
			}
			text = data
		case starlark.Bytes:
			text = []byte(x)
		default:
			return nil, c.errorf("for parameter subtitles: got %s for %q, want a path in the app, bytes or the subtitles' text", t.v.Type(), t.label)
		}
		vtt := toWebVTT(text)
		hash, err := putMedia(c, vtt, "text/vtt")
		if err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"label": t.label, "media": hash})
	}
	return out, nil
}

// toWebVTT returns subtitles as WebVTT: as they are when they are, else
// read as SubRip, whose times have a comma before the milliseconds.
func toWebVTT(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if bytes.HasPrefix(b, []byte("WEBVTT")) {
		return b
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.Contains(l, "-->") {
			lines[i] = strings.ReplaceAll(l, ",", ".")
		}
	}
	return []byte("WEBVTT\n\n" + strings.Join(lines, "\n"))
}

// logo implements st.logo(image, size="medium", link=None,
// icon_image=None): the app's logo at the top of the sidebar (or of the
// page without one); icon_image, when given, is shown instead while the
// sidebar is closed.
func logo(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var img starlark.Value
	var link, iconImage starlark.Value = starlark.None, starlark.None
	size := "medium"
	if err := host.UnpackArgs(c.name, args, kwargs, "image", &img, "size?", &size, "link?", &link, "icon_image?", &iconImage); err != nil {
		return nil, err
	}
	if size != "small" && size != "medium" && size != "large" {
		return nil, c.errorf("for parameter size: got %q, want \"small\", \"medium\" or \"large\"", size)
	}
	src, _, err := mediaArg(&c, "image", img, wantImage, "", true)
	if err != nil {
		return nil, err
	}
	props := map[string]any{"image": src, "size": size, "link": nil}
	if link != starlark.None {
		l, ok := link.(starlark.String)
		if !ok || !safeURL(string(l)) || strings.HasPrefix(string(l), "mailto:") {
			return nil, c.errorf("for parameter link: got %s, want an http or https URL", quoteShort(link.String()))
		}
		props["link"] = string(l)
	}
	if iconImage != starlark.None {
		icon, _, err := mediaArg(&c, "icon_image", iconImage, wantImage, "", true)
		if err != nil {
			return nil, err
		}
		props["icon_image"] = icon
	}
	return starlark.None, c.appendEl("logo", props)
}

// pdf implements st.pdf(data, height=500, key=None): a PDF (bytes, a path
// in the app or an uploaded file) in a frame of height pixels.
func pdf(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, key starlark.Value = nil, starlark.None
	var height starlark.Value = starlark.MakeInt(500)
	if err := host.UnpackArgs(c.name, args, kwargs, "data", &data, "height?", &height, "key?", &key); err != nil {
		return nil, err
	}
	var h any
	switch x := height.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n < 1 || n > 100_000 {
			return nil, c.errorf("for parameter height: got %s, want a number of pixels from 1 to 100000", x)
		}
		h = n
	case starlark.String:
		if x != "stretch" {
			return nil, c.errorf("for parameter height: got %q, want a number of pixels or \"stretch\"", string(x))
		}
		h = "stretch"
	default:
		return nil, c.errorf("for parameter height: got %s, want int or \"stretch\"", height.Type())
	}
	raw, mt, _, err := mediaData(&c, "data", data, wantPDF, "", false)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		return nil, c.errorf("for parameter data: the data is not a PDF (it does not start with %%PDF-)")
	}
	hash, err := putMedia(&c, raw, mt)
	if err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("pdf", map[string]any{"media": hash, "height": h})
}
