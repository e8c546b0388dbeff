package host

// This file defines the serialisation of frozen values that cross between
// replicas (docs/replicas.md): cache_data's values in a shared cache and
// the session checkpoints. The encoding is stable and versioned: a byte
// string starting with serialMagic and serialVersion, then one value.
//
// The type set: None, bool, int (any size), float, string, bytes, list,
// tuple, dict, set, and the types a package registers with
// [RegisterSerial] (lib/table registers its tables and Starlark's time
// values). Any other value (a function, a module, a connection) cannot
// cross: [Serialize] says which value and where it was met.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"sync"

	"go.starlark.net/starlark"
)

const (
	serialMagic   = "stk"
	serialVersion = 1
	// serialDepth bounds nesting, in encoding and decoding alike.
	serialDepth = 100
)

// Value tags.
const (
	tagNone  = 'N'
	tagFalse = 'F'
	tagTrue  = 'T'
	tagInt   = 'i' // a zigzag varint
	tagBig   = 'I' // a big int as its decimal text
	tagFloat = 'f' // 8 bytes, IEEE 754, big endian
	tagStr   = 's'
	tagBytes = 'b'
	tagList  = 'l'
	tagTuple = 't'
	tagDict  = 'd'
	tagSet   = 'S'
	tagExt   = 'x' // a registered type: its name, then its own payload
)

// A SerialCodec encodes and decodes the values of one type that is not
// Starlark's own. Encode appends to b; its values may be encoded with the
// codec's helper, e (nested values share the depth bound).
type SerialCodec struct {
	Encode func(e *Encoder, v starlark.Value) error
	Decode func(d *Decoder) (starlark.Value, error)
}

var serialCodecs sync.Map // type name (Value.Type()) → *SerialCodec

// RegisterSerial registers the codec of the values whose Type() is name.
func RegisterSerial(name string, c *SerialCodec) { serialCodecs.Store(name, c) }

// An Encoder appends values to its buffer.
type Encoder struct {
	buf   []byte
	depth int
	path  []string // where the encoder is, for errors
}

// ErrNotSerial is wrapped by the error of a value that cannot cross.
var ErrNotSerial = errors.New("cannot be shared between replicas")

// Serialize encodes v (frozen) in the versioned encoding.
func Serialize(v starlark.Value) ([]byte, error) {
	e := &Encoder{buf: append(make([]byte, 0, 64), serialMagic...)}
	e.buf = append(e.buf, serialVersion)
	if err := e.Value(v); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// Uvarint appends n.
func (e *Encoder) Uvarint(n uint64) { e.buf = binary.AppendUvarint(e.buf, n) }

// String appends s with its length.
func (e *Encoder) String(s string) {
	e.Uvarint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *Encoder) where() string {
	if len(e.path) == 0 {
		return "the value"
	}
	s := "the value"
	for _, p := range e.path {
		s += p
	}
	return s
}

// Value appends v.
func (e *Encoder) Value(v starlark.Value) error {
	if e.depth >= serialDepth {
		return fmt.Errorf("%s: nested more than %d deep: %w", e.where(), serialDepth, ErrNotSerial)
	}
	e.depth++
	defer func() { e.depth-- }()
	switch x := v.(type) {
	case starlark.NoneType:
		e.buf = append(e.buf, tagNone)
	case starlark.Bool:
		if x {
			e.buf = append(e.buf, tagTrue)
		} else {
			e.buf = append(e.buf, tagFalse)
		}
	case starlark.Int:
		if n, ok := x.Int64(); ok {
			e.buf = append(e.buf, tagInt)
			e.buf = binary.AppendVarint(e.buf, n)
		} else {
			e.buf = append(e.buf, tagBig)
			e.String(x.String())
		}
	case starlark.Float:
		e.buf = append(e.buf, tagFloat)
		e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(float64(x)))
	case starlark.String:
		e.buf = append(e.buf, tagStr)
		e.String(string(x))
	case starlark.Bytes:
		e.buf = append(e.buf, tagBytes)
		e.String(string(x))
	case *starlark.List:
		e.buf = append(e.buf, tagList)
		return e.seq(x.Len(), x.Index)
	case starlark.Tuple:
		e.buf = append(e.buf, tagTuple)
		return e.seq(x.Len(), x.Index)
	case *starlark.Set:
		e.buf = append(e.buf, tagSet)
		return e.iter(x.Len(), x)
	case *starlark.Dict:
		e.buf = append(e.buf, tagDict)
		e.Uvarint(uint64(x.Len()))
		for _, kv := range x.Items() {
			e.path = append(e.path, "["+kv[0].String()+"]")
			if err := e.Value(kv[0]); err != nil {
				return err
			}
			if err := e.Value(kv[1]); err != nil {
				return err
			}
			e.path = e.path[:len(e.path)-1]
		}
	default:
		c, ok := serialCodecs.Load(v.Type())
		if !ok {
			return fmt.Errorf("%s is a %s: %w (the types that can: None, bool, int, float, string, bytes, list, tuple, dict, set, table, time)", e.where(), v.Type(), ErrNotSerial)
		}
		e.buf = append(e.buf, tagExt)
		e.String(v.Type())
		return c.(*SerialCodec).Encode(e, v)
	}
	return nil
}

func (e *Encoder) seq(n int, at func(int) starlark.Value) error {
	e.Uvarint(uint64(n))
	for i := 0; i < n; i++ {
		e.path = append(e.path, fmt.Sprintf("[%d]", i))
		if err := e.Value(at(i)); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	return nil
}

func (e *Encoder) iter(n int, it starlark.Iterable) error {
	e.Uvarint(uint64(n))
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if err := e.Value(x); err != nil {
			return err
		}
	}
	return nil
}

// A Decoder reads values from its buffer.
type Decoder struct {
	b     []byte
	depth int
}

var errShort = errors.New("truncated")

// Deserialize decodes what [Serialize] encoded; its result is frozen.
func Deserialize(b []byte) (starlark.Value, error) {
	if len(b) < len(serialMagic)+1 || string(b[:len(serialMagic)]) != serialMagic {
		return nil, errors.New("deserialize: not a serialised stark value")
	}
	if ver := b[len(serialMagic)]; ver != serialVersion {
		return nil, fmt.Errorf("deserialize: version %d, this stark reads version %d", ver, serialVersion)
	}
	d := &Decoder{b: b[len(serialMagic)+1:]}
	v, err := d.Value()
	if err != nil {
		return nil, fmt.Errorf("deserialize: %v", err)
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("deserialize: %d bytes after the value", len(d.b))
	}
	v.Freeze()
	return v, nil
}

// Uvarint reads a number.
func (d *Decoder) Uvarint() (uint64, error) {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		return 0, errShort
	}
	d.b = d.b[k:]
	return n, nil
}

// String reads a string with its length.
func (d *Decoder) String() (string, error) {
	n, err := d.Uvarint()
	if err != nil {
		return "", err
	}
	if n > uint64(len(d.b)) {
		return "", errShort
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s, nil
}

// count reads a number of elements, each at least one byte.
func (d *Decoder) count() (int, error) {
	n, err := d.Uvarint()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.b)) {
		return 0, errShort
	}
	return int(n), nil
}

// Value reads a value.
func (d *Decoder) Value() (starlark.Value, error) {
	if len(d.b) == 0 {
		return nil, errShort
	}
	if d.depth >= serialDepth {
		return nil, fmt.Errorf("nested more than %d deep", serialDepth)
	}
	d.depth++
	defer func() { d.depth-- }()
	tag := d.b[0]
	d.b = d.b[1:]
	switch tag {
	case tagNone:
		return starlark.None, nil
	case tagFalse:
		return starlark.False, nil
	case tagTrue:
		return starlark.True, nil
	case tagInt:
		n, k := binary.Varint(d.b)
		if k <= 0 {
			return nil, errShort
		}
		d.b = d.b[k:]
		return starlark.MakeInt64(n), nil
	case tagBig:
		s, err := d.String()
		if err != nil {
			return nil, err
		}
		n, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, fmt.Errorf("bad int %q", s)
		}
		return starlark.MakeBigInt(n), nil
	case tagFloat:
		if len(d.b) < 8 {
			return nil, errShort
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(d.b))
		d.b = d.b[8:]
		return starlark.Float(f), nil
	case tagStr:
		s, err := d.String()
		return starlark.String(s), err
	case tagBytes:
		s, err := d.String()
		return starlark.Bytes(s), err
	case tagList, tagTuple, tagSet:
		n, err := d.count()
		if err != nil {
			return nil, err
		}
		elems := make([]starlark.Value, n)
		for i := range elems {
			if elems[i], err = d.Value(); err != nil {
				return nil, err
			}
		}
		switch tag {
		case tagList:
			return starlark.NewList(elems), nil
		case tagTuple:
			return starlark.Tuple(elems), nil
		}
		s := starlark.NewSet(n)
		for _, x := range elems {
			if err := s.Insert(x); err != nil {
				return nil, err
			}
		}
		return s, nil
	case tagDict:
		n, err := d.count()
		if err != nil {
			return nil, err
		}
		dict := starlark.NewDict(n)
		for i := 0; i < n; i++ {
			k, err := d.Value()
			if err != nil {
				return nil, err
			}
			v, err := d.Value()
			if err != nil {
				return nil, err
			}
			if err := dict.SetKey(k, v); err != nil {
				return nil, err
			}
		}
		return dict, nil
	case tagExt:
		name, err := d.String()
		if err != nil {
			return nil, err
		}
		c, ok := serialCodecs.Load(name)
		if !ok {
			return nil, fmt.Errorf("a %s, which this stark cannot read", name)
		}
		return c.(*SerialCodec).Decode(d)
	}
	return nil, fmt.Errorf("unknown tag %q", tag)
}
