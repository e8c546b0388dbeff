package session

// This file defines the wire protocol: the messages between a browser tab
// and its session, JSON over one WebSocket. docs/protocol.md documents them,
// testdata/wire holds an example of each, and the front end's types
// (web/frontend/src/wire.ts) are generated from these:
//
//go:generate go test -run ^TestTypeScript$ -update .

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/stark-dev/stark/host"
)

// Version is the protocol version every message carries in "v".
const Version = 1

// MaxMessage is the largest message a browser may send, in bytes.
const MaxMessage = 1 << 20

// Types of the messages a browser sends.
const (
	TypeHello    = "hello"
	TypeWidget   = "widget"
	TypeNavigate = "navigate"
	TypeRerun    = "rerun"
	TypeForm     = "form"
	TypeRows     = "rows"
	// TypeBye ends the connection's session now, rather than after the
	// reconnect grace: the visitor (a load generator, a test client) is
	// done with it, and it no longer counts against [limits] sessions.
	TypeBye = "bye"
)

// Incoming is a message from the browser. Which fields must be set depends
// on Type; [Decode] checks them.
type Incoming struct {
	V       int                 `json:"v"`
	Type    string              `json:"type"`
	Session string              `json:"session,omitempty"`
	Page    *string             `json:"page,omitempty"`
	Query   map[string][]string `json:"query,omitempty"`
	ID      string              `json:"id,omitempty"`
	Value   json.RawMessage     `json:"value,omitempty"`
	// For a form: its key, its widgets' values by id, and the submit button.
	Form   string                     `json:"form,omitempty"`
	Values map[string]json.RawMessage `json:"values,omitempty"`
	Submit string                     `json:"submit,omitempty"`
	// For rows: the table element's path, the request's number (echoed),
	// the first row and how many, and the sort.
	Path  string `json:"path,omitempty"`
	Req   int64  `json:"req,omitempty"`
	Start int    `json:"start,omitempty"`
	Count int    `json:"count,omitempty"`
	Sort  string `json:"sort,omitempty"`
	Desc  bool   `json:"desc,omitempty"`
	// For a hello: what the browser says of itself (st.context).
	Locale         string `json:"locale,omitempty"`
	Timezone       string `json:"timezone,omitempty"`
	TimezoneOffset *int   `json:"timezone_offset,omitempty"`
	Theme          string `json:"theme,omitempty"`
	URL            string `json:"url,omitempty"`
}

// Bounds of what a hello says of the browser.
const (
	maxLocale = 64
	maxURL    = 4096
)

// Decode parses and validates one message from a browser. The error says
// what was wrong, in words fit to send back.
func Decode(frame []byte) (*Incoming, error) {
	if len(frame) > MaxMessage {
		return nil, fmt.Errorf("message of %d bytes is larger than the limit of %d", len(frame), MaxMessage)
	}
	if m := decodeFast(frame); m != nil {
		return m, nil
	}
	return decodeJSON(frame)
}

// decodeJSON is Decode by encoding/json: every message and every error.
func decodeJSON(frame []byte) (*Incoming, error) {
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.DisallowUnknownFields()
	var m Incoming
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("malformed message: %v", err)
	}
	if dec.More() {
		return nil, errors.New("malformed message: more than one JSON value")
	}
	if m.V != Version {
		return &m, fmt.Errorf("protocol version %d is not supported (want %d)", m.V, Version)
	}
	switch m.Type {
	case TypeHello:
		if len(m.Session) > 64 {
			return &m, errors.New("hello: session token too long")
		}
		switch {
		case len(m.Locale) > maxLocale:
			return &m, fmt.Errorf("hello: locale longer than %d bytes", maxLocale)
		case len(m.Timezone) > maxLocale:
			return &m, fmt.Errorf("hello: timezone longer than %d bytes", maxLocale)
		case len(m.URL) > maxURL:
			return &m, fmt.Errorf("hello: url longer than %d bytes", maxURL)
		case m.Theme != "" && m.Theme != "light" && m.Theme != "dark":
			return &m, fmt.Errorf("hello: theme %q: want \"light\" or \"dark\"", m.Theme)
		case m.TimezoneOffset != nil && (*m.TimezoneOffset < -24*60 || *m.TimezoneOffset > 24*60):
			return &m, fmt.Errorf("hello: timezone_offset %d: want minutes within a day", *m.TimezoneOffset)
		}
	case TypeWidget:
		if m.ID == "" {
			return &m, errors.New("widget: missing field \"id\"")
		}
		if len(m.Value) == 0 {
			return &m, fmt.Errorf("widget %q: missing field \"value\"", m.ID)
		}
	case TypeNavigate:
		if m.Page == nil {
			return &m, errors.New("navigate: missing field \"page\"")
		}
	case TypeRerun, TypeBye:
	case TypeRows:
		if m.Path == "" {
			return &m, errors.New("rows: missing field \"path\"")
		}
	case TypeForm:
		if m.Submit == "" {
			return &m, errors.New("form: missing field \"submit\"")
		}
	case "":
		return &m, errors.New("missing field \"type\"")
	default:
		return &m, fmt.Errorf("unknown message type %q", m.Type)
	}
	return &m, nil
}

// PageInfo describes a page in the navigation.
type PageInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	URL   string `json:"url"`
	// Icon and Section (pages declared by st.navigation): an emoji or
	// ":material/name:" before the label, and the title of the section the
	// page is listed under.
	Icon    string `json:"icon,omitempty"`
	Section string `json:"section,omitempty"`
}

// A Message is one message of the protocol, of either direction: one of the
// *…Msg types of this file. Its JSON starts with its [Header].
type Message interface {
	// MsgType is the message's "type".
	MsgType() string
	head() *Header
}

// Header is what every message carries first: {"v":1,"type":"…"}. [Encode]
// sets it.
type Header struct {
	V    int    `json:"v"`
	Type string `json:"type"`
}

func (h *Header) head() *Header { return h }

// Encode sets m's header and encodes it, as one frame of the protocol.
func Encode(m Message) []byte {
	b, err := marshal(m)
	if err != nil {
		panic(fmt.Sprintf("session: encoding %T: %v", m, err)) // fixed types of strings and numbers: cannot fail
	}
	return b
}

func marshal(m Message) ([]byte, error) {
	h := m.head()
	h.V, h.Type = Version, m.MsgType()
	return json.Marshal(m)
}

func encode(m Message) []byte { return Encode(m) }

// Messages a browser sends. [Decode] reads every one of them into
// [Incoming]; these types are what a client writes.

// HelloMsg is the first message of a socket: open a new session, or resume
// the one named by Session.
type HelloMsg struct {
	Header
	Session string              `json:"session"` // a token from a welcome, or ""
	Page    string              `json:"page"`    // "" for the first page
	Query   map[string][]string `json:"query"`
	// What the browser says of itself, for st.context: its language
	// (navigator.language), IANA time zone and offset from UTC in minutes
	// (getTimezoneOffset), the theme it shows ("light" or "dark") and the
	// page's address.
	Locale         string `json:"locale,omitempty"`
	Timezone       string `json:"timezone,omitempty"`
	TimezoneOffset *int   `json:"timezone_offset,omitempty"`
	Theme          string `json:"theme,omitempty"`
	URL            string `json:"url,omitempty"`
}

// WidgetMsg is a widget's new value (elements.md gives its type by kind).
type WidgetMsg struct {
	Header
	ID    string `json:"id"`
	Value any    `json:"value"`
}

// NavigateMsg asks for another page of the app.
type NavigateMsg struct {
	Header
	Page  string              `json:"page"`
	Query map[string][]string `json:"query"`
}

// RerunMsg asks for the page to run again.
type RerunMsg struct {
	Header
}

// ByeMsg ends the session now (see TypeBye).
type ByeMsg struct {
	Header
}

// FormMsg submits a form: every widget's value by id, and the submit button.
type FormMsg struct {
	Header
	Form   string         `json:"form"`
	Values map[string]any `json:"values"`
	Submit string         `json:"submit"`
}

// RowsRequestMsg asks for rows of a dataframe element; the answer is a
// [RowsMsg] with the same Req.
type RowsRequestMsg struct {
	Header
	Path  string `json:"path"`
	Req   int64  `json:"req"`
	Start int    `json:"start"`
	Count int    `json:"count"`
	Sort  string `json:"sort"`
	Desc  bool   `json:"desc"`
}

func (*HelloMsg) MsgType() string       { return TypeHello }
func (*WidgetMsg) MsgType() string      { return TypeWidget }
func (*NavigateMsg) MsgType() string    { return TypeNavigate }
func (*RerunMsg) MsgType() string       { return TypeRerun }
func (*FormMsg) MsgType() string        { return TypeForm }
func (*RowsRequestMsg) MsgType() string { return TypeRows }
func (*ByeMsg) MsgType() string         { return TypeBye }

// Messages the server sends.

// WelcomeMsg answers a hello: the session is ready.
type WelcomeMsg struct {
	Header
	Session string     `json:"session"` // the token to resume it with
	Resumed bool       `json:"resumed"`
	App     string     `json:"app"`
	Pages   []PageInfo `json:"pages"`
	Page    string     `json:"page"`
}

// RunStartMsg says a run began.
type RunStartMsg struct {
	Header
	Run   uint64 `json:"run"`
	Page  string `json:"page"`
	Scope string `json:"scope,omitempty"` // a fragment run's container
}

// DeltaMsg carries the elements that are new or changed at their path, and
// each container's count of children so far. The session writes it with
// [appendDeltaHead] and [appendDeltaTail], around elements it encodes one by
// one; a test holds the two to json.Marshal of this type.
type DeltaMsg struct {
	Header
	Run      uint64         `json:"run"`
	Elements []Element      `json:"elements"`
	Counts   map[string]int `json:"counts"`
}

// An Element is an element as it travels: "kind", "path", "id" for widgets,
// and the properties of its kind, which elements.go defines.
type Element map[string]any

// RunEndMsg says a run ended, and what it left: every container's count.
type RunEndMsg struct {
	Header
	Run    uint64         `json:"run"`
	Status string         `json:"status"` // completed, failed, stopped, cancelled
	Error  *host.Error    `json:"error"`  // a failed run's error, else null
	Counts map[string]int `json:"counts"`
	// Scope, for a fragment run, is the fragment's container: only what is
	// inside it is removed by the counts.
	Scope string `json:"scope,omitempty"`
}

// PageMsg says which page is shown (after a hello or a navigation).
type PageMsg struct {
	Header
	Page  string              `json:"page"`
	Query map[string][]string `json:"query"`
	Title string              `json:"title"`
}

// ErrorMsg refuses the browser's last message.
type ErrorMsg struct {
	Header
	Message string `json:"message"`
	Ref     string `json:"ref,omitempty"` // the type of the message it answers, when known
}

// RowsMsg answers a [RowsRequestMsg].
type RowsMsg struct {
	Header
	Path    string  `json:"path"`
	Req     int64   `json:"req"`
	Start   int     `json:"start"`
	NumRows int     `json:"num_rows"`
	Sort    string  `json:"sort,omitempty"`
	Desc    bool    `json:"desc,omitempty"`
	Rows    [][]any `json:"rows"` // each a list of JSON values in column order
	// Positions, for sorted rows, are the rows' positions in the table's own
	// order (a selection names rows by them); absent unsorted: start+k.
	Positions []int `json:"positions,omitempty"`
}

// NoticeMsg is something for the user that is not an element.
type NoticeMsg struct {
	Header
	Message string `json:"message"`
	Level   string `json:"level"`
	Link    string `json:"link,omitempty"` // a URL the notice offers, e.g. the first page
}

// PagesMsg says the app's page list changed.
type PagesMsg struct {
	Header
	Pages []PageInfo `json:"pages"`
	// Position (a navigation declared by st.navigation): where the list is
	// shown, "sidebar" (absent), "top" or "hidden".
	Position string `json:"position,omitempty" ts:"\"sidebar\" | \"top\" | \"hidden\""`
	// Expanded (st.navigation(expanded=True)): the sidebar's list shows
	// every page; otherwise a list of more than 12 pages shows the first
	// 10 and a button for the others, as Streamlit's.
	Expanded bool `json:"expanded,omitempty"`
}

// ReloadMsg says a saved file affects the page; its re-run follows.
type ReloadMsg struct {
	Header
	Files []string `json:"files"`
}

// ReloadErrorMsg says a saved file no longer compiles.
type ReloadErrorMsg struct {
	Header
	Error *host.Error `json:"error"`
}

// ThemeMsg says how the page is styled: the app's [theme], with what the
// session's st.set_option changed. It is sent after the welcome when it is
// not the default (light, the front end's own colour), and after a run
// that changed it.
type ThemeMsg struct {
	Header
	Base         string `json:"base" ts:"\"light\" | \"dark\""`
	PrimaryColor string `json:"primary_color"` // "#rrggbb" or "#rgb"; "": the front end's own
}

func (*ThemeMsg) MsgType() string { return "theme" }

func (*WelcomeMsg) MsgType() string     { return "welcome" }
func (*RunStartMsg) MsgType() string    { return "run_start" }
func (*DeltaMsg) MsgType() string       { return "delta" }
func (*RunEndMsg) MsgType() string      { return "run_end" }
func (*PageMsg) MsgType() string        { return "page" }
func (*ErrorMsg) MsgType() string       { return "error" }
func (*RowsMsg) MsgType() string        { return "rows" }
func (*NoticeMsg) MsgType() string      { return "notice" }
func (*PagesMsg) MsgType() string       { return "pages" }
func (*ReloadMsg) MsgType() string      { return "reload" }
func (*ReloadErrorMsg) MsgType() string { return "reload_error" }

// UploadReply is the answer to an upload (POST /_stark/upload): the token
// the browser then sends as the file_uploader's value. It is HTTP's, not the
// socket's, so it has no header.
type UploadReply struct {
	Token string `json:"token"`
}

// fromBrowser and fromServer list every message of each direction: the
// TypeScript types (web/frontend/src/wire.ts) and the golden examples
// (testdata/wire) are checked against these lists.
var (
	fromBrowser = []Message{&HelloMsg{}, &WidgetMsg{}, &NavigateMsg{}, &RerunMsg{}, &FormMsg{}, &RowsRequestMsg{}, &ByeMsg{}}
	fromServer  = []Message{&WelcomeMsg{}, &RunStartMsg{}, &DeltaMsg{}, &RunEndMsg{}, &PageMsg{}, &ErrorMsg{},
		&RowsMsg{}, &NoticeMsg{}, &PagesMsg{}, &ReloadMsg{}, &ReloadErrorMsg{}, &ThemeMsg{}}
)

// appendDeltaHead and appendDeltaTail write a [DeltaMsg] around its
// elements, which the caller appends one by one (comma-separated) in
// between: the session encodes and compares each element once.
func appendDeltaHead(b []byte, run uint64) []byte {
	b = append(b, `{"v":1,"type":"delta","run":`...)
	b = strconv.AppendUint(b, run, 10)
	return append(b, `,"elements":[`...)
}

// appendRunStart appends m encoded as [Encode] would: by hand when its
// strings need no escaping, else with encoding/json.
func appendRunStart(b []byte, m *RunStartMsg) []byte {
	if !plainASCII(m.Page) || !plainASCII(m.Scope) {
		return append(b, Encode(m)...)
	}
	b = append(b, `{"v":1,"type":"run_start","run":`...)
	b = strconv.AppendUint(b, m.Run, 10)
	b = append(b, `,"page":"`...)
	b = append(b, m.Page...)
	b = append(b, '"')
	if m.Scope != "" {
		b = append(b, `,"scope":"`...)
		b = append(b, m.Scope...)
		b = append(b, '"')
	}
	return append(b, '}')
}

// appendRunEnd appends m encoded as [Encode] would: by hand when it has no
// error (its strings are a status and container paths, which need no
// escaping), else with encoding/json.
func appendRunEnd(b []byte, m *RunEndMsg) []byte {
	plain := m.Error == nil && plainASCII(m.Status) && plainASCII(m.Scope)
	for k := range m.Counts {
		plain = plain && plainASCII(k)
	}
	if !plain {
		return append(b, Encode(m)...)
	}
	b = append(b, `{"v":1,"type":"run_end","run":`...)
	b = strconv.AppendUint(b, m.Run, 10)
	b = append(b, `,"status":"`...)
	b = append(b, m.Status...)
	b = append(b, `","error":null,"counts":`...)
	if m.Counts == nil {
		b = append(b, "null"...)
	} else {
		b = host.AppendCounts(b, m.Counts)
	}
	if m.Scope != "" {
		b = append(b, `,"scope":"`...)
		b = append(b, m.Scope...)
		b = append(b, '"')
	}
	return append(b, '}')
}

// plainASCII says that s is written in JSON as itself between quotes, by
// encoding/json and by host's encoder alike.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

func appendDeltaTail(b []byte, counts map[string]int) []byte {
	b = append(b, `],"counts":`...)
	b = host.AppendCounts(b, counts)
	return append(b, '}')
}
