// Package watch reports changes to the files of a directory tree, debounced,
// as editors make them: writes in place, a temporary file renamed over the
// original, remove and re-create. It knows nothing of what the files are.
package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configure a [Watcher]. The zero value works.
type Options struct {
	// Debounce is how long the tree must be quiet before changes are
	// reported; a save is one report, a burst of saves at most two.
	// Default 20ms.
	Debounce time.Duration
	// Match reports whether a file (slash-separated, relative to the root)
	// is of interest. Default: every file.
	Match func(rel string) bool
	// Skip reports whether a directory is not watched. Default: names
	// starting with "." (such as .git) and node_modules.
	Skip func(rel string) bool
}

// Within burstWindow of a report, changes wait for burstQuiet of quiet: a
// burst of saves is the first report and at most one more.
const (
	burstWindow = 200 * time.Millisecond
	burstQuiet  = 100 * time.Millisecond
)

// A Change is one debounced batch: the files of interest that were written,
// created or removed, relative to the root and sorted.
type Change struct {
	Files []string
}

// A Watcher watches a directory and its subdirectories, adding new
// subdirectories as they appear.
type Watcher struct {
	root string
	opts Options
	fsw  *fsnotify.Watcher
	out  chan Change
	errs chan error
	done chan struct{}
	wg   sync.WaitGroup
}

// New starts watching root.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	if opts.Match == nil {
		opts.Match = func(string) bool { return true }
	}
	if opts.Skip == nil {
		opts.Skip = func(rel string) bool {
			base := filepath.Base(rel)
			return rel != "." && (strings.HasPrefix(base, ".") || base == "node_modules")
		}
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: abs, opts: opts, fsw: fsw, out: make(chan Change, 16), errs: make(chan error, 16), done: make(chan struct{})}
	if _, err := w.addTree(abs); err != nil {
		fsw.Close()
		return nil, err
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Changes delivers the debounced changes.
func (w *Watcher) Changes() <-chan Change { return w.out }

// Errors delivers errors of the underlying watcher (overflows, say); they
// do not stop it.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and releases the watches and goroutines.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fsw.Close()
	w.wg.Wait()
	return err
}

// Apply watches root and calls apply with the files of each change and
// onErr with each error, from one goroutine, until ctx is done or the
// returned stop is called; stop waits for a call in progress to return.
func Apply(ctx context.Context, root string, opts Options, apply func(files []string), onErr func(error)) (stop func(), err error) {
	w, err := New(root, opts)
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case err := <-w.Errors():
				onErr(err)
			case ch, ok := <-w.Changes():
				if !ok {
					return
				}
				apply(ch.Files)
			}
		}
	}()
	return func() {
		w.Close()
		<-done
	}, nil
}

// addTree watches dir and its subdirectories and returns the files of
// interest found in them (for a directory that appeared with files in it).
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		rel := w.rel(p)
		if d.IsDir() {
			if w.opts.Skip(rel) {
				return filepath.SkipDir
			}
			return w.fsw.Add(p)
		}
		if w.opts.Match(rel) {
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.out)
	pending := map[string]bool{}
	var lastFire time.Time
	var timer *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-w.done:
			if timer != nil {
				timer.Stop()
			}
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue // touch, chmod: the content is the same
			}
			rel := w.rel(ev.Name)
			n := len(pending)
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && !w.opts.Skip(rel) {
					// A new directory, perhaps with files already in it.
					files, _ := w.addTree(ev.Name)
					for _, f := range files {
						pending[f] = true
					}
				}
			}
			if w.opts.Match(rel) {
				pending[rel] = true
			}
			if len(pending) == n && !w.opts.Match(rel) {
				continue
			}
			// A change soon after a report is part of a burst (an editor
			// saving several files, a checkout): wait for a longer quiet
			// spell so that the burst is one more report, not many.
			quiet := w.opts.Debounce
			if time.Since(lastFire) < burstWindow {
				quiet = max(quiet, burstQuiet)
			}
			if timer == nil {
				timer = time.NewTimer(quiet)
			} else {
				timer.Reset(quiet)
			}
			fire = timer.C
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-fire:
			fire = nil
			lastFire = time.Now()
			if len(pending) == 0 {
				continue
			}
			files := make([]string, 0, len(pending))
			for f := range pending {
				files = append(files, f)
			}
			sort.Strings(files)
			pending = map[string]bool{}
			select {
			case w.out <- Change{Files: files}:
			case <-w.done:
				return
			}
		}
	}
}
