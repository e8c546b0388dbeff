package session

// This file serves the rows of large tables (st.dataframe) page by page, on
// the browser's request, from the table the run produced.

import (
	"fmt"

	"github.com/stark-dev/stark/host"
)

// MaxRowsPerRequest bounds one page of rows.
const MaxRowsPerRequest = 2000

// rows answers a rows request for the element at msg.Path.
func (s *Session) rows(msg *Incoming) error {
	s.sendMu.Lock()
	src := s.sources[msg.Path]
	s.sendMu.Unlock()
	if src == nil {
		return fmt.Errorf("rows: no table at %q", msg.Path)
	}
	if msg.Start < 0 || msg.Count < 0 {
		return fmt.Errorf("rows: start and count must not be negative")
	}
	count := min(msg.Count, MaxRowsPerRequest)
	rows, err := src.Rows(msg.Start, count, msg.Sort, msg.Desc)
	if err != nil {
		return fmt.Errorf("rows: %v", err)
	}
	if rows == nil {
		rows = [][]any{}
	}
	var pos []int
	if msg.Sort != "" {
		if pos, err = src.Positions(msg.Start, count, msg.Sort, msg.Desc); err != nil {
			return fmt.Errorf("rows: %v", err)
		}
	}
	b, err := marshal(&RowsMsg{Path: msg.Path, Req: msg.Req, Start: msg.Start, NumRows: src.Len(), Sort: msg.Sort, Desc: msg.Desc, Rows: rows, Positions: pos})
	if err != nil {
		return fmt.Errorf("rows: %v", err)
	}
	s.sendMu.Lock()
	s.send(b)
	s.sendMu.Unlock()
	return nil
}

// noteSource records, while a run's delta is built, the row source of an
// element; s.sendMu is held.
func (st *stream) noteSource(el *host.Element) {
	if el.Rows == nil {
		return
	}
	if st.sources == nil {
		st.sources = map[string]host.RowSource{}
	}
	st.sources[el.Path] = el.Rows
}
