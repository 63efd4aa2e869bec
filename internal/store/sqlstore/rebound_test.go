package sqlstore

import (
	"fmt"
	"strings"
	"testing"
)

// A pool's rewritten texts are rebind's, kept once up to
// mostReboundBytes; beyond that, still rewritten.
func TestPoolRebind(t *testing.T) {
	p := &pool{d: dollar{}}
	list := strings.Repeat("?, ", 999) + "?"
	// Until a text is no longer kept: the bound is reached.
	for i, before := 0, int64(-1); p.rebound.bytes.Load() > before && i < 2000; i++ {
		before = p.rebound.bytes.Load()
		q := fmt.Sprintf("SELECT ? FROM t%d WHERE a = ? AND b IN (%s)", i, list)
		want := rebind(p.d, q)
		if !strings.HasPrefix(want, fmt.Sprintf("SELECT $1 FROM t%d WHERE a = $2 AND b IN ($3, $4,", i)) {
			t.Fatalf("rebind: %.60q", want)
		}
		for range 2 {
			if got := p.rebind(q); got != want {
				t.Fatalf("%.60q rewritten as %.60q; want %.60q", q, got, want)
			}
		}
	}
	kept := p.rebound.bytes.Load()
	for i := range 10 {
		q := fmt.Sprintf("SELECT ? FROM more%d WHERE b IN (%s)", i, list)
		if got := p.rebind(q); got != rebind(p.d, q) {
			t.Fatalf("past the bound, %.60q rewritten as %.60q", q, got)
		}
	}
	if n := p.rebound.bytes.Load(); n > mostReboundBytes || n != kept {
		t.Errorf("%d bytes kept, %d before the last texts; want at most %d, and no more past the bound", n, kept, mostReboundBytes)
	}
	if got := (&pool{d: question{}}).rebind("SELECT ?"); got != "SELECT ?" {
		t.Errorf("a \"?\" dialect's text rewritten as %q", got)
	}
}

// question is dollar with SQLite's placeholders.
type question struct{ dollar }

func (question) Placeholder(int) string { return "?" }

// BenchmarkPoolRebind: a lookup's 2 KB text rewritten anew, and kept.
func BenchmarkPoolRebind(b *testing.B) {
	q := strings.Repeat("SELECT e.seq, e.id, e.company_id FROM employees e WHERE e.company_id = ? AND ", 28) + "x = ?"
	p := &pool{d: dollar{}}
	b.Run("rewritten", func(b *testing.B) {
		for b.Loop() {
			_ = rebind(p.d, q)
		}
	})
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			_ = p.rebind(q)
		}
	})
}
