package host

// This file defines where an app's files come from: the directory on disk
// (the app's Root) or, for an app embedded in a Go program, an fs.FS
// (Options.FS: an embed.FS, an fstest.MapFS, …). Every read of a page, a
// module or a data file goes through these methods; the path rules of
// paths.go apply to both.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// fsRoot is the Root of an app whose files come from an fs.FS: an absolute
// name that only labels the app's files (in positions and errors, where
// it is cut off); the file system of the machine is never asked about it.
func fsRoot(name string) string {
	return filepath.Join(string(filepath.Separator), "stark-fs", strings.ReplaceAll(name, string(filepath.Separator), "_"))
}

// FromFS reports whether the app's files come from Options.FS rather than
// a directory on disk.
func (a *App) FromFS() bool { return a.opts.FS != nil }

// DataDir is the directory where the app's writable files (SQLite
// databases) live: the app's directory on disk or, for an app from an
// fs.FS, Options.DataDir ("" when the host named none).
func (a *App) DataDir() string {
	if a.opts.FS != nil {
		return a.opts.DataDir
	}
	return a.Root
}

// fsName returns the name in Options.FS of the file at abs (a path under
// Root), or an error when abs is not inside the app.
func (a *App) fsName(abs string) (string, error) {
	rel, err := filepath.Rel(a.Root, abs)
	if err != nil || leavesRoot(rel) {
		return "", fmt.Errorf("%s is not inside the app", abs)
	}
	name := filepath.ToSlash(rel)
	if !fs.ValidPath(name) {
		return "", fmt.Errorf("%s is not a valid path in the app", name)
	}
	return name, nil
}

// stat returns the file info of the app's file at abs.
func (a *App) stat(abs string) (fs.FileInfo, error) {
	if a.opts.FS == nil {
		return os.Stat(abs)
	}
	name, err := a.fsName(abs)
	if err != nil {
		return nil, err
	}
	return fs.Stat(a.opts.FS, name)
}

// readFile returns the content of the app's file at abs.
func (a *App) readFile(abs string) ([]byte, error) {
	if a.opts.FS == nil {
		return os.ReadFile(abs)
	}
	name, err := a.fsName(abs)
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(a.opts.FS, name)
}

// readRoot lists the app's top directory.
func (a *App) readRoot() ([]fs.DirEntry, error) {
	if a.opts.FS == nil {
		return os.ReadDir(a.Root)
	}
	return fs.ReadDir(a.opts.FS, ".")
}

// errFSSymlink is the refusal of a symlink in an app from an fs.FS: such
// a file system (os.DirFS) would follow it wherever it points.
var errFSSymlink = errors.New("is a symlink; an app served from a Go fs.FS may not hold symlinks")

// checkFS is resolve's check of the file rel (slash separated, inside the
// root) in Options.FS: it must exist, and no name on its way may be a
// symlink (when the FS can tell, as os.DirFS can).
func (a *App) checkFS(rel string) error {
	if !fs.ValidPath(rel) {
		return fs.ErrInvalid
	}
	if _, err := fs.Stat(a.opts.FS, rel); err != nil {
		return err
	}
	if _, ok := a.opts.FS.(fs.ReadLinkFS); !ok {
		return nil
	}
	p := ""
	for _, seg := range strings.Split(rel, "/") {
		p = path.Join(p, seg)
		fi, err := fs.Lstat(a.opts.FS, p)
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s %w", p, errFSSymlink)
		}
	}
	return nil
}

// readFSFile is ReadAppFile for an app from an fs.FS: the path was
// checked and made relative (rel) by the caller.
func (a *App) readFSFile(op, name, rel string, max int64) ([]byte, error) {
	if err := a.checkFS(rel); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s %q: no such file in the app (looked for %s)", op, name, rel)
		}
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	f, err := a.opts.FS.Open(rel)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s %q: %s is a directory", op, name, rel)
	}
	if max > 0 && fi.Size() > max {
		return nil, fmt.Errorf("%s %q: the file is %d bytes, more than the %d bytes allowed here", op, name, fi.Size(), max)
	}
	var r io.Reader = f
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	if max > 0 && int64(len(b)) > max {
		return nil, fmt.Errorf("%s %q: the file is more than the %d bytes allowed here", op, name, max)
	}
	return b, nil
}
