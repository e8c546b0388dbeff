package host

// This file defines how paths a page names are checked before the file
// system sees them, and how errors about them are told to the page: by the
// path relative to the app, never by the server's absolute paths.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
)

// Bounds of a path a page names: longer names are refused before the file
// system is asked (which would answer with the absolute path it tried).
const (
	MaxPathBytes    = 1024 // the whole path
	MaxPathSegBytes = 255  // one name in it (NAME_MAX of common file systems)
)

// CheckPathName refuses a path a page names (for a load(), a data file, a
// page) that no file of the app can have: empty, absolute, with a NUL or
// another control character, longer than MaxPathBytes, or with a name
// longer than MaxPathSegBytes. what names the caller ("load", "data.csv").
// The error quotes name as the page wrote it, shortened when long.
func CheckPathName(what, name string) error {
	q := quotePath(name)
	switch {
	case name == "":
		return fmt.Errorf("%s: empty path", what)
	case strings.IndexByte(name, 0) >= 0:
		return fmt.Errorf("%s %s: the path contains a NUL byte", what, q)
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return fmt.Errorf("%s %s: the path contains a control character", what, q)
	case len(name) > MaxPathBytes:
		return fmt.Errorf("%s %s: the path is too long (%d bytes; at most %d)", what, q, len(name), MaxPathBytes)
	case filepath.IsAbs(name) || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`):
		return fmt.Errorf("%s %s: absolute paths are not allowed; name a file inside the app, relative to its root", what, q)
	}
	for _, seg := range strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' }) {
		if len(seg) > MaxPathSegBytes {
			return fmt.Errorf("%s %s: a name in the path is too long (%d bytes; at most %d)", what, q, len(seg), MaxPathSegBytes)
		}
	}
	return nil
}

// quotePath quotes a path for an error, its middle cut when it is long.
func quotePath(name string) string {
	if len(name) > 80 {
		name = name[:40] + "…" + name[len(name)-20:]
	}
	return fmt.Sprintf("%q", name)
}

// FileError is what an error of the file system says without the path it
// carries ("no such file or directory", "not a directory"): the caller
// names the file by the path the page wrote.
func FileError(err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		return pe.Err.Error()
	case errors.As(err, &le):
		return le.Err.Error()
	case errors.As(err, &se):
		return se.Err.Error()
	}
	return err.Error()
}

// hidePaths rewrites a message a page will see so that paths inside root
// read relative to it: the backstop for errors that quote what the file
// system said.
func hidePaths(root, msg string) string {
	if root == "" || !strings.Contains(msg, string(filepath.Separator)) {
		return msg
	}
	roots := []string{root}
	if real, err := filepath.EvalSymlinks(root); err == nil && real != root {
		roots = append(roots, real)
	}
	for _, r := range roots {
		msg = strings.ReplaceAll(msg, r+string(filepath.Separator), "")
		msg = strings.ReplaceAll(msg, r, ".")
	}
	return msg
}

// ReadAppFile reads the file a page names (for data.*, st.image, st.video
// ...), resolved as load() resolves modules: relative to the calling file
// when it starts with ./ or ../, else to the app root. Absolute paths,
// paths that leave the root and symlinks that point out of it are refused;
// the resolved file is then opened with [os.OpenInRoot], so that a symlink
// made after the check cannot lead out either. Errors name the file by the
// path the page wrote and the path relative to the app, never the server's
// absolute path. max > 0 bounds the file's size: a larger file is refused
// before it is read (its size from the file system), and reading stops at
// max+1 bytes if it grew meanwhile.
func ReadAppFile(t *starlark.Thread, op, name string, max int64) ([]byte, error) {
	sb, err := SandboxFor(t, op)
	if err != nil {
		return nil, err
	}
	root := sb.App.Root
	if err := CheckPathName(op, name); err != nil {
		return nil, err
	}
	base := root
	if strings.HasPrefix(name, "./") || strings.HasPrefix(name, "../") {
		if t.CallStackDepth() > 1 {
			if from := t.CallFrame(1).Pos.Filename(); filepath.IsAbs(from) {
				base = filepath.Dir(from)
			}
		}
	}
	abs := filepath.Join(base, filepath.FromSlash(name))
	rel, err := filepath.Rel(root, abs)
	if err != nil || leavesRoot(rel) {
		return nil, fmt.Errorf("%s %q: the path leaves the app directory", op, name)
	}
	if sb.App.opts.FS != nil {
		return sb.App.readFSFile(op, name, filepath.ToSlash(rel), max)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s %q: no such file in the app (looked for %s)", op, name, filepath.ToSlash(rel))
		}
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	realRel, err := filepath.Rel(realRoot, real)
	if err != nil || leavesRoot(realRel) {
		return nil, fmt.Errorf("%s %q: %s is a symlink that leaves the app directory", op, name, filepath.ToSlash(rel))
	}
	// The resolved path has no symlinks left, unless one was made since.
	f, err := os.OpenInRoot(realRoot, realRel)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s %q: %s is a directory", op, name, filepath.ToSlash(rel))
	}
	if max > 0 && fi.Size() > max {
		return nil, fmt.Errorf("%s %q: the file is %d bytes, more than the %d bytes allowed here", op, name, fi.Size(), max)
	}
	// Read into a buffer of the file's size, once, rather than one grown
	// by doubling (twice the file at the peak); a file that grew since
	// its Stat is read on, within max.
	b := make([]byte, 0, fi.Size()+1)
	var r io.Reader = f
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s %q: %s", op, name, FileError(err))
		}
	}
	if max > 0 && int64(len(b)) > max {
		return nil, fmt.Errorf("%s %q: the file is more than the %d bytes allowed here", op, name, max)
	}
	return b, nil
}

// leavesRoot reports whether a relative path climbs out of its base.
func leavesRoot(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
