package session

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// A batch that writes one path several times (a placeholder rewritten)
// sends that path once, with its last element; a batch without rewrites
// makes no look-up at all (stream.again), and must send the same.
func TestDeltaOneElementPerPath(t *testing.T) {
	for _, lines := range []int{3, 40} { // a batch of at most 32 elements and one of more
		t.Run(fmt.Sprint(lines), func(t *testing.T) {
			page := fmt.Sprintf(`
ph = st.empty()
for i in range(%d):
    st.markdown("line %%d" %% i)
for i in range(5):
    ph.markdown("step %%d" %% i)
st.markdown("after")
`, lines)
			f := newFixture(t, map[string]string{"page.star": page}, Options{})
			c := f.connect("", nil)
			f.idle(c.token())
			var els []Element
			for _, m := range c.messages() {
				if d, ok := m.(*DeltaMsg); ok {
					els = append(els, d.Elements...)
				}
			}
			seen := map[string]int{}
			var step []string
			for _, el := range els {
				p := el["path"].(string)
				seen[p]++
				if b, _ := el["body"].(string); len(b) > 4 && b[:4] == "step" {
					step = append(step, b)
				}
			}
			for p, n := range seen {
				if n > 1 {
					t.Errorf("path %s sent %d times in one run", p, n)
				}
			}
			if len(step) != 1 || step[0] != "step 4" {
				t.Errorf("the placeholder's elements sent: %q, want only \"step 4\"", step)
			}
			if len(seen) != lines+3 { // the placeholder, its element, the lines, "after"
				t.Errorf("%d paths sent, want %d: %v", len(seen), lines+3, seen)
			}
		})
	}
}

// A batch sent while the run goes on counts the children of every
// container it wrote to, as the run left them so far, whichever order the
// containers were written in.
func TestDeltaCountsOfABatch(t *testing.T) {
	page := `
a, b = st.columns(2)
st.markdown("main 1")
a.markdown("a 0")
b.markdown("b 0")
a.markdown("a 1")
st.markdown("main 2")
a.markdown("a 2")
hold("run")
st.markdown("main 3")
`
	f := newFixture(t, map[string]string{"page.star": page}, Options{})
	c := f.connect("", nil)
	f.reached("run")
	f.clock.Advance(time.Second) // the batch's timer: what was written so far is sent
	var counts map[string]int
	for deadline := time.Now().Add(guard); counts == nil; {
		if time.Now().After(deadline) {
			t.Fatal("no batch was sent while the run was held")
		}
		for _, m := range c.messages() {
			if d, ok := m.(*DeltaMsg); ok {
				counts = d.Counts
			}
		}
		if counts == nil {
			time.Sleep(time.Millisecond) // the flush runs on the timer's goroutine
		}
	}
	f.let()
	f.idle(c.token())
	want := map[string]int{"main": 3, "main.0": 2, "main.0.0": 3, "main.0.1": 1}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("the batch's counts %v, want %v", counts, want)
	}
}

// What the browser shows is kept by position, per container (positions.go):
// after a run, the session holds one slice of hashes per container, no
// key per element; a fragment's run replaces the fragment's containers
// only, so that the next full run sends only what changed outside it.
func TestDeltaStateByPosition(t *testing.T) {
	page := `
for i in range(20):
    st.markdown("line %d" % i)
a, b = st.columns(2)
a.markdown("a")
b.markdown("b")
def part():
    x = st.slider("x", 0, 10, 0, key="x")
    st.text("fragment " + str(x))
st.fragment(part)()
n = st.number_input("n", 0, 10, 0, key="n")
st.text("page")
`
	f := newFixture(t, map[string]string{"page.star": page}, Options{})
	c := f.connect("", nil)
	f.idle(c.token())
	c.widget("x", 4) // a fragment run
	f.idle(c.token())
	c.widget("n", 3) // a full run
	f.idle(c.token())
	runs := f.runs()
	if got, want := statuses(runs), "completed completed@fragment completed"; got != want {
		t.Fatalf("runs: %s, want %s", got, want)
	}
	var sent []string
	for _, m := range c.messages() {
		if d, ok := m.(*DeltaMsg); ok && d.Run == runs[2].RunID {
			for _, el := range d.Elements {
				sent = append(sent, el["path"].(string))
			}
		}
	}
	n := runs[0].Tree.Counts()["main"] - 2 // the number input's index
	if want := []string{fmt.Sprintf("main.%d", n)}; !reflect.DeepEqual(sent, want) {
		t.Errorf("the full run after the fragment's sent %q, want only the number input %q", sent, want)
	}
	s := f.session(c.token())
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	var containers []string
	for p, hs := range s.shown {
		if len(hs) > 0 {
			containers = append(containers, p)
		}
	}
	filled := 0
	for _, k := range runs[2].Tree.Counts() {
		if k > 0 {
			filled++
		}
	}
	if len(containers) != filled {
		t.Errorf("the session holds hashes for %q, want one entry per container of %v", containers, runs[2].Tree.Counts())
	}
}
