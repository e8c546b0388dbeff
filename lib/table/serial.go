package table

// This file registers tables and time values with host's serialisation
// (host/serial.go), so that cache_data's tables and the times a session
// keeps cross between replicas.

import (
	"errors"
	"time"

	"github.com/stark-dev/stark/host"
	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
)

func init() {
	host.RegisterSerial("table", &host.SerialCodec{Encode: encodeTable, Decode: decodeTable})
	host.RegisterSerial("time.time", &host.SerialCodec{
		Encode: func(e *host.Encoder, v starlark.Value) error {
			b, err := time.Time(v.(startime.Time)).MarshalBinary()
			if err != nil {
				return err
			}
			e.String(string(b))
			return nil
		},
		Decode: func(d *host.Decoder) (starlark.Value, error) {
			s, err := d.String()
			if err != nil {
				return nil, err
			}
			var t time.Time
			if err := t.UnmarshalBinary([]byte(s)); err != nil {
				return nil, err
			}
			return startime.Time(t), nil
		},
	})
}

// A table is its row count, then each column: its name, its type and its
// values.
func encodeTable(e *host.Encoder, v starlark.Value) error {
	t := v.(*Table)
	e.Uvarint(uint64(t.n))
	e.Uvarint(uint64(len(t.cols)))
	for _, c := range t.cols {
		e.String(c.name)
		e.Uvarint(uint64(c.typ))
		for i := 0; i < t.n; i++ {
			if err := e.Value(c.value(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func decodeTable(d *host.Decoder) (starlark.Value, error) {
	n, err := d.Uvarint()
	if err != nil {
		return nil, err
	}
	k, err := d.Uvarint()
	if err != nil {
		return nil, err
	}
	if n > 1<<40 || k > 1<<20 {
		return nil, errors.New("a table too large to be real")
	}
	cols := make([]*Column, 0, k)
	for j := uint64(0); j < k; j++ {
		name, err := d.String()
		if err != nil {
			return nil, err
		}
		if _, err := d.Uvarint(); err != nil { // the type, which the values give again
			return nil, err
		}
		vals := make([]starlark.Value, 0, min(n, 1<<16))
		for i := uint64(0); i < n; i++ {
			v, err := d.Value()
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		c, err := NewColumn(name, vals)
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	t, err := New(cols, int(n))
	if err != nil {
		return nil, err
	}
	t.Freeze()
	return t, nil
}
