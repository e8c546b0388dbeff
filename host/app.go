package host

// This file defines an app: a directory of pages with its limits, compiled
// programs, loaded modules and cache store.

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"
)

// Options configure an [App]. The zero value works: no builtins beyond
// Starlark's own, default limits, the default logger and the system clock.
type Options struct {
	// Name names the app in logs and errors; default the directory's name.
	Name string
	// Title is what the browser's top bar shows ([app] title); default Name.
	Title  string
	Limits Limits
	// Predeclared are the names every page and module sees (st, spawn, …).
	Predeclared starlark.StringDict
	// PageGlobals, when set, returns the predeclared names of one run of a
	// page, given its context (for values bound to the run, such as st's
	// session_state). Modules always see Predeclared.
	PageGlobals func(ctx *ScriptRunContext) starlark.StringDict
	Logger      *slog.Logger
	// Now is the clock of caches and timers; default time.Now.
	Now func() time.Time
	// Only, when set, makes the app serve this one page file (stark run
	// FILE) although other files in the directory may be loaded.
	Only string
	// NoMagic turns Streamlit's magic off: a page's bare expressions are
	// evaluated and dropped instead of written ([runner] magic = false).
	NoMagic bool
	// FS, when set, holds the app's files (an embed.FS, an fstest.MapFS):
	// [NewAppFS] serves pages, modules and data files from it; the path
	// rules are those of a directory, and symlinks are refused.
	FS fs.FS
	// DataDir is where an app from FS keeps writable files (SQLite
	// databases); "" leaves it none. An app from a directory uses its own.
	DataDir string

	// settings hold the values of the Settings of the packages above host
	// (resource.go), by Setting.
	settings map[any]any
}

// An App is a directory of pages served as one application.
type App struct {
	Name     string
	Root     string // absolute, cleaned
	realRoot string // Root with symlinks resolved
	opts     Options
	limits   Limits
	log      *slog.Logger
	// loadFn and printFn are a.load and a.print, made once for every
	// thread's Load and Print.
	loadFn  func(*starlark.Thread, string) (starlark.StringDict, error)
	printFn func(*starlark.Thread, string)

	programs programCache
	byFile   sync.Map // absolute filename -> *Program, the latest compiled
	stats    sync.Map // relative path -> fileStamp
	// watched: a watcher calls Reload for every change of a .star file
	// under the root, so a stamp stands until then (SetWatched).
	watched atomic.Bool
	modules moduleCache
	runIDs  atomic.Uint64
	// lastRel is the last file Caller named, with its name relative to
	// Root: a widget's position is looked up per call, mostly in one file.
	lastRel atomic.Pointer[[2]string]

	pool      *threadPool // AppThreads: the spawned threads that hold a place
	runs      runQueue    // Runs: the slots of threads that execute
	resources resources   // values opened once per app (resource.go)

	// Cache is the app's store for cache_data and cache_resource.
	Cache *Cache
	// Media is the app's store of files that browsers fetch by their hash
	// (what st.download_button offers); the server gives them URLs.
	Media *Media
}

// NewApp returns the app rooted at dir.
func NewApp(dir string, opts Options) (*App, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("app directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("app directory: %s is not a directory", abs)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	if opts.Name == "" {
		opts.Name = filepath.Base(abs)
	}
	opts.FS = nil
	return newApp(abs, real, opts), nil
}

func newApp(abs, real string, opts Options) *App {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	a := &App{
		Name:     opts.Name,
		Root:     abs,
		realRoot: real,
		opts:     opts,
		limits:   opts.Limits.withDefaults(),
		log:      opts.Logger,
	}
	a.loadFn, a.printFn = a.load, a.print
	a.pool = newThreadPool(a.limits.AppThreads)
	a.runs.fixed = a.limits.Runs
	a.Cache = newCache(opts.Now, a.limits.CacheBytes)
	a.Media = NewMedia(a.limits.MediaBytes)
	return a
}

// NewAppFS returns the app whose files are those of fsys (see Options.FS).
// Its Root is a name that labels its files in positions and errors; the
// machine's file system is never asked about it.
func NewAppFS(fsys fs.FS, opts Options) (*App, error) {
	if fsys == nil {
		return nil, fmt.Errorf("app files: no fs.FS given")
	}
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return nil, fmt.Errorf("app files: %s", FileError(err))
	}
	if opts.Name == "" {
		opts.Name = "app"
	}
	opts.FS = fsys
	root := fsRoot(opts.Name)
	return newApp(root, root, opts), nil
}

// Limits returns the app's limits, defaults filled in.
func (a *App) Limits() Limits { return a.limits }

// Title is the app's title for its top bar: Options.Title, else its name.
func (a *App) Title() string {
	if a.opts.Title != "" {
		return a.opts.Title
	}
	return a.Name
}

// Compilations returns how many files the app has compiled so far.
func (a *App) Compilations() int {
	a.programs.mu.Lock()
	defer a.programs.mu.Unlock()
	return a.programs.compiles
}

// A Page is a page of the app: a .star file at the top of its directory whose
// name does not start with "_".
type Page struct {
	File  string // file name, e.g. "2_Widgets.star"
	Name  string // URL name, e.g. "Widgets"
	Label string // navigation label, e.g. "Widgets"
	order int
}

var pagePrefix = regexp.MustCompile(`^(\d+)[_\- ]*`)

// PageFor describes the page in file name.
func PageFor(file string) Page {
	base := strings.TrimSuffix(file, ".star")
	p := Page{File: file, order: 1 << 30}
	if m := pagePrefix.FindStringSubmatch(base); m != nil {
		p.order, _ = strconv.Atoi(m[1])
		base = base[len(m[0]):]
	}
	if base == "" {
		base = strings.TrimSuffix(file, ".star")
	}
	p.Name = strings.ReplaceAll(base, " ", "_")
	p.Label = strings.ReplaceAll(base, "_", " ")
	return p
}

// Pages lists the app's pages, ordered by numeric prefix, then name: the
// .star files of the root, but for those whose name starts with _ or . and
// the test files (IsTestFile).
func (a *App) Pages() ([]Page, error) {
	ents, err := a.readRoot()
	if err != nil {
		return nil, err
	}
	var pages []Page
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".star") || strings.HasPrefix(n, "_") || strings.HasPrefix(n, ".") || IsTestFile(n) {
			continue
		}
		if a.opts.Only != "" && n != a.opts.Only {
			continue
		}
		pages = append(pages, PageFor(n))
	}
	sort.Slice(pages, func(i, j int) bool {
		if pages[i].order != pages[j].order {
			return pages[i].order < pages[j].order
		}
		return pages[i].File < pages[j].File
	})
	return pages, nil
}

type fileStamp struct {
	abs  string
	mod  time.Time
	size int64
	prog *Program
}

// Program returns the compiled program of the file at rel (relative to the
// root), compiling it only when its content changed since the last call.
func (a *App) Program(rel string) (*Program, error) {
	// The path was resolved when the stamp was stored: one stat tells
	// whether the file changed. (A changed file is resolved again, so a
	// symlink retargeted out of the root is refused then.)
	if s, ok := a.stats.Load(rel); ok {
		s := s.(fileStamp)
		if a.watched.Load() {
			return s.prog, nil // the watcher's Reload drops a changed file's stamp
		}
		if fi, err := a.stat(s.abs); err == nil && s.mod.Equal(fi.ModTime()) && s.size == fi.Size() {
			return s.prog, nil
		}
	}
	abs, rel, err := a.resolve(a.Root, rel, "page")
	if err != nil {
		return nil, &Error{Kind: "compile", Message: err.Error()}
	}
	fi, err := a.stat(abs)
	if err != nil {
		return nil, &Error{Kind: "compile", Message: fmt.Sprintf("%s: %s", rel, FileError(err))}
	}
	if s, ok := a.stats.Load(rel); ok {
		s := s.(fileStamp)
		if s.mod.Equal(fi.ModTime()) && s.size == fi.Size() {
			return s.prog, nil
		}
	}
	src, err := a.readFile(abs)
	if err != nil {
		return nil, &Error{Kind: "compile", Message: fmt.Sprintf("%s: %s", rel, FileError(err))}
	}
	p, err := a.Compile(rel, src)
	if err != nil {
		return nil, err
	}
	a.stats.Store(rel, fileStamp{abs: abs, mod: fi.ModTime(), size: fi.Size(), prog: p})
	return p, nil
}

// SetWatched says whether a watcher of the app's root runs, calling
// [App.Reload] for every change of a .star file under it. While it does,
// Program takes a file's compiled program from its stamp without a stat
// of the file per run: the watcher's Reload drops the stamp of a changed
// file. A change the watcher misses (a file reached through a symlink out
// of the root) is seen at the next restart, or once SetWatched(false).
func (a *App) SetWatched(on bool) { a.watched.Store(on) }

// Compile returns the program for src as the file rel of the app, from the
// cache when the same content was compiled before.
func (a *App) Compile(rel string, src []byte) (*Program, error) {
	rel = filepath.ToSlash(filepath.Clean(rel))
	hash := hashOf(src)
	if p := a.programs.get(rel, hash); p != nil {
		return p, nil
	}
	abs := filepath.Join(a.Root, filepath.FromSlash(rel))
	p, err := compile(a.Root, abs, rel, src, a.isPredeclared)
	if err != nil {
		return nil, err
	}
	return a.programs.put(p, func(p *Program) { a.byFile.Store(abs, p) }), nil
}

// Forget drops what the app holds for the file at rel: its compiled program
// and the modules that depend on it are rebuilt at their next use.
func (a *App) Forget(rel string) {
	a.stats.Delete(rel)
}

func (a *App) isPredeclared(name string) bool {
	if name == MagicBuiltin && a.opts.NoMagic {
		return false // the magic rule is not applied
	}
	_, ok := a.opts.Predeclared[name]
	return ok
}

func (a *App) programFor(abs string) *Program {
	p, _ := a.byFile.Load(abs)
	prog, _ := p.(*Program)
	return prog
}

// print sends a page's print() to the log with the page and line.
func (a *App) print(t *starlark.Thread, msg string) {
	fr := t.CallFrame(1)
	a.log.Info("print", "app", a.Name, "at", fmt.Sprintf("%s:%d", relFile(a.Root, fr.Pos.Filename()), fr.Pos.Line), "thread", t.Name, "msg", msg)
}

// resolve maps a path named by a page (a load() or a page file) to a file
// inside the app. Paths starting with ./ or ../ are relative to the file
// from; others to the root. Paths that leave the root, absolute paths and
// symlinks that point out are refused.
func (a *App) resolve(from, name, what string) (abs, rel string, err error) {
	if err := CheckPathName(what, name); err != nil {
		return "", "", err
	}
	base := a.Root
	if strings.HasPrefix(name, "./") || strings.HasPrefix(name, "../") {
		base = filepath.Dir(from)
	}
	abs = filepath.Join(base, filepath.FromSlash(name))
	rel, err = filepath.Rel(a.Root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("%s %q: the path leaves the app directory", what, name)
	}
	if a.opts.FS != nil {
		rel = filepath.ToSlash(rel)
		if err := a.checkFS(rel); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", "", fmt.Errorf("%s %q: no such file in the app (looked for %s)", what, name, rel)
			}
			return "", "", fmt.Errorf("%s %s: %s", what, quotePath(name), FileError(err))
		}
		return abs, rel, nil
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if os.IsNotExist(err) {
			return "", "", fmt.Errorf("%s %q: no such file in the app (looked for %s)", what, name, filepath.ToSlash(rel))
		}
		return "", "", fmt.Errorf("%s %s: %s", what, quotePath(name), FileError(err))
	}
	if r, err := filepath.Rel(a.realRoot, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("%s %q: %s is a symlink that leaves the app directory", what, name, filepath.ToSlash(rel))
	}
	return abs, filepath.ToSlash(rel), nil
}
