package main

// Browser end-to-end tests: a real `stark run` process serves the demo app of
// pages/ (and a small app written to a temporary directory), and a headless
// Chromium driven by chromedp does what a user does and checks what the user
// sees. The stark binary is built once (with -race when the tests are), each
// app is served by one process started on first use, and one browser serves
// every test, each test in a tab of its own (so a session of its own: the
// front end keeps its session token in sessionStorage, which is per tab).
// TestMain stops the servers and the browser.
//
// Without chromium the tests skip, except under CI (the env var CI is set),
// where they fail: CI must install it (.ci/run does).

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const (
	browserTestTimeout = 60 * time.Second // one test, all its steps
	browserWaitTimeout = 20 * time.Second // one wait for something to show
)

func TestMain(m *testing.M) {
	code := m.Run()
	if e2eStop() && code == 0 {
		code = 1
	}
	os.Exit(code)
}

// ---- the stark binary and its servers --------------------------------------

// e2e holds what the browser tests share: built or started on first use,
// stopped by TestMain.
var e2e struct {
	tmpOnce sync.Once
	tmp     string
	tmpErr  error

	binOnce sync.Once
	bin     string
	binErr  error
	// plain is the binary without -race (plainStarkBinary).
	plainOnce sync.Once
	plain     string
	plainErr  error

	mu      sync.Mutex
	servers map[string]*starkServer // by app directory
	errs    map[string]error

	browserOnce   sync.Once
	browser       context.Context
	browserErr    error
	browserCancel []context.CancelFunc
}

func e2eTemp() (string, error) {
	e2e.tmpOnce.Do(func() {
		e2e.tmp, e2e.tmpErr = os.MkdirTemp("", "stark-browser-test-")
	})
	return e2e.tmp, e2e.tmpErr
}

// e2eStop stops the browser and the servers and removes the temporary
// directory. It reports whether a server's log shows a data race.
func e2eStop() (raced bool) {
	for i := len(e2e.browserCancel) - 1; i >= 0; i-- {
		e2e.browserCancel[i]()
	}
	e2e.mu.Lock()
	var wg sync.WaitGroup
	for _, s := range e2e.servers {
		wg.Go(s.stop) // each takes about a second to shut down
	}
	wg.Wait()
	for dir, s := range e2e.servers {
		if log := s.logText(); strings.Contains(log, "DATA RACE") {
			fmt.Fprintf(os.Stderr, "stark run %s: data race:\n%s\n", dir, log)
			raced = true
		}
	}
	e2e.mu.Unlock()
	if e2e.tmp != "" {
		os.RemoveAll(e2e.tmp)
	}
	return raced
}

// raceEnabled reports whether this test binary was built with -race; the
// stark binary under test is built the same way, so a data race in the server
// under real browser traffic shows up too.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// starkBinary builds ./cmd/stark (the test's working directory) once,
// with -race when the test binary has it.
func starkBinary(t *testing.T) string {
	t.Helper()
	e2e.binOnce.Do(func() { e2e.bin, e2e.binErr = buildStark("stark", raceEnabled()) })
	if e2e.binErr != nil {
		t.Fatalf("building stark: %v", e2e.binErr)
	}
	return e2e.bin
}

// plainStarkBinary builds ./cmd/stark once without -race: for tests of
// operating-system memory limits, which the race detector's shadow memory
// would count against.
func plainStarkBinary(t *testing.T) string {
	t.Helper()
	if !raceEnabled() {
		return starkBinary(t)
	}
	e2e.plainOnce.Do(func() { e2e.plain, e2e.plainErr = buildStark("stark-plain", false) })
	if e2e.plainErr != nil {
		t.Fatalf("building stark: %v", e2e.plainErr)
	}
	return e2e.plain
}

func buildStark(name string, race bool) (string, error) {
	tmp, err := e2eTemp()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(tmp, name)
	args := []string{"build", "-o", bin}
	if race {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool(), append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin, nil
}

// A starkServer is a running `stark run DIR` process.
type starkServer struct {
	dir  string
	url  string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited

	mu  sync.Mutex
	log strings.Builder // its stdout and stderr
}

func (s *starkServer) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// logTail is the end of the server's log, for failure messages.
func (s *starkServer) logTail() string {
	l := s.logText()
	if len(l) > 4000 {
		l = "…" + l[len(l)-4000:]
	}
	return l
}

func (s *starkServer) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// demoServer serves the repository's pages/.
func demoServer(t *testing.T) *starkServer {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "pages"))
	if err != nil {
		t.Fatal(err)
	}
	return serverFor(t, dir)
}

// testAppPages is the app of testAppServer, file name to source.
var testAppPages = map[string]string{
	"1_Home.star": `st.title("Test app")` + "\n",
	"2_Boom.star": "st.text(\"before\")\nx = 1 // 0\nst.text(\"after\")\n",
	"3_Xss.star": `st.markdown("<script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> [x](javascript:window.__pwned=3)")` + "\n" +
		`st.text("<b>bold?</b>")` + "\n",
}

// testAppServer serves an app of testAppPages written to a temporary directory.
func testAppServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "app", testAppPages)
}

// sharedAppServer serves the app of pages (file name to source), written to
// the temporary directory name on first use and served by one process for
// every test that uses it. Tests must not edit its pages: use newAppDir for
// an app a test changes.
func sharedAppServer(t *testing.T, name string, pages map[string]string) *starkServer {
	t.Helper()
	tmp, err := e2eTemp()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, name)
	e2e.mu.Lock()
	_, started := e2e.servers[dir]
	e2e.mu.Unlock()
	if !started {
		writeApp(t, dir, pages)
	}
	return serverFor(t, dir)
}

// newAppDir writes the app of pages to a new temporary directory of this
// test's own and returns it; serve it with appAt(dir).
func newAppDir(t *testing.T, pages map[string]string) string {
	t.Helper()
	tmp, err := e2eTemp()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(tmp, "app-")
	if err != nil {
		t.Fatal(err)
	}
	writeApp(t, dir, pages)
	return dir
}

// appAt is the app argument of openPage for the app in dir: its server,
// started on first use.
func appAt(dir string) func(*testing.T) *starkServer {
	return func(t *testing.T) *starkServer {
		t.Helper()
		return serverFor(t, dir)
	}
}

func writeApp(t *testing.T, dir string, pages map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// serverFor returns the server of the app in dir, started on first use.
func serverFor(t *testing.T, dir string) *starkServer {
	t.Helper()
	bin := starkBinary(t)
	e2e.mu.Lock()
	defer e2e.mu.Unlock()
	if err := e2e.errs[dir]; err != nil {
		t.Fatalf("stark run %s: %v", dir, err)
	}
	if s := e2e.servers[dir]; s != nil {
		select {
		case <-s.done:
			t.Fatalf("stark run %s has exited; its log:\n%s", dir, s.logTail())
		default:
		}
		return s
	}
	s, err := startServer(bin, dir)
	if e2e.servers == nil {
		e2e.servers, e2e.errs = map[string]*starkServer{}, map[string]error{}
	}
	if s != nil {
		e2e.servers[dir] = s // stopped by TestMain, also when it failed to come up
	}
	if err != nil {
		e2e.errs[dir] = err
		t.Fatalf("stark run %s: %v", dir, err)
	}
	return s
}

// startServer starts `stark run DIR --addr 127.0.0.1:0`, reads the address
// it serves at from its log and waits for /healthz.
func startServer(bin, dir string) (*starkServer, error) {
	return startCommand(bin, dir, "run", dir, "--addr", "127.0.0.1:0")
}

// startCommand starts stark with args (a command that serves, `run` or
// `serve`), reads the address it serves at from its log and waits for
// /healthz.
func startCommand(bin, dir string, args ...string) (*starkServer, error) {
	s := &starkServer{dir: dir, done: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	r, w := io.Pipe()
	s.cmd.Stdout, s.cmd.Stderr = w, w
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		s.cmd.Wait()
		w.Close()
		close(s.done)
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.log.WriteString(line + "\n")
			s.mu.Unlock()
			// "stark: serving DIR at http://ADDR", perhaps followed by " (apps)"
			if i := strings.LastIndex(line, " at http://"); i >= 0 && strings.HasPrefix(line, "stark: serving ") {
				a, _, _ := strings.Cut(line[i+len(" at http://"):], " ")
				select {
				case addr <- "http://" + a:
				default:
				}
			}
		}
		io.Copy(io.Discard, r)
	}()
	select {
	case s.url = <-addr:
	case <-s.done:
		return s, fmt.Errorf("exited before serving; its log:\n%s", s.logTail())
	case <-time.After(30 * time.Second):
		return s, fmt.Errorf("did not say where it serves within 30s; its log:\n%s", s.logTail())
	}
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := client.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
			err = errors.New(resp.Status)
		}
		if time.Now().After(deadline) {
			return s, fmt.Errorf("GET /healthz: %v; its log:\n%s", err, s.logTail())
		}
		select {
		case <-s.done:
			return s, fmt.Errorf("exited; its log:\n%s", s.logTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// ---- the browser -------------------------------------------------------------

const noChromium = "chromium is not installed: install it (apt-get install chromium) to run the browser tests"

func chromiumPath() (string, bool) {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, true
	}
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium", true
	}
	return "", false
}

// browser returns the context of the shared browser, started on first use.
// Without chromium the test skips, or fails under CI.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests run in the full suite, not with -short")
	}
	path, ok := chromiumPath()
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatal(noChromium)
		}
		t.Skip(noChromium)
	}
	e2e.browserOnce.Do(func() {
		tmp, err := e2eTemp()
		if err != nil {
			e2e.browserErr = err
			return
		}
		profile, err := os.MkdirTemp(tmp, "chromium-")
		if err != nil {
			e2e.browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox, // the tests may run as root
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.UserDataDir(profile),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		e2e.browserCancel = append(e2e.browserCancel, cancelAlloc, cancel)
		// The first Run starts the browser; no deadline here, or the
		// browser would end with it.
		if err := chromedp.Do(ctx); err != nil {
			e2e.browserErr = fmt.Errorf("starting %s: %w", path, err)
			return
		}
		e2e.browser = ctx
	})
	if e2e.browserErr != nil {
		t.Fatalf("browser: %v", e2e.browserErr)
	}
	return e2e.browser
}

// e2eJS is added to every document of a test's tab, before the app's script:
// small read-only helpers to find what the user sees.
const e2eJS = `
window.__e2e = (() => {
  const main = () => document.querySelector('[data-testid="stark-main"]');
  const els = (kind, root) => [...(root || main() || document).querySelectorAll('[data-testid="stark-' + kind + '"]')];
  const labelOf = (el) => { const l = el.querySelector('.stark-label'); return l ? l.textContent : ''; };
  const widget = (kind, label) => els(kind).find((e) => labelOf(e) === label) || null;
  const status = () => document.querySelector('[data-testid="stark-status"]');
  return {
    els,
    widget,
    texts: (kind, root) => els(kind, root).map((e) => e.textContent),
    shows: (kind, s) => els(kind).some((e) => e.textContent.includes(s)),
    metric: (label) => {
      const m = els('metric').find((e) => { const l = e.querySelector('.stark-metric-label'); return l && l.textContent === label; });
      return m ? m.querySelector('.stark-metric-value').textContent : null;
    },
    state: () => (status() ? status().dataset.state || '' : ''),
    // Connected, no run going, and something on the page.
    idle: () => !!status() && status().dataset.state === 'connected' &&
      document.querySelector('[data-testid="stark-running"]').hidden &&
      !!main() && main().querySelector('[data-testid^="stark-"][data-path]') !== null,
    sliderValue: (label) => { const w = widget('slider', label); return w ? w.querySelector('input[type=range]').value : null; },
    // What a user's release of the slider's thumb does: input events while
    // dragging, change on release.
    setSlider: (label, v) => {
      const inp = widget('slider', label).querySelector('input[type=range]');
      inp.value = String(v);
      inp.dispatchEvent(new Event('input', { bubbles: true }));
      inp.dispatchEvent(new Event('change', { bubbles: true }));
      return inp.value;
    },
    inputOf: (kind, label) => { const w = widget(kind, label); return w ? w.querySelector('input, textarea, select') : null; },
  };
})();
`

// wsJS wraps the WebSocket constructor so that a test can close the app's
// socket, refuse new ones for a while, and see the messages: the welcomes,
// the type of every message received (received), every message sent (sent),
// and count(type), the number of messages of a type received.
const wsJS = `
(() => {
  const Orig = window.WebSocket;
  const rec = window.__e2eWS = { sockets: [], welcomes: [], received: [], sent: [], block: false };
  rec.count = (type) => rec.received.filter((t) => t === type).length;
  window.WebSocket = class extends Orig {
    constructor(...args) {
      if (rec.block) throw new Error('e2e: new sockets are blocked');
      super(...args);
      rec.sockets.push(this);
      this.addEventListener('message', (e) => {
        try {
          const m = JSON.parse(e.data);
          for (const one of Array.isArray(m) ? m : [m]) {
            if (!one) continue;
            rec.received.push(one.type);
            if (one.type === 'welcome') rec.welcomes.push(one);
          }
        } catch {}
      });
    }
    send(data) {
      try { rec.sent.push(JSON.parse(data)); } catch { rec.sent.push(data); }
      return super.send(data);
    }
  };
})();
`

// A browserPage is a tab of the shared browser showing an app.
type browserPage struct {
	t   *testing.T
	srv *starkServer
	tab context.Context // the tab, no deadline: for diagnostics
	ctx context.Context // the tab with the test's deadline

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// openPage opens a new tab at the path of the app's server (demoServer or
// testAppServer), with e2eJS and the extra scripts in every document, and
// waits until the page is connected and has run.
func openPage(t *testing.T, app func(*testing.T) *starkServer, path string, scripts ...string) *browserPage {
	t.Helper()
	b := browser(t) // first: skip before building anything
	srv := app(t)
	tab, cancelTab := chromedp.NewContext(b)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // opens the tab
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, browserTestTimeout)
	t.Cleanup(cancel)
	p := &browserPage{t: t, srv: srv, tab: tab, ctx: ctx}

	msgs := chromedp.Console(tab)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	// The front end must not throw: an uncaught exception fails the test.
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, m := range p.console {
			if m.IsException() {
				t.Errorf("uncaught exception in the page: %s (%s:%d)", m.Text, m.URL, m.Line+1)
			}
		}
	})
	// A data race in the server fails the test that saw it.
	t.Cleanup(func() {
		if strings.Contains(srv.logText(), "DATA RACE") {
			t.Errorf("stark run %s reported a data race:\n%s", srv.dir, srv.logTail())
		}
	})

	for _, src := range append([]string{e2eJS}, scripts...) {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			t.Fatalf("adding a script to the tab: %v", err)
		}
	}
	p.do("opening "+srv.url+path, chromedp.Navigate(srv.url+path))
	p.waitIdle()
	return p
}

// fatalf fails the test with what the page shows, its console and the
// server's log.
func (p *browserPage) fatalf(format string, args ...any) {
	p.t.Helper()
	msg := fmt.Sprintf(format, args...)
	dctx, cancel := context.WithTimeout(p.tab, 5*time.Second)
	defer cancel()
	shown, err := chromedp.Run(dctx, chromedp.Evaluate[string](`(() => {
	  const st = document.querySelector('[data-testid="stark-status"]');
	  const m = document.querySelector('[data-testid="stark-main"]');
	  const sb = document.querySelector('[data-testid="stark-sidebar"]');
	  return 'location: ' + location.href + '\nstatus: ' + (st ? st.dataset.state + ' (' + st.textContent + ')' : 'none') +
	    '\nsidebar:\n' + (sb ? sb.innerText : '') + '\nmain:\n' + (m ? m.innerText : document.body.innerText);
	})()`))
	if err != nil {
		shown = "(could not read the page: " + err.Error() + ")"
	}
	p.mu.Lock()
	var console []string
	for _, m := range p.console {
		console = append(console, fmt.Sprintf("  %s: %s", m.Type, m.Text))
	}
	p.mu.Unlock()
	p.t.Fatalf("%s\n--- the page:\n%s\n--- its console:\n%s\n--- the server's log:\n%s",
		msg, shown, strings.Join(console, "\n"), p.srv.logTail())
}

func (p *browserPage) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.fatalf("%s: %v", what, err)
	}
}

// wait waits until the JavaScript expression is truthy.
func (p *browserPage) wait(what, expr string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(browserWaitTimeout)))
	if err != nil {
		p.fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// waitIdle waits until the page is connected, shows something and has no
// run going.
func (p *browserPage) waitIdle() {
	p.t.Helper()
	p.wait("the page to be connected and idle", `__e2e.idle()`)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *browserPage, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// inputID returns the DOM id of the input of the widget of kind with label.
func (p *browserPage) inputID(kind, label string) string {
	p.t.Helper()
	expr := fmt.Sprintf(`(__e2e.inputOf(%s, %s) || {}).id || ''`, js(kind), js(label))
	p.wait(fmt.Sprintf("the %s %q", kind, label), expr)
	return eval[string](p, expr)
}

// holds checks that the JavaScript expression stays truthy for d: what a
// test uses to see that something does not happen (no message is sent, no
// run starts).
func (p *browserPage) holds(what, expr string, d time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(d)
	for {
		if !eval[bool](p, expr) {
			p.fatalf("%s: no longer true: %s", what, expr)
		}
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *browserPage) waitShows(kind, text string) {
	p.t.Helper()
	p.wait(fmt.Sprintf("a %s showing %q", kind, text), fmt.Sprintf(`__e2e.shows(%s, %s)`, js(kind), js(text)))
}

func (p *browserPage) waitMetric(label, value string) {
	p.t.Helper()
	p.wait(fmt.Sprintf("the metric %q to be %s", label, value), fmt.Sprintf(`__e2e.metric(%s) === %s`, js(label), js(value)))
}

func (p *browserPage) setSlider(label string, v int) {
	p.t.Helper()
	p.wait(fmt.Sprintf("the slider %q", label), fmt.Sprintf(`__e2e.widget('slider', %s) !== null`, js(label)))
	if got := eval[string](p, fmt.Sprintf(`__e2e.setSlider(%s, %d)`, js(label), v)); got != fmt.Sprint(v) {
		p.fatalf("the slider %q took %q, not %d", label, got, v)
	}
}

func (p *browserPage) clickNav(pageName string) {
	p.t.Helper()
	p.do("clicking the nav link "+pageName,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-testid="stark-nav-link"][data-page=%s]`, js(pageName)))))
	p.wait("the nav link "+pageName+" to be current",
		fmt.Sprintf(`document.querySelector('[data-testid="stark-nav-link"][aria-current="page"]')?.dataset.page === %s`, js(pageName)))
}

// ---- the tests ---------------------------------------------------------------

func TestBrowserWelcome(t *testing.T) {
	p := openPage(t, demoServer, "/")
	p.waitShows("title", "Welcome to stark")
	p.do("the title to be visible", chromedp.WaitVisible(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-title"]`)))

	nav := eval[[]string](p, `[...document.querySelectorAll('[data-testid="stark-nav"] [data-testid="stark-nav-link"]')].map((a) => a.textContent)`)
	want := []string{"Welcome", "Widgets", "Threads", "Missing context", "Bench", "Gallery", "Dashboard", "Data editor", "Chat", "Visitor"}
	if !slices.Equal(nav, want) {
		p.fatalf("the nav lists %q, want %q", nav, want)
	}
	p.do("the nav to be visible", chromedp.WaitVisible(chromedp.CSS(`[data-testid="stark-nav"]`)))
	if cur := eval[string](p, `document.querySelector('[data-testid="stark-nav-link"][aria-current="page"]')?.textContent || ''`); cur != "Welcome" {
		p.fatalf("the current nav link is %q, want Welcome", cur)
	}
	// What the page writes: the greeting of the text input's default, and
	// the sidebar's note.
	p.waitShows("success", "Hello, world!")
	p.wait("the sidebar's info", `__e2e.texts('info', document.querySelector('[data-testid="stark-sidebar"]')).some((s) => s.includes("Streamlit's model"))`)
}

func TestBrowserSlider(t *testing.T) {
	p := openPage(t, demoServer, "/Widgets")
	p.waitShows("markdown", "n squared is 100")

	// A release of the thumb at 7.
	p.setSlider("n", 7)
	p.waitShows("markdown", "n squared is 49")
	p.wait("the slider's value display to say 7", `__e2e.widget('slider', 'n').querySelector('output').textContent === '7'`)

	// The keyboard: one step right from the focused thumb.
	id := p.inputID("slider", "n")
	p.do("pressing the right arrow on the slider", chromedp.SendKeys(chromedp.ID(id), kb.ArrowRight))
	p.waitShows("markdown", "n squared is 64")
	if v := eval[string](p, `__e2e.sliderValue('n')`); v != "8" {
		p.fatalf("the slider shows %q after the run, want 8", v)
	}
}

func TestBrowserButton(t *testing.T) {
	p := openPage(t, demoServer, "/Widgets")
	p.waitMetric("Clicks", "0")
	if eval[bool](p, `__e2e.shows('info', 'The button was clicked')`) {
		p.fatalf("the button's info shows before any click")
	}
	if label := eval[string](p, `document.querySelector('[data-testid="stark-main"] [data-testid="stark-button"] button').textContent`); label != "Click me" {
		p.fatalf("the button says %q, want Click me", label)
	}
	p.do("clicking the button", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-button"] button`)))
	p.waitMetric("Clicks", "1")
	p.waitShows("info", "The button was clicked in this run.")
}

func TestBrowserTextInput(t *testing.T) {
	p := openPage(t, demoServer, "/Widgets")
	p.waitShows("json", `"text": ""`)
	id := p.inputID("text_input", "Text")
	if ph := eval[string](p, fmt.Sprintf(`document.getElementById(%s).placeholder`, js(id))); ph != "type here" {
		p.fatalf("the text input's placeholder is %q, want %q", ph, "type here")
	}
	p.do("typing into the text input", chromedp.SendKeys(chromedp.ID(id), "hello stark"))
	p.waitShows("json", `"text": "hello stark"`)
	if v := eval[string](p, fmt.Sprintf(`document.getElementById(%s).value`, js(id))); v != "hello stark" {
		p.fatalf("the text input holds %q after the run, want %q", v, "hello stark")
	}
}

func TestBrowserNavigationKeepsState(t *testing.T) {
	p := openPage(t, demoServer, "/Widgets")
	p.setSlider("n", 7)
	p.waitShows("markdown", "n squared is 49")
	id := p.inputID("text_input", "Text")
	p.do("typing into the text input", chromedp.SendKeys(chromedp.ID(id), "kept"))
	p.waitShows("json", `"text": "kept"`)
	p.waitIdle()
	// Navigation over the socket loads no new document: this survives it.
	eval[chromedp.Void](p, `window.__e2eSameDocument = true`)

	const runs = "Runs of this page in this session"
	p.clickNav("Welcome")
	p.waitShows("title", "Welcome to stark")
	p.waitMetric(runs, "1")
	p.waitIdle()
	if path := eval[string](p, `location.pathname`); path != "/" {
		p.fatalf("the URL's path on Welcome is %q, want /", path)
	}

	p.clickNav("Widgets")
	p.waitShows("markdown", "n squared is 49")
	p.waitShows("json", `"text": "kept"`)
	p.waitIdle()
	if v := eval[string](p, `__e2e.sliderValue('n')`); v != "7" {
		p.fatalf("back on Widgets the slider shows %q, want 7", v)
	}
	if v := eval[string](p, `__e2e.inputOf('text_input', 'Text').value`); v != "kept" {
		p.fatalf("back on Widgets the text input holds %q, want kept", v)
	}
	if path := eval[string](p, `location.pathname`); path != "/Widgets" {
		p.fatalf("the URL's path on Widgets is %q, want /Widgets", path)
	}

	p.clickNav("Welcome")
	p.waitMetric(runs, "2")
	if !eval[bool](p, `window.__e2eSameDocument === true`) {
		p.fatalf("navigating loaded a new document")
	}
}

func TestBrowserPageError(t *testing.T) {
	t.Run("missing context", func(t *testing.T) {
		p := openPage(t, demoServer, "/Missing_context")
		p.waitShows("exception", "missing ScriptRunContext")
		p.waitShows("exception", "4_Missing_context.star:11")
		// st.exception shows an error; the run itself succeeded.
		p.waitShows("code", "spawn(worker, context=True)")
		p.waitIdle()
		if !eval[bool](p, `document.querySelector('[data-testid="stark-run-error"]').hidden`) {
			p.fatalf("the run-error box shows, but the run did not fail")
		}
	})
	t.Run("failing page", func(t *testing.T) {
		p := openPage(t, testAppServer, "/Boom")
		p.waitShows("exception", "division by zero")
		p.waitShows("exception", "2_Boom.star:2")
		p.waitShows("text", "before")
		p.waitIdle()
		// What the run wrote before the error stays above it; nothing after.
		order := eval[[]string](p, `[...document.querySelector('[data-testid="stark-main-root"]').children].map((e) => e.dataset.testid + ': ' + e.textContent.trim().split('\n')[0])`)
		if len(order) != 2 || order[0] != "stark-text: before" || !strings.HasPrefix(order[1], "stark-exception:") {
			p.fatalf("the page shows %q, want the text \"before\" then the exception", order)
		}
		// The error shows once: the run-error box stays hidden since the
		// exception element already shows it.
		if !eval[bool](p, `document.querySelector('[data-testid="stark-run-error"]').hidden`) {
			p.fatalf("the error shows twice: in the page and in the run-error box")
		}
	})
}

func TestBrowserReconnect(t *testing.T) {
	p := openPage(t, demoServer, "/Widgets", wsJS)
	p.setSlider("n", 7)
	p.waitShows("markdown", "n squared is 49")
	p.waitIdle()
	session := eval[string](p, `__e2eWS.welcomes[0].session`)
	if session == "" || eval[string](p, `sessionStorage.getItem('stark.session')`) != session {
		p.fatalf("the session token is not kept in sessionStorage")
	}

	// The socket drops, and the next attempts fail for a while.
	eval[chromedp.Void](p, `__e2eWS.block = true; __e2eWS.sockets.forEach((s) => s.close())`)
	p.wait("the status to say reconnecting", `__e2e.state() === 'reconnecting'`)
	p.do("the status to be visible", chromedp.WaitVisible(chromedp.CSS(`[data-testid="stark-status"][data-state="reconnecting"]`)))
	// Meanwhile the page keeps what it showed.
	if v := eval[string](p, `__e2e.sliderValue('n')`); v != "7" {
		p.fatalf("while reconnecting the slider shows %q, want 7", v)
	}
	eval[chromedp.Void](p, `__e2eWS.block = false`)

	p.wait("the status to say connected", `__e2e.state() === 'connected'`)
	p.wait("a second welcome", `__e2eWS.welcomes.length >= 2`)
	w := eval[struct {
		Session string `json:"session"`
		Resumed bool   `json:"resumed"`
	}](p, `__e2eWS.welcomes[__e2eWS.welcomes.length - 1]`)
	if !w.Resumed || w.Session != session {
		p.fatalf("after the reconnect: welcome with session %q, resumed %v; want the session %q resumed", w.Session, w.Resumed, session)
	}
	p.waitIdle()
	p.waitShows("markdown", "n squared is 49")
	if v := eval[string](p, `__e2e.sliderValue('n')`); v != "7" {
		p.fatalf("after the reconnect the slider shows %q, want 7", v)
	}
	// The resumed session still answers.
	p.setSlider("n", 9)
	p.waitShows("markdown", "n squared is 81")
}

func TestBrowserThreads(t *testing.T) {
	p := openPage(t, demoServer, "/Threads")
	p.waitShows("markdown", "3² = 9 and 4² = 16")
	p.wait("the three workers to be done", `__e2e.texts('success').filter((s) => s.includes('done')).length === 3`)
	got := eval[[]string](p, `__e2e.els('success').map((e) => (e.parentElement.closest('[data-testid="stark-empty"]') ? 'in a placeholder: ' : '') + e.textContent.trim())`)
	want := []string{"in a placeholder: worker 1 done", "in a placeholder: worker 2 done", "in a placeholder: worker 3 done"}
	if !slices.Equal(got, want) {
		p.fatalf("the placeholders show %q, want %q", got, want)
	}
	p.waitIdle()
	if steps := eval[int](p, `__e2e.texts('markdown').filter((s) => s.includes('step')).length`); steps != 0 {
		p.fatalf("%d workers' progress lines remain after the run", steps)
	}
}

func TestBrowserMarkdownIsNotHTML(t *testing.T) {
	p := openPage(t, testAppServer, "/Xss")
	p.waitShows("text", "<b>bold?</b>")
	p.waitShows("markdown", "window.__pwned")
	p.waitIdle()

	if got := eval[string](p, `typeof window.__pwned`); got != "undefined" {
		p.fatalf("window.__pwned is set (%s): the page ran the markdown's script", got)
	}
	md := eval[string](p, `__e2e.texts('markdown').join('\n')`)
	for _, raw := range []string{
		`<script>window.__pwned=1</script>`,
		`<img src=x onerror="window.__pwned=2">`,
		`[x](javascript:window.__pwned=3)`,
	} {
		if !strings.Contains(md, raw) {
			p.fatalf("the markdown does not show %q as text; it shows %q", raw, md)
		}
	}
	if got := eval[string](p, `__e2e.texts('text').join('\n')`); got != "<b>bold?</b>" {
		p.fatalf("st.text shows %q, want the raw <b>bold?</b>", got)
	}
	bad := eval[[]string](p, `(() => {
	  const main = document.querySelector('[data-testid="stark-main"]');
	  const bad = [];
	  for (const e of main.querySelectorAll('*')) {
	    const tag = e.tagName.toLowerCase();
	    if (['script', 'img', 'iframe', 'object', 'embed', 'b'].includes(tag)) bad.push('<' + tag + '>');
	    for (const a of e.attributes) if (a.name.startsWith('on')) bad.push(tag + ' ' + a.name);
	    if (tag === 'a' && /^\s*javascript:/i.test(e.getAttribute('href') || '')) bad.push('a href=' + e.getAttribute('href'));
	  }
	  return bad;
	})()`)
	if len(bad) != 0 {
		p.fatalf("stark-main holds nodes made from the page's text: %q", bad)
	}
}
