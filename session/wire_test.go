package session

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stark-dev/stark/host"
)

// The golden examples of the protocol: one message of each type by
// direction (browser/TYPE.json, server/TYPE.json) and one element of each
// kind (elements/KIND.json, written from what starlib sends by web's
// TestWireGoldenElements). The front end's tests (web/frontend/test) read
// the same files.
const wireDir = "testdata/wire"

// tsFile is the TypeScript the front end compiles against, generated from
// the types of protocol.go and elements.go by TestTypeScript.
const tsFile = "../web/frontend/src/wire.ts"

var update = flag.Bool("update", false, "rewrite "+tsFile+" from the Go types")

// strictDecode decodes b into a new value of t, refusing unknown fields.
func strictDecode(b []byte, t reflect.Type) (any, error) {
	v := reflect.New(t)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

// sameJSON reports whether a and b are the same JSON value (object keys in
// any order).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestGoldenMessages(t *testing.T) {
	for _, dir := range []struct {
		name string
		msgs []Message
	}{{"browser", fromBrowser}, {"server", fromServer}} {
		byType := map[string]Message{}
		for _, m := range dir.msgs {
			byType[m.MsgType()] = m
		}
		files, _ := filepath.Glob(filepath.Join(wireDir, dir.name, "*.json"))
		seen := map[string]bool{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var h Header
			if err := json.Unmarshal(b, &h); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if want := strings.TrimSuffix(filepath.Base(f), ".json"); h.Type != want || h.V != Version {
				t.Errorf("%s: v %d type %q, want v %d type %q", f, h.V, h.Type, Version, want)
			}
			m, ok := byType[h.Type]
			if !ok {
				t.Errorf("%s: no %s message of type %q in protocol.go", f, dir.name, h.Type)
				continue
			}
			seen[h.Type] = true
			got, err := strictDecode(b, reflect.TypeOf(m).Elem())
			if err != nil {
				t.Errorf("%s: %T: %v", f, m, err)
				continue
			}
			if out := Encode(got.(Message)); !sameJSON(t, out, b) {
				t.Errorf("%s: %T encodes it as\n%s", f, m, out)
			}
			if dir.name == "browser" {
				if _, err := Decode(b); err != nil {
					t.Errorf("%s: Decode: %v", f, err)
				}
			}
		}
		for typ := range byType {
			if !seen[typ] {
				t.Errorf("%s message %q has no golden example %s/%s.json", dir.name, typ, dir.name, typ)
			}
		}
	}
}

// TestBrowserMessagesDecode holds Incoming, the one struct Decode reads, to
// the browser's message types: every field they send is a field of it.
func TestBrowserMessagesDecode(t *testing.T) {
	in := jsonFields(reflect.TypeOf(Incoming{}))
	for _, m := range fromBrowser {
		for name, ft := range jsonFields(reflect.TypeOf(m).Elem()) {
			it, ok := in[name]
			if !ok {
				t.Errorf("%T: field %q is not in Incoming", m, name)
				continue
			}
			if kindOf(it) != kindOf(ft) {
				t.Errorf("%T: field %q is %s, Incoming's %s", m, name, ft, it)
			}
		}
	}
}

// kindOf is a JSON type's kind, seeing through pointers and raw JSON.
func kindOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(json.RawMessage{}) || t.Kind() == reflect.Interface {
		return "any"
	}
	if t.Kind() == reflect.Map && (t.Elem() == reflect.TypeOf(json.RawMessage{}) || t.Elem().Kind() == reflect.Interface) {
		return "map of any"
	}
	return t.Kind().String()
}

func TestGoldenElements(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(wireDir, "elements", "*.json"))
	seen := map[string]bool{}
	for _, f := range files {
		kind := strings.TrimSuffix(filepath.Base(f), ".json")
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		proto, ok := elementKinds[kind]
		if !ok {
			t.Errorf("%s: kind %q has no type in elements.go", f, kind)
			continue
		}
		seen[kind] = true
		got, err := strictDecode(b, reflect.TypeOf(proto))
		if err != nil {
			t.Errorf("%s: %T: %v", f, proto, err)
			continue
		}
		out, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, out, b) {
			t.Errorf("%s: %T encodes it as\n%s", f, proto, out)
		}
		var base Base
		json.Unmarshal(b, &base)
		if base.Kind != kind {
			t.Errorf("%s: kind %q", f, base.Kind)
		}
	}
	for kind := range elementKinds {
		if !seen[kind] {
			t.Errorf("kind %q has no golden example elements/%s.json", kind, kind)
		}
	}
}

// TestDeltaFrame holds the delta frame the session writes by hand to
// json.Marshal of DeltaMsg.
func TestDeltaFrame(t *testing.T) {
	els := []*host.Element{
		{Kind: "title", Path: "main.0", Text: "Hello", TextBody: true},
		{Kind: "slider", Path: "main.1", ID: "n", Props: map[string]any{"value": 3, "label": "n"}},
	}
	counts := map[string]int{"main": 2, "sidebar": 0}
	frame := appendDeltaHead(nil, 7)
	for i, e := range els {
		if i > 0 {
			frame = append(frame, ',')
		}
		frame = e.AppendJSON(frame)
	}
	frame = appendDeltaTail(frame, counts)

	m := &DeltaMsg{Run: 7, Counts: counts}
	for _, e := range els {
		var el Element
		if err := json.Unmarshal(e.AppendJSON(nil), &el); err != nil {
			t.Fatal(err)
		}
		m.Elements = append(m.Elements, el)
	}
	want := Encode(m)
	if !sameJSON(t, frame, want) {
		t.Errorf("delta frame\n%s\nwant\n%s", frame, want)
	}
	if !bytes.HasPrefix(frame, []byte(`{"v":1,"type":"delta",`)) {
		t.Errorf("delta frame %s: v and type must come first", frame)
	}
}

// run_end written by hand is byte for byte what Encode writes, and Encode's
// when it cannot be (an error, strings to escape).
func TestRunEndFrame(t *testing.T) {
	for _, m := range []*RunEndMsg{
		{Run: 7, Status: "completed", Counts: map[string]int{"main": 52, "sidebar": 0, "main.3": 1, "main.3.0": 4}},
		{Run: 1 << 40, Status: "stopped", Counts: map[string]int{}},
		{Run: 2, Status: "completed", Counts: nil},
		{Run: 3, Status: "completed", Counts: map[string]int{"main.4": 2}, Scope: "main.4"},
		{Run: 4, Status: "failed", Error: &host.Error{Message: "boom <here>"}, Counts: map[string]int{"main": 1}},
		{Run: 5, Status: "completed", Counts: map[string]int{"a\b": 1, "<x>": 2, "\x08": 3}},
		{Run: 6, Status: "completed", Counts: map[string]int{"main": 1}, Scope: "é\f"},
	} {
		want := Encode(&RunEndMsg{Run: m.Run, Status: m.Status, Error: m.Error, Counts: m.Counts, Scope: m.Scope})
		if got := appendRunEnd([]byte("x"), m); string(got) != "x"+string(want) {
			t.Errorf("appendRunEnd = %s\nwant %s", got[1:], want)
		}
	}
}

// run_start written by hand is byte for byte what Encode writes.
func TestRunStartFrame(t *testing.T) {
	for _, m := range []*RunStartMsg{
		{Run: 1, Page: "Bench"},
		{Run: 1 << 50, Page: "My page", Scope: "main.3.1"},
		{Run: 2, Page: "Café <&>"},
		{Run: 3, Page: "a\bb\\c\"d"},
		{Run: 4, Page: ""},
	} {
		want := Encode(&RunStartMsg{Run: m.Run, Page: m.Page, Scope: m.Scope})
		if got := appendRunStart([]byte("x"), m); string(got) != "x"+string(want) {
			t.Errorf("appendRunStart = %s\nwant %s", got[1:], want)
		}
	}
}

// TestTypeScript generates the front end's types from the Go types and
// compares them with wire.ts; -update (go generate ./session) writes it.
func TestTypeScript(t *testing.T) {
	got := typeScript()
	if *update {
		if err := os.WriteFile(tsFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(tsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what the Go types generate: run go generate ./session", tsFile)
	}
}

// jsonFields returns the JSON fields of struct type t, embedded structs
// flattened.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, f := range fieldsOf(t) {
		out[f.name] = f.typ
	}
	return out
}

type tsField struct {
	name     string
	typ      reflect.Type
	optional bool
	ts       string // the ts tag
}

func fieldsOf(t reflect.Type) []tsField {
	var out []tsField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, fieldsOf(f.Type)...)
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out = append(out, tsField{name: name, typ: f.Type, optional: strings.Contains(opts, "omitempty"), ts: f.Tag.Get("ts")})
	}
	return out
}

// tsGen writes TypeScript declarations of Go types.
type tsGen struct {
	done  map[reflect.Type]bool
	queue []reflect.Type
	out   bytes.Buffer
}

var (
	elementType = reflect.TypeOf(Element{})
	hostError   = reflect.TypeOf(host.Error{})
)

// tsName is the TypeScript name of a named struct type.
func tsName(t reflect.Type) string {
	if t == hostError {
		return "HostError"
	}
	return t.Name()
}

// tsType is the TypeScript type of a field of type t, queueing the
// structs it names.
func (g *tsGen) tsType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return g.tsType(t.Elem()) + " | null"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Interface:
		return "unknown"
	case reflect.Slice:
		if t == reflect.TypeOf(json.RawMessage{}) {
			return "unknown"
		}
		el := g.tsType(t.Elem())
		if strings.Contains(el, " ") {
			el = "(" + el + ")"
		}
		return el + "[]"
	case reflect.Map:
		if t == elementType {
			return "Element"
		}
		return "Record<string, " + g.tsType(t.Elem()) + ">"
	case reflect.Struct:
		if !g.done[t] {
			g.done[t] = true
			g.queue = append(g.queue, t)
		}
		return tsName(t)
	}
	panic(fmt.Sprintf("no TypeScript for %s", t))
}

// iface writes an interface for struct t; fixed gives literal types of
// fields (the message's type, the element's kinds).
func (g *tsGen) iface(name, doc string, t reflect.Type, fixed map[string]string) {
	if doc != "" {
		fmt.Fprintf(&g.out, "/** %s */\n", doc)
	}
	fmt.Fprintf(&g.out, "export interface %s {\n", name)
	for _, f := range fieldsOf(t) {
		typ := fixed[f.name]
		if typ == "" {
			typ = f.ts
		}
		if typ == "" {
			typ = g.tsType(f.typ)
		}
		opt := ""
		if f.optional {
			opt = "?"
		}
		fmt.Fprintf(&g.out, "  %s%s: %s;\n", f.name, opt, typ)
	}
	g.out.WriteString("}\n\n")
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func typeScript() []byte {
	g := &tsGen{done: map[reflect.Type]bool{}}
	g.out.WriteString(`// Code generated from session/protocol.go and session/elements.go by
// session's TestTypeScript (go generate ./session). DO NOT EDIT.
//
// The wire protocol (docs/protocol.md) and the elements' properties
// (docs/elements.md); session/testdata/wire holds an example of each.

`)
	fmt.Fprintf(&g.out, "export const VERSION = %d;\n\n", Version)
	union := func(name string, msgs []Message) {
		var names, types []string
		for _, m := range msgs {
			types = append(types, quote(m.MsgType()))
			t := reflect.TypeOf(m).Elem()
			g.done[t] = true
			g.iface(t.Name(), "", t, map[string]string{"v": "number", "type": quote(m.MsgType())})
			names = append(names, t.Name())
		}
		fmt.Fprintf(&g.out, "export type %s =\n  | %s;\n\n", name, strings.Join(names, "\n  | "))
		fmt.Fprintf(&g.out, "/** The types of %s. */\nexport const %sTypes: readonly %s[\"type\"][] = [%s];\n\n", name, strings.ToLower(name[:1])+name[1:], name, strings.Join(types, ", "))
	}
	union("BrowserMsg", fromBrowser)
	union("ServerMsg", fromServer)

	// Element kinds, grouped by their Go type.
	kinds := map[reflect.Type][]string{}
	for k, v := range elementKinds {
		t := reflect.TypeOf(v)
		kinds[t] = append(kinds[t], k)
	}
	types := make([]reflect.Type, 0, len(kinds))
	for t := range kinds {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool { return types[i].Name() < types[j].Name() })
	var names []string
	for _, t := range types {
		ks := kinds[t]
		slices.Sort(ks)
		lits := make([]string, len(ks))
		for i, k := range ks {
			lits[i] = quote(k)
		}
		g.done[t] = true
		g.iface(t.Name(), "", t, map[string]string{"kind": strings.Join(lits, " | ")})
		names = append(names, t.Name())
	}
	fmt.Fprintf(&g.out, "/** An element of a delta, by kind. */\nexport type Element =\n  | %s;\n\n", strings.Join(names, "\n  | "))
	g.out.WriteString("/** The kinds of elements. */\nexport type Kind = Element[\"kind\"];\n\n")
	g.out.WriteString("/** The element type of a kind. */\nexport type ElementOf<K extends Kind> = Extract<Element, { kind: K }>;\n\n")

	// The answer to an upload, over HTTP.
	g.tsType(reflect.TypeOf(UploadReply{}))

	// The structs the messages and elements name.
	for len(g.queue) > 0 {
		t := g.queue[0]
		g.queue = g.queue[1:]
		g.iface(tsName(t), "", t, nil)
	}
	return bytes.TrimSuffix(g.out.Bytes(), []byte("\n"))
}
