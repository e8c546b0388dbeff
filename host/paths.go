package host

// This file defines how paths a page names are checked before the file
// system sees them, and how errors about them are told to the page: by the
// path relative to the app, never by the server's absolute paths.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
