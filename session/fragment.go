package session

// This file defines how a session runs fragments: alone when a widget inside
// one changes, on their run_every timers, and for st.rerun(scope="fragment").

import (
	"sort"
	"time"

	"github.com/stark-dev/stark/host"
)

// requestFragment asks for a run of one fragment. When interrupt is set (a
// widget of the fragment changed), a run of the same fragment in progress is
// cancelled for the new one; a full run in progress is superseded by a full
// run, which renders the fragment anyway.
func (s *Session) requestFragment(id string, interrupt bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if s.fragments[id] == nil {
		// Not rendered by the last full run (the page changed): run it all.
		s.pending = true
	} else {
		s.addPendingFragmentLocked(id)
	}
	if s.run == nil {
		if !s.abandoned {
			s.startLocked()
		}
		return
	}
	select {
	case <-s.run.Done():
		return // its end is being sent; finish starts what is pending
	default:
	}
	if interrupt && (s.runFrag == "" || s.runFrag == id) {
		if s.runFrag == "" {
			s.pending = true
		}
		s.run.Cancel(host.Superseded)
	}
}

func (s *Session) addPendingFragmentLocked(id string) {
	if s.pendingFrags == nil {
		s.pendingFrags = map[string]bool{}
	}
	s.pendingFrags[id] = true
}

// nextFragmentLocked takes a pending fragment that can run alone.
func (s *Session) nextFragmentLocked() *host.Fragment {
	ids := make([]string, 0, len(s.pendingFrags))
	for id := range s.pendingFrags {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		delete(s.pendingFrags, id)
		if f := s.fragments[id]; f != nil {
			return f
		}
	}
	return nil
}

// recordFragmentsLocked keeps the fragments of a run that reached the page:
// a full run's replace them all (and re-arm the timers); a fragment run's
// update its own and those nested in it.
func (s *Session) recordFragmentsLocked(res *host.Result) {
	if res.Status == host.Cancelled {
		return
	}
	if res.Fragment == "" {
		s.fragments = res.Fragments
		s.stopTimersLocked()
		for _, f := range res.Fragments {
			if f.RunEvery > 0 {
				s.startTimerLocked(f.ID, f.RunEvery)
			}
		}
		return
	}
	if s.fragments == nil && len(res.Fragments) > 0 {
		s.fragments = make(map[string]*host.Fragment, len(res.Fragments))
	}
	for id, f := range res.Fragments {
		s.fragments[id] = f
	}
}

func (s *Session) stopTimersLocked() {
	for _, t := range s.timers {
		t.Stop()
	}
	s.timers = nil
}

// startTimerLocked re-runs fragment id every d while the session is
// connected. A tick that finds the fragment still pending adds nothing.
func (s *Session) startTimerLocked(id string, d time.Duration) {
	var t Timer
	t = s.m.opts.Clock.AfterFunc(d, func() {
		if s.conn.Load() != nil {
			s.requestFragment(id, false)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.closed && timerLive(s.timers, t) {
			t.Reset(d)
		}
	})
	s.timers = append(s.timers, t)
}

func timerLive(ts []Timer, t Timer) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// RequestFragment asks for a run of fragment id alone, as a change of a
// widget inside it does (interrupt: a run of the same fragment in progress
// is cancelled for the new one) or its run_every timer does (not
// interrupt). A fragment the last full run did not render gets a full run.
// The headless harness calls it; a browser's messages reach requestFragment
// through handle.
func (s *Session) RequestFragment(id string, interrupt bool) { s.requestFragment(id, interrupt) }
