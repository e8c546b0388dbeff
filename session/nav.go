package session

// This file defines how a session follows a navigation declared by a run
// (st.navigation): the session lists the declared pages in place of the
// app's files, routes a declared page's URL to the page that declared the
// navigation, and tells that page's runs which page was asked for.

import (
	"strings"

	"github.com/stark-dev/stark/host"
)

// navInfos is a declared navigation as the browser's page list: the
// default page (the one a run shows when none is asked for) at the app's
// root URL.
func (m *Manager) navInfos(n *host.Navigation, dflt string) []PageInfo {
	infos := make([]PageInfo, len(n.Pages))
	for i, p := range n.Pages {
		url := m.opts.Base + "/" + p.Name
		if p.Name == dflt {
			url = m.opts.Base + "/"
		}
		infos[i] = PageInfo{Name: p.Name, Label: p.Label, URL: url, Icon: p.Icon, Section: p.Section}
	}
	return infos
}

// declared is the last navigation a run of the app declared, and its page
// file: a new session whose URL names one of its pages starts on that file
// (whose run declares the navigation again and shows the page).
type declared struct {
	file string
	nav  *host.Navigation
}

// lookupDeclared maps a page name of the last declared navigation to the
// file that declared it.
func (m *Manager) lookupDeclared(name string) (file, pageName string, ok bool) {
	m.mu.Lock()
	d := m.declared
	m.mu.Unlock()
	if d == nil {
		return "", "", false
	}
	if p, ok := navLookup(d.nav, name); ok {
		return d.file, p, true
	}
	return "", "", false
}

func navLookup(n *host.Navigation, name string) (string, bool) {
	name = strings.Trim(name, "/")
	for _, p := range n.Pages {
		if strings.EqualFold(p.Name, name) {
			return p.Name, true
		}
	}
	return "", false
}

// navigateDeclared shows a page of the session's declared navigation, if it
// has one of that name: a run of the declaring file, asking for the page.
func (s *Session) navigateDeclared(name string, query map[string][]string) bool {
	s.mu.Lock()
	if s.nav == nil {
		s.mu.Unlock()
		return false
	}
	p, ok := navLookup(s.nav, name)
	if !ok && strings.Trim(name, "/") == "" {
		p, ok = s.navDefault, true
	}
	if !ok {
		s.mu.Unlock()
		return false
	}
	s.page, s.pageName, s.navPage, s.query = s.navFile, p, p, query
	s.mu.Unlock()
	s.sendMu.Lock()
	s.send(encode(&PageMsg{Page: p, Query: nonNil(query), Title: pageTitle(p)}))
	s.sendMu.Unlock()
	s.request()
	return true
}

// followNavigationLocked applies what a full run declared: the session's
// page list becomes the declared pages (or the app's files again when the
// declaring page stopped declaring them), and the page shown is the one the
// run showed. s.mu is held. (finish then records the navigation for new
// sessions: m.mu is not taken under s.mu.)
func (s *Session) followNavigationLocked(res *host.Result) {
	if res.Fragment != "" || res.Status == host.Cancelled {
		return
	}
	n := res.Navigation
	if n == nil {
		if s.nav == nil || res.Page != s.navFile || res.Status != host.Completed {
			return
		}
		// The page no longer declares a navigation: the app's files again.
		s.nav, s.navFile, s.navPage, s.navDefault = nil, "", "", ""
		_, infos, _ := s.m.Pages()
		s.sendMu.Lock()
		s.send(encode(&PagesMsg{Pages: infos}))
		s.sendMu.Unlock()
		return
	}
	dflt := n.Default
	infos := s.m.navInfos(n, dflt)
	changed := s.nav == nil || !samePages(s.m.navInfos(s.nav, s.navDefault), infos) || s.nav.Position != n.Position || s.nav.Expanded != n.Expanded
	s.nav, s.navFile, s.navDefault = n, res.Page, dflt
	s.sendMu.Lock()
	if changed {
		s.send(encode(&PagesMsg{Pages: infos, Position: n.Position, Expanded: n.Expanded}))
	}
	if s.pageName != n.Current {
		s.pageName, s.navPage = n.Current, n.Current
		s.send(encode(&PageMsg{Page: s.pageName, Query: nonNil(s.query), Title: pageTitle(s.pageName)}))
	}
	s.sendMu.Unlock()
}

func samePages(a, b []PageInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// declare records a navigation a run declared, for new sessions' URLs.
func (m *Manager) declare(res *host.Result) {
	if res.Navigation == nil || res.Fragment != "" || res.Status == host.Cancelled {
		return
	}
	m.mu.Lock()
	m.declared = &declared{file: res.Page, nav: res.Navigation}
	m.mu.Unlock()
}

// navInfosLocked is the session's page list: its declared navigation's, or
// nil for the app's files. s.mu is held.
func (s *Session) navInfosLocked() ([]PageInfo, string, bool) {
	if s.nav == nil {
		return nil, "", false
	}
	return s.m.navInfos(s.nav, s.navDefault), s.nav.Position, s.nav.Expanded
}
