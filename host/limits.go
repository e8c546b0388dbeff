package host

// This file defines the per-app limits and the causes that end a run early.

import (
	"fmt"
	"time"
)

// Limits bound what one run of an app may use. The zero value of a field
// means its default, given beside it.
type Limits struct {
	// Steps is the Starlark step budget of a run, shared by the script thread
	// and every thread it spawns. Default 10,000,000 (about a second of
	// interpretation on a small machine).
	Steps uint64
	// WallTime bounds a run from the moment it gets its first run slot (see
	// Runs; the time it queued for it does not count) to the end of its
	// last thread. Default 30s.
	WallTime time.Duration
	// Runs bounds the threads of the app's runs that execute Starlark at
	// once: script threads and spawned threads alike ([limits] runs). Past
	// it they wait in a FIFO queue: a new run queues for its first slot, a
	// thread that blocked (sleep, a task's result, http, …) queues to go
	// on, and a thread that executed for [RunQuantum] while others wait
	// yields. Default [DefaultRuns]: GOMAXPROCS; a host of several apps
	// gives [SharedRuns], one less.
	Runs int
	// Threads bounds the threads a run may spawn in all. Default 64.
	Threads int
	// AppThreads bounds the spawned threads of all runs of the app that may
	// exist at once, executing or blocked; past it spawn queues. Default 32.
	AppThreads int
	// Elements bounds the elements a run may emit. Default 10,000.
	Elements int
	// UploadBytes bounds one file a browser uploads to st.file_uploader
	// ([limits] upload_bytes). Default 50 MiB.
	UploadBytes int64
	// UploadStoreBytes bounds the uploaded files all the app's sessions
	// hold until they end ([limits] upload_store_bytes), each counting its
	// data, name and type and 256 bytes: a session makes room by dropping
	// its own oldest files, and past that an upload is refused (507) before
	// its body is read. Default 256 MiB, and never less than UploadBytes.
	UploadStoreBytes int64
	// Uploads bounds the uploads the app reads at once ([limits] uploads);
	// past it an upload is refused (503) before its body is read, so the
	// bodies being read hold at most Uploads * UploadBytes. Default 4.
	Uploads int
	// Sockets bounds the WebSockets the app holds at once ([limits]
	// sockets); ClientSockets those of one client address (an IPv6
	// client's /64) ([limits] client_sockets). A socket past either is
	// closed with a close reason that says which. Defaults 1,000 and 50.
	Sockets, ClientSockets int
	// SendBytes bounds the bytes queued for one socket and not yet
	// written ([limits] send_bytes); AppSendBytes those of all the app's
	// sockets together ([limits] app_send_bytes). A client that does not
	// read its frames fast enough to stay within both is disconnected,
	// with a close reason, rather than held in memory. A frame is queued
	// when the socket's queue is empty even if it is larger than
	// SendBytes, so one socket holds at most SendBytes plus one frame.
	// Defaults 8 MiB and 64 MiB.
	SendBytes, AppSendBytes int64
	// MediaBytes bounds the app's media store: the files of
	// st.download_button, st.image, st.audio, st.video, st.logo and st.pdf
	// that browsers fetch ([limits] media_bytes); past
	// it the least recently used files are evicted. Default 64 MiB.
	MediaBytes int64
	// CacheBytes bounds the app's cache_data and cache_resource store, in
	// estimated bytes of the frozen values; past it the least recently used
	// entries of every cached function are evicted ([limits] cache_bytes).
	// Default 64 MiB.
	CacheBytes int64
	// Sessions bounds the sessions the app holds at once, connected or
	// within their reconnect grace ([limits] sessions). Default 1,000.
	Sessions int
	// ElementBytes bounds the encoded bytes of the elements a run emits (the
	// sum of their JSON sizes; an update counts its whole new element)
	// ([limits] element_bytes). Default 16 MiB.
	ElementBytes int64
	// Memory is the heap the app's runs may grow the process by before the
	// heap guard cancels them ([limits] memory). Default 512 MiB.
	Memory int64
	// CallBytes bounds what one builtin call may allocate for its result
	// ([limits] call_bytes): a builtin computes the size of what it would
	// build before building it and asks [Sandbox.Alloc]. The heap guard
	// samples the heap every 50 ms and cannot stop a single allocation, so
	// this is what keeps one call from taking the process down. Default
	// 64 MiB, and never more than Memory.
	CallBytes int64
}

// Default values of [Limits].
const (
	DefaultSteps       = 10_000_000
	DefaultWallTime    = 30 * time.Second
	DefaultThreads     = 64
	DefaultAppThreads  = 32
	DefaultElements    = 10_000
	DefaultUpload      = 50 << 20
	DefaultCacheBytes  = 64 << 20
	DefaultSessions    = 1_000
	DefaultMemory      = 512 << 20
	DefaultElemBytes   = 16 << 20
	DefaultCallBytes   = 64 << 20
	DefaultUploads     = 4
	DefaultUploadStore = 256 << 20
	DefaultSockets     = 1_000
	DefaultClientSocks = 50
	DefaultSendBytes   = 8 << 20
	DefaultAppSend     = 64 << 20
)

// uploadStoreOverhead is room for one file's name, type and bookkeeping
// in the upload store, so that a file of UploadBytes always fits.
const uploadStoreOverhead = 1 << 10

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	orDefault(&l.Steps, DefaultSteps)
	orDefault(&l.WallTime, DefaultWallTime)
	orDefault(&l.Threads, DefaultThreads)
	orDefault(&l.AppThreads, DefaultAppThreads)
	orDefault(&l.Elements, DefaultElements)
	orDefault(&l.UploadBytes, DefaultUpload)
	orDefault(&l.MediaBytes, DefaultMediaBytes)
	orDefault(&l.CacheBytes, DefaultCacheBytes)
	orDefault(&l.Sessions, DefaultSessions)
	orDefault(&l.ElementBytes, DefaultElemBytes)
	orDefault(&l.Memory, DefaultMemory)
	orDefault(&l.CallBytes, DefaultCallBytes)
	orDefault(&l.Uploads, DefaultUploads)
	orDefault(&l.UploadStoreBytes, DefaultUploadStore)
	l.UploadStoreBytes = max(l.UploadStoreBytes, l.UploadBytes+uploadStoreOverhead)
	orDefault(&l.Sockets, DefaultSockets)
	orDefault(&l.ClientSockets, DefaultClientSocks)
	orDefault(&l.SendBytes, DefaultSendBytes)
	orDefault(&l.AppSendBytes, DefaultAppSend)
	l.CallBytes = min(l.CallBytes, l.Memory)
	return l
}

// orDefault sets *v to def when it is zero.
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Cause says why a run ended before its script returned.
type Cause int

const (
	NotCancelled      Cause = iota
	Superseded              // a newer run of the same session replaced it
	Timeout                 // the wall-time limit
	StepLimit               // the step budget
	ThreadLimit             // the thread limit of a run
	ElementLimit            // the element limit of a run
	Shutdown                // the server is stopping
	Stopped                 // the page called st.stop()
	Rerun                   // the page called st.rerun()
	ScriptFailed            // the script thread failed; its workers are stopped
	SwitchPage              // the page called st.switch_page()
	MemoryLimit             // the heap guard: the process heap crossed its budget
	ElementBytesLimit       // the element bytes limit of a run
	Disconnected            // no browser has shown the session for a while
)

var causeNames = [...]string{
	NotCancelled:      "not cancelled",
	Superseded:        "superseded by a newer run",
	Timeout:           "timeout",
	StepLimit:         "step limit",
	ThreadLimit:       "thread limit",
	ElementLimit:      "element limit",
	Shutdown:          "shutdown",
	Stopped:           "st.stop()",
	Rerun:             "st.rerun()",
	ScriptFailed:      "the script failed",
	SwitchPage:        "st.switch_page()",
	MemoryLimit:       "memory limit",
	ElementBytesLimit: "element bytes limit",
	Disconnected:      "no browser shows the session",
}

func (c Cause) String() string {
	if int(c) < len(causeNames) {
		return causeNames[c]
	}
	return fmt.Sprintf("cause(%d)", int(c))
}

// IsLimit reports whether c is a limit of the app being reached.
func (c Cause) IsLimit() bool {
	return c == Timeout || c == StepLimit || c == ThreadLimit || c == ElementLimit ||
		c == MemoryLimit || c == ElementBytesLimit
}

// message is the text a page author sees for a run ended by c under limits l.
func (c Cause) message(l Limits) string {
	switch c {
	case Timeout:
		return fmt.Sprintf("run stopped: wall time limit of %s reached (raise [limits] wall_time in stark.toml)", l.WallTime)
	case StepLimit:
		return fmt.Sprintf("run stopped: step limit of %d reached (raise [limits] steps in stark.toml)", l.Steps)
	case ThreadLimit:
		return fmt.Sprintf("run stopped: thread limit of %d reached (raise [limits] threads in stark.toml)", l.Threads)
	case ElementLimit:
		return fmt.Sprintf("run stopped: element limit of %d reached (raise [limits] elements in stark.toml)", l.Elements)
	case ElementBytesLimit:
		return fmt.Sprintf("run stopped: element bytes limit of %s reached: the page emitted too much output (raise [limits] element_bytes in stark.toml)", formatBytes(l.ElementBytes))
	case MemoryLimit:
		return "run stopped: memory limit exceeded (raise [limits] memory in stark.toml)"
	case Superseded:
		return "run cancelled: superseded by a newer run"
	case Shutdown:
		return "run cancelled: the server is shutting down"
	case Disconnected:
		return "run cancelled: no browser has shown the session since its connection closed"
	case ScriptFailed:
		return "run cancelled: the script thread failed"
	}
	return "run cancelled: " + c.String()
}

// formatBytes writes n as a size a person reads: "16 MiB", "1.5 KiB", "12 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<40:
		return fmt.Sprintf("%.1f TiB", float64(n)/(1<<40))
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
