package table

// This file defines the data module — data.csv and data.json, which read a
// table from a file inside the app or from bytes (an upload's data) — and
// the readers behind them, [ReadCSV] and [ReadJSON].

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// DataModule is the data module pages see: data.csv and data.json.
var DataModule = &starlarkstruct.Module{
	Name: "data",
	Members: starlark.StringDict{
		"csv":  starlark.NewBuiltin("data.csv", dataCSV),
		"json": starlark.NewBuiltin("data.json", dataJSON),
	},
}

// dataCSV implements data.csv(source, header=True, delimiter=",").
func dataCSV(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var source starlark.Value
	header := true
	delimiter := ","
	if err := host.UnpackArgs(b.Name(), args, kwargs, "source", &source, "header?", &header, "delimiter?", &delimiter); err != nil {
		return nil, err
	}
	comma, size := utf8.DecodeRuneInString(delimiter)
	if size != len(delimiter) || !validDelimiter(comma) {
		return nil, fmt.Errorf("%s: for parameter delimiter: got %q, want one character other than a quote or a line break", b.Name(), delimiter)
	}
	src, name, err := readSource(t, b.Name(), source)
	if err != nil {
		return nil, err
	}
	tbl, err := readCSV(src, CSVOptions{NoHeader: !header, Comma: comma}, host.SandboxOf(t).Work(b.Name()))
	if err != nil {
		return nil, readerError(b.Name(), name, err)
	}
	return tbl, nil
}

// dataJSON implements data.json(source).
func dataJSON(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var source starlark.Value
	if err := host.UnpackArgs(b.Name(), args, kwargs, "source", &source); err != nil {
		return nil, err
	}
	src, name, err := readSource(t, b.Name(), source)
	if err != nil {
		return nil, err
	}
	tbl, err := readJSON(src, host.SandboxOf(t).Work(b.Name()))
	if err != nil {
		return nil, readerError(b.Name(), name, err)
	}
	return tbl, nil
}

// workError is an error of a reader's [host.Work]: the run's cancellation,
// or the call's size bound, whose message names the builtin already.
type workError struct {
	err  error
	line int // where the reader was, or 0
}

func (e *workError) Error() string { return e.err.Error() }

// readerError returns the error of reader op on the content name ("" or
// "sales.csv: ").
func readerError(op, name string, err error) error {
	var we *workError
	if errors.As(err, &we) {
		if we.line > 0 {
			return fmt.Errorf("%v, at %sline %d", we.err, name, we.line)
		}
		return we.err
	}
	return fmt.Errorf("%s: %s%v", op, name, err)
}

// readSource returns the content a reader was given: a path (a string) is
// read from the app, bytes are the content, and a file of st.file_uploader
// (a dict with "data") gives its data. name prefixes errors about the
// content ("sales.csv: ").
func readSource(t *starlark.Thread, op string, source starlark.Value) (content []byte, name string, err error) {
	switch s := source.(type) {
	case starlark.String:
		b, err := readAppFile(t, op, string(s))
		return b, string(s) + ": ", err
	case starlark.Bytes:
		return []byte(s), "", nil
	case *starlark.Dict:
		data, found, _ := s.Get(starlark.String("data"))
		if b, ok := data.(starlark.Bytes); found && ok {
			fname, _, _ := s.Get(starlark.String("name"))
			if n, ok := fname.(starlark.String); ok {
				name = string(n) + ": "
			}
			return []byte(b), name, nil
		}
	}
	return nil, "", fmt.Errorf("%s: for parameter source: got %s, want a path in the app (string), bytes, or an uploaded file", op, source.Type())
}

// readAppFile reads the file a page names: see [host.ReadAppFile].
func readAppFile(t *starlark.Thread, op, name string) ([]byte, error) {
	return host.ReadAppFile(t, op, name, 0)
}

func validDelimiter(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && utf8.ValidRune(r) && r != utf8.RuneError
}

// CSVOptions configure [ReadCSV]. The zero value reads comma-separated
// values with a header line.
type CSVOptions struct {
	// NoHeader reads the first line as data; the columns are named "0",
	// "1", ….
	NoHeader bool
	// Comma is the delimiter; 0 means ','.
	Comma rune
}

// ReadCSV reads a table from CSV text. Every line has as many fields as the
// first. A column's type is inferred from its non-empty cells: int when
// every one parses as an int, else float, else bool (true or false, any
// case), else time (RFC 3339 or YYYY-MM-DD), else string; a column of empty
// cells only has type null. Empty cells are null. Errors name the line.
func ReadCSV(data []byte, opts CSVOptions) (*Table, error) { return readCSV(data, opts, nil) }

// The heap a table read from text takes, as the readers count it against
// [limits] call_bytes before they make it: a cell is a string header and
// its share of the column's growth, a column its name, its index entry and
// its typed values' headers. A line of ten thousand commas is ten thousand
// cells: 320 KB from 10 KB of text.
const (
	cellBytes   = 32
	columnBytes = 256
)

// readCSV is ReadCSV metered by w: it stops when w's run is cancelled and
// when the table would take more than the call may allocate.
func readCSV(data []byte, opts CSVOptions, w *host.Work) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	if opts.Comma != 0 {
		if !validDelimiter(opts.Comma) {
			return nil, fmt.Errorf("bad delimiter %q", opts.Comma)
		}
		r.Comma = opts.Comma
	}
	r.FieldsPerRecord = -1 // checked below, with a better message
	r.ReuseRecord = true
	// The reader makes a whole record at once: the widest line must fit
	// before it is read.
	if err := w.Fits(widestRecord(data, r.Comma) * columnBytes); err != nil {
		return nil, &workError{err: err}
	}
	var names []string
	var raw [][]string
	rows := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
					return nil, fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
				}
				return nil, fmt.Errorf("line %d: %v", pe.Line, pe.Err)
			}
			return nil, err
		}
		if err := w.Add(len(rec)); err != nil {
			return nil, &workError{err: err}
		}
		line, _ := r.FieldPos(0)
		recBytes := int64(len(rec)) * cellBytes
		if names == nil {
			recBytes = int64(len(rec)) * columnBytes
		}
		for _, f := range rec {
			recBytes += int64(len(f))
		}
		if err := w.Alloc(recBytes); err != nil {
			return nil, &workError{err: err, line: line}
		}
		if names == nil {
			names = make([]string, len(rec))
			raw = make([][]string, len(rec))
			if !opts.NoHeader {
				seen := make(map[string]bool, len(rec))
				for j, h := range rec {
					if h == "" {
						h = strconv.Itoa(j)
					}
					if seen[h] {
						return nil, fmt.Errorf("line %d: two columns are named %q", line, h)
					}
					seen[h] = true
					names[j] = h
				}
				continue
			}
			for j := range names {
				names[j] = strconv.Itoa(j)
			}
		}
		if len(rec) != len(names) {
			return nil, fmt.Errorf("line %d: %d fields, want %d as on the first line", line, len(rec), len(names))
		}
		for j, v := range rec {
			raw[j] = append(raw[j], v)
		}
		rows++
	}
	cols := make([]*column, len(names))
	for j, name := range names {
		if err := w.Add(rows + 1); err != nil {
			return nil, &workError{err: err}
		}
		cols[j] = inferColumn(name, raw[j], rows)
	}
	return mustTable(cols, rows), nil
}

// widestRecord returns an upper bound of the fields of data's widest line:
// its delimiters and one. A quoted field may hold delimiters and line
// breaks, so it is a bound, not a count.
func widestRecord(data []byte, comma rune) int64 {
	sep := []byte(string(comma))
	var widest int64
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		widest = max(widest, int64(bytes.Count(line, sep))+1)
	}
	return widest
}

// inferColumn converts the cells of a CSV column to the narrowest type
// that holds every non-empty one.
func inferColumn(name string, cells []string, n int) *column {
	canInt, canFloat, canBool, canTime := true, true, true, true
	seen := false
	for _, s := range cells {
		if s == "" {
			continue
		}
		seen = true
		v := strings.TrimSpace(s)
		if canInt {
			_, err := strconv.ParseInt(v, 10, 64)
			canInt = err == nil
		}
		if canFloat && !canInt {
			_, ok := parseDecimal(v)
			canFloat = ok
		}
		if canBool {
			_, canBool = parseBool(v)
		}
		if canTime {
			_, canTime = parseTime(v)
		}
		if !canInt && !canFloat && !canBool && !canTime {
			break
		}
	}
	if !seen {
		return nullColumn(name, n)
	}
	c := &column{name: name, n: n}
	switch {
	case canInt:
		c.typ, c.ints = TypeInt, make([]int64, n)
	case canFloat:
		c.typ, c.flts = TypeFloat, make([]float64, n)
	case canBool:
		c.typ, c.bools = TypeBool, make([]bool, n)
	case canTime:
		c.typ, c.times = TypeTime, make([]time.Time, n)
	default:
		c.typ, c.strs = TypeString, cells
	}
	for i, s := range cells {
		if s == "" {
			c.setNull(i)
			continue
		}
		v := strings.TrimSpace(s)
		switch c.typ {
		case TypeInt:
			c.ints[i], _ = strconv.ParseInt(v, 10, 64)
		case TypeFloat:
			c.flts[i], _ = parseDecimal(v)
		case TypeBool:
			c.bools[i], _ = parseBool(v)
		case TypeTime:
			c.times[i], _ = parseTime(v)
		}
	}
	return c
}

// parseDecimal parses a decimal number: sign, digits, point, exponent; not
// Go's hex floats, underscores, infinities or NaN, which strconv accepts.
func parseDecimal(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func parseBool(s string) (v, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// ReadJSON reads a table from JSON text: an array of objects (rows; a
// missing key is null; the columns are the keys in order of first
// appearance) or an object of arrays (columns of equal length). Values are
// null, numbers (an int column when every number is an integer that fits
// 64 bits, else float), bools and strings (a time column when every string
// is RFC 3339 or YYYY-MM-DD); nested arrays and objects are refused. Errors
// name the line.
func ReadJSON(data []byte) (*Table, error) { return readJSON(data, nil) }

// readJSON is ReadJSON metered by w: it stops when w's run is cancelled and
// when the table would take more than the call may allocate.
func readJSON(data []byte, w *host.Work) (*Table, error) {
	r := &jsonReader{src: data, dec: json.NewDecoder(bytes.NewReader(data)), index: map[string]int{}, work: w}
	r.dec.UseNumber()
	t, err := r.read()
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("line %d: %v", lineAt(data, se.Offset), se)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("line %d: the JSON text ends early", lineAt(data, int64(len(data))))
		}
		return nil, err
	}
	return t, nil
}

type jsonReader struct {
	src   []byte
	dec   *json.Decoder
	names []string
	index map[string]int
	vals  [][]any // per column: nil, bool, json.Number or string
	rows  [][]int // per column: the row of each value
	work  *host.Work
}

func (r *jsonReader) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", lineAt(r.src, r.dec.InputOffset()), fmt.Sprintf(format, args...))
}

func lineAt(src []byte, off int64) int {
	off = min(max(off, 0), int64(len(src)))
	return bytes.Count(src[:off], []byte("\n")) + 1
}

func (r *jsonReader) read() (*Table, error) {
	tok, err := r.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("no JSON value: want an array of objects or an object of arrays")
		}
		return nil, err
	}
	var n int
	switch tok {
	case json.Delim('['):
		n, err = r.readRows()
	case json.Delim('{'):
		n, err = r.readColumns()
	default:
		return nil, r.errorf("got %s, want an array of objects or an object of arrays", jsonKind(tok))
	}
	if err != nil {
		return nil, err
	}
	if _, err := r.dec.Token(); err != io.EOF {
		if err != nil {
			return nil, err
		}
		return nil, r.errorf("more JSON after the table")
	}
	cols := make([]*column, len(r.names))
	for j, name := range r.names {
		c, err := jsonColumn(name, r.vals[j], r.rows[j], n)
		if err != nil {
			return nil, err
		}
		cols[j] = c
	}
	return mustTable(cols, n), nil
}

// readRows reads the objects of an array of rows; the '[' is read.
func (r *jsonReader) readRows() (int, error) {
	n := 0
	for r.dec.More() {
		if err := r.work.Tick(); err != nil {
			return 0, &workError{err: err}
		}
		tok, err := r.dec.Token()
		if err != nil {
			return 0, err
		}
		if tok != json.Delim('{') {
			return 0, r.errorf("row %d is %s, want an object", n, jsonKind(tok))
		}
		for r.dec.More() {
			k, err := r.dec.Token()
			if err != nil {
				return 0, err
			}
			name, ok := k.(string)
			if !ok {
				return 0, r.errorf("bad object key")
			}
			v, err := r.scalar(name, n)
			if err != nil {
				return 0, err
			}
			j, ok := r.index[name]
			if !ok {
				j = r.addColumn(name)
			}
			if m := len(r.rows[j]); m > 0 && r.rows[j][m-1] == n {
				r.vals[j][m-1] = v // a repeated key: the last wins
				continue
			}
			r.vals[j] = append(r.vals[j], v)
			r.rows[j] = append(r.rows[j], n)
		}
		if _, err := r.dec.Token(); err != nil { // '}'
			return 0, err
		}
		n++
	}
	if _, err := r.dec.Token(); err != nil { // ']'
		return 0, err
	}
	return n, nil
}

// readColumns reads the arrays of an object of columns; the '{' is read.
func (r *jsonReader) readColumns() (int, error) {
	n := -1
	first := ""
	for r.dec.More() {
		k, err := r.dec.Token()
		if err != nil {
			return 0, err
		}
		name, ok := k.(string)
		if !ok {
			return 0, r.errorf("bad object key")
		}
		if _, dup := r.index[name]; dup {
			return 0, r.errorf("two columns are named %q", name)
		}
		tok, err := r.dec.Token()
		if err != nil {
			return 0, err
		}
		if tok != json.Delim('[') {
			return 0, r.errorf("column %q is %s, want an array", name, jsonKind(tok))
		}
		j := r.addColumn(name)
		i := 0
		for r.dec.More() {
			v, err := r.scalar(name, i)
			if err != nil {
				return 0, err
			}
			r.vals[j] = append(r.vals[j], v)
			r.rows[j] = append(r.rows[j], i)
			i++
		}
		if _, err := r.dec.Token(); err != nil { // ']'
			return 0, err
		}
		if n >= 0 && i != n {
			return 0, r.errorf("column %q has %d values, column %q has %d", name, i, first, n)
		}
		if n < 0 {
			n, first = i, name
		}
	}
	if _, err := r.dec.Token(); err != nil { // '}'
		return 0, err
	}
	return max(n, 0), nil
}

func (r *jsonReader) addColumn(name string) int {
	r.work.Alloc(columnBytes) // a column's heap, counted with its values (see scalar)
	j := len(r.names)
	r.index[name] = j
	r.names = append(r.names, name)
	r.vals = append(r.vals, nil)
	r.rows = append(r.rows, nil)
	return j
}

// scalar reads the value of column name in row i.
func (r *jsonReader) scalar(name string, i int) (any, error) {
	if err := r.work.Tick(); err != nil {
		return nil, &workError{err: err}
	}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	size := int64(2 * cellBytes) // the value and its row number
	if s, ok := tok.(string); ok {
		size += int64(len(s))
	} else if n, ok := tok.(json.Number); ok {
		size += int64(len(n))
	}
	if err := r.work.Alloc(size); err != nil {
		return nil, &workError{err: err, line: lineAt(r.src, r.dec.InputOffset())}
	}
	if _, ok := tok.(json.Delim); ok {
		return nil, r.errorf("row %d, column %q: got %s; nested arrays and objects are not supported", i, name, jsonKind(tok))
	}
	return tok, nil
}

func jsonKind(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' || tok == ']' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a bool"
	}
	return "null"
}

// jsonColumn converts the values of a JSON column: vals[k] is the value of
// row rows[k]; other rows are null.
func jsonColumn(name string, vals []any, rows []int, n int) (*column, error) {
	c := &column{name: name, typ: TypeNull, n: n}
	kindRow := -1
	allInts, allTimes := true, true
	for k, v := range vals {
		var t Type
		switch v := v.(type) {
		case nil:
			continue
		case bool:
			t = TypeBool
		case string:
			t = TypeString
			if allTimes {
				_, allTimes = parseTime(v)
			}
		case json.Number:
			t = TypeFloat
			if allInts && strings.ContainsAny(string(v), ".eE") {
				allInts = false
			} else if allInts {
				_, err := v.Int64()
				allInts = err == nil
			}
		}
		if c.typ == TypeNull {
			c.typ, kindRow = t, rows[k]
		} else if t != c.typ {
			return nil, fmt.Errorf("column %q: row %d is %s, row %d is %s; a column holds one type (and null)", name, kindRow, jsonType(c.typ), rows[k], jsonType(t))
		}
	}
	switch {
	case c.typ == TypeNull:
		return nullColumn(name, n), nil
	case c.typ == TypeFloat && allInts:
		c.typ, c.ints = TypeInt, make([]int64, n)
	case c.typ == TypeFloat:
		c.flts = make([]float64, n)
	case c.typ == TypeBool:
		c.bools = make([]bool, n)
	case c.typ == TypeString && allTimes:
		c.typ, c.times = TypeTime, make([]time.Time, n)
	default:
		c.strs = make([]string, n)
	}
	c.null = make([]bool, n)
	for i := range c.null {
		c.null[i] = true
	}
	for k, v := range vals {
		i := rows[k]
		if v == nil {
			continue
		}
		c.null[i] = false
		switch c.typ {
		case TypeInt:
			c.ints[i], _ = v.(json.Number).Int64()
		case TypeFloat:
			f, err := strconv.ParseFloat(string(v.(json.Number)), 64)
			if err != nil {
				return nil, fmt.Errorf("column %q: row %d: the number %s is out of range", name, i, v)
			}
			c.flts[i] = f
		case TypeBool:
			c.bools[i] = v.(bool)
		case TypeTime:
			c.times[i], _ = parseTime(v.(string))
		case TypeString:
			c.strs[i] = v.(string)
		}
	}
	if !slices.Contains(c.null, true) {
		c.null = nil
	}
	return c, nil
}

func jsonType(t Type) string {
	switch t {
	case TypeFloat:
		return "a number"
	case TypeBool:
		return "a bool"
	}
	return "a string"
}
