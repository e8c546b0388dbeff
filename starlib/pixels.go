package starlib

// This file reads an image given as an array of pixels (Streamlit's numpy
// array, which reaches Starlark as nested lists or tuples) and encodes it
// as a PNG for st.image.

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// arrayDepth is how deeply v nests lists or tuples along its first
// elements, ending in a number: 2 for rows of gray values, 3 for rows of
// pixels of channels. It is -1 when v does not end in a number.
func arrayDepth(v starlark.Value) int {
	d := 0
	for {
		switch x := v.(type) {
		case starlark.Int, starlark.Float:
			return d
		case *starlark.List, starlark.Tuple:
			seq := x.(starlark.Indexable)
			if seq.Len() == 0 {
				return -1
			}
			v = seq.Index(0)
			d++
		default:
			return -1
		}
	}
}

// isPixelArray reports whether v is one image of pixels rather than a
// list of images: an H×W array of gray values, or an H×W×C array whose
// pixels have 1, 3 or 4 channels. (A list of H×W gray images whose width
// is 1, 3 or 4 reads as one image; give such pixels as [v].)
func isPixelArray(v starlark.Value) bool {
	switch arrayDepth(v) {
	case 2:
		return true
	case 3:
		px := v.(starlark.Indexable).Index(0).(starlark.Indexable).Index(0).(starlark.Indexable)
		n := px.Len()
		return n == 1 || n == 3 || n == 4
	}
	return false
}

// pixelPNG encodes an array of pixels as a PNG: H×W gray, or H×W×C with
// C 1 (gray), 3 (RGB) or 4 (RGBA). Floats are 0 to 1 and ints 0 to 255 as
// in Streamlit (an array holding any float is read as floats, as numpy
// makes it); a value outside is an error unless clamp is set, which
// clips it. bgr swaps the first and third channels (channels="BGR"). The
// decoded image (4 bytes a pixel) is asked of the sandbox's per-call
// bound first.
func pixelPNG(c *call, param string, v starlark.Value, clamp, bgr bool) ([]byte, error) {
	rows := v.(starlark.Indexable)
	h := rows.Len()
	first, ok := rows.Index(0).(starlark.Indexable)
	if !ok {
		return nil, c.errorf("for parameter %s: row 0 is %s, want a list of pixels", param, rows.Index(0).Type())
	}
	w := first.Len()
	ch := 0 // 0: a gray value per pixel, not a list
	if _, ok := first.Index(0).(starlark.Indexable); ok {
		ch = first.Index(0).(starlark.Indexable).Len()
		if ch != 1 && ch != 3 && ch != 4 {
			return nil, c.errorf("for parameter %s: a pixel has %d channels, want 1 (gray), 3 (RGB) or 4 (RGBA)", param, ch)
		}
	}
	if bgr && ch != 3 && ch != 4 {
		return nil, c.errorf("for parameter channels: \"BGR\" wants pixels of 3 or 4 channels, got an array of shape %s", shape(h, w, ch))
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	// The values read (8 bytes each) and the image (4 bytes a pixel).
	if err := sb.Alloc(c.name, int64(h)*int64(w)*(4+8*int64(max(ch, 1)))); err != nil {
		return nil, err
	}
	// Read every value once to learn whether the array is of floats.
	vals := make([]float64, 0, h*w*max(ch, 1))
	floats := false
	for y := 0; y < h; y++ {
		row, ok := rows.Index(y).(starlark.Indexable)
		if !ok || isStringish(rows.Index(y)) || row.Len() != w {
			return nil, c.errorf("for parameter %s: row %d is not a list of %d pixels as row 0 is (the array must be rectangular, shape %s)", param, y, w, shape(h, w, ch))
		}
		for x := 0; x < w; x++ {
			p := row.Index(x)
			if ch == 0 {
				f, isFloat, err := pixelValue(c, param, p, y, x, -1)
				if err != nil {
					return nil, err
				}
				floats = floats || isFloat
				vals = append(vals, f)
				continue
			}
			px, ok := p.(starlark.Indexable)
			if !ok || isStringish(p) || px.Len() != ch {
				return nil, c.errorf("for parameter %s: the pixel at [%d][%d] is %s, want a list of %d values as the first pixel is", param, y, x, p.Type(), ch)
			}
			for k := 0; k < ch; k++ {
				f, isFloat, err := pixelValue(c, param, px.Index(k), y, x, k)
				if err != nil {
					return nil, err
				}
				floats = floats || isFloat
				vals = append(vals, f)
			}
		}
	}
	top := 255.0
	if floats {
		top = 1
	}
	for i, f := range vals {
		if f < 0 || f > top {
			if !clamp {
				return nil, c.errorf("for parameter %s: the value %g is outside [0, %g] (%s); give clamp=True to clip it", param, f, top, map[bool]string{true: "an array of floats is 0 to 1", false: "an array of ints is 0 to 255"}[floats])
			}
			f = max(0, min(f, top))
		}
		if floats {
			f *= 255
		}
		vals[i] = f
	}
	var m image.Image
	if ch <= 1 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i, f := range vals {
			g.Pix[i] = uint8(f)
		}
		m = g
	} else {
		n := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < w*h; i++ {
			px := vals[i*ch : i*ch+ch]
			r, b := px[0], px[2]
			if bgr {
				r, b = b, r
			}
			a := 255.0
			if ch == 4 {
				a = px[3]
			}
			copy(n.Pix[i*4:], []uint8{uint8(r), uint8(px[1]), uint8(b), uint8(a)})
		}
		m = n
	}
	var out bytes.Buffer
	if err := png.Encode(&out, m); err != nil {
		return nil, c.errorf("for parameter %s: %v", param, err)
	}
	if max := sb.App.Media.Max(); int64(out.Len()) > max {
		return nil, c.errorf("for parameter %s: the PNG of %d bytes is more than the media store of %d bytes (raise [limits] media_bytes in stark.toml)", param, out.Len(), max)
	}
	return out.Bytes(), nil
}

// pixelValue reads one value of an array of pixels.
func pixelValue(c *call, param string, v starlark.Value, y, x, k int) (float64, bool, error) {
	switch n := v.(type) {
	case starlark.Int:
		i, ok := n.Int64()
		if !ok {
			i = 1 << 40 // out of range either way
		}
		return float64(i), false, nil
	case starlark.Float:
		return float64(n), true, nil
	}
	at := fmt.Sprintf("[%d][%d]", y, x)
	if k >= 0 {
		at += fmt.Sprintf("[%d]", k)
	}
	return 0, false, c.errorf("for parameter %s: the value at %s is %s, want int (0 to 255) or float (0 to 1)", param, at, v.Type())
}

// isStringish reports whether v is a string or bytes, which are
// Indexable but never rows or pixels.
func isStringish(v starlark.Value) bool {
	switch v.(type) {
	case starlark.String, starlark.Bytes:
		return true
	}
	return false
}

// shape spells an array's shape as numpy does: (H, W) or (H, W, C).
func shape(h, w, ch int) string {
	if ch == 0 {
		return fmt.Sprintf("(%d, %d)", h, w)
	}
	return fmt.Sprintf("(%d, %d, %d)", h, w, ch)
}
