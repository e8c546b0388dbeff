package session

import (
	"fmt"
	"testing"
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
