package session

// This file defines the wire protocol: the messages between a browser tab
// and its session, JSON over one WebSocket. docs/protocol.md documents them.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

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
}

// Decode parses and validates one message from a browser. The error says
// what was wrong, in words fit to send back.
func Decode(frame []byte) (*Incoming, error) {
	if len(frame) > MaxMessage {
		return nil, fmt.Errorf("message of %d bytes is larger than the limit of %d", len(frame), MaxMessage)
	}
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
	case TypeRerun:
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
}

// Messages the server sends. Each has V and Type set by its constructor.

type welcomeMsg struct {
	V       int        `json:"v"`
	Type    string     `json:"type"`
	Session string     `json:"session"`
	Resumed bool       `json:"resumed"`
	App     string     `json:"app"`
	Pages   []PageInfo `json:"pages"`
	Page    string     `json:"page"`
}

type runStartMsg struct {
	V     int    `json:"v"`
	Type  string `json:"type"`
	Run   uint64 `json:"run"`
	Page  string `json:"page"`
	Scope string `json:"scope,omitempty"` // a fragment run's container
}

type runEndMsg struct {
	V      int            `json:"v"`
	Type   string         `json:"type"`
	Run    uint64         `json:"run"`
	Status string         `json:"status"`
	Error  any            `json:"error"`
	Counts map[string]int `json:"counts"`
	// Scope, for a fragment run, is the fragment's container: only what is
	// inside it is removed by the counts.
	Scope string `json:"scope,omitempty"`
}

type pageMsg struct {
	V     int                 `json:"v"`
	Type  string              `json:"type"`
	Page  string              `json:"page"`
	Query map[string][]string `json:"query"`
	Title string              `json:"title"`
}

type errorMsg struct {
	V       int    `json:"v"`
	Type    string `json:"type"`
	Message string `json:"message"`
	Ref     string `json:"ref,omitempty"`
}

type noticeMsg struct {
	V       int    `json:"v"`
	Type    string `json:"type"`
	Message string `json:"message"`
	Level   string `json:"level"`
	Link    string `json:"link,omitempty"` // a URL the notice offers, e.g. the first page
}

type pagesMsg struct {
	V     int        `json:"v"`
	Type  string     `json:"type"`
	Pages []PageInfo `json:"pages"`
}

type reloadMsg struct {
	V     int      `json:"v"`
	Type  string   `json:"type"`
	Files []string `json:"files"`
}

type reloadErrorMsg struct {
	V     int         `json:"v"`
	Type  string      `json:"type"`
	Error *host.Error `json:"error"`
}

func encode(m any) []byte {
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("session: encoding %T: %v", m, err)) // our own types: cannot fail
	}
	return b
}
