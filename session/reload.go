package session

// This file defines what sessions do when the app's files change: re-run the
// sessions that show an affected page, keeping their state; show a compile
// error as a banner over the last good render; update the navigation.

import (
	"fmt"
	"slices"

	"github.com/stark-dev/stark/host"
)

// Reload applies a change of the app's files to every session and returns
// how many sessions were re-run.
func (m *Manager) Reload(r *host.Reload) int {
	_, infos, _ := m.Pages()
	exists := map[string]bool{}
	for _, p := range r.Pages {
		exists[p.File] = true
	}
	m.mu.Lock()
	navChanged := !slices.Equal(m.nav, infos)
	m.nav = infos
	sessions := make([]*Session, 0, len(m.sessions))
	for _, s := range m.sessions {
		sessions = append(sessions, s)
	}
	m.mu.Unlock()

	affected := map[string]bool{}
	for _, f := range r.Affected {
		affected[f] = true
	}
	first := "/"
	rerun := 0
	for _, s := range sessions {
		page := s.currentPage()
		s.sendMu.Lock()
		s.mu.Lock()
		ownNav := s.nav != nil
		s.mu.Unlock()
		if navChanged && !ownNav {
			s.send(encode(&PagesMsg{Pages: infos}))
		}
		switch {
		case !exists[page]:
			s.send(encode(&NoticeMsg{Level: "warning", Link: first,
				Message: fmt.Sprintf("The page %s was removed from the app.", page)}))
		case r.Errors[page] != nil:
			s.send(encode(&ReloadErrorMsg{Error: r.Errors[page]}))
		case affected[page]:
			s.send(encode(&ReloadMsg{Files: r.Files}))
		}
		s.sendMu.Unlock()
		if exists[page] && affected[page] && r.Errors[page] == nil {
			s.request()
			rerun++
		}
	}
	return rerun
}

// Rerun asks every session that shows page (its file, relative to the app
// root) for a run, as a widget change would, keeping its state: what a
// program that embeds the app calls when the data its pages show changed.
// It returns how many sessions were asked.
func (m *Manager) Rerun(page string) int {
	m.mu.Lock()
	sessions := make([]*Session, 0, len(m.sessions))
	for _, s := range m.sessions {
		sessions = append(sessions, s)
	}
	m.mu.Unlock()
	n := 0
	for _, s := range sessions {
		if s.currentPage() == page {
			s.request()
			n++
		}
	}
	return n
}
