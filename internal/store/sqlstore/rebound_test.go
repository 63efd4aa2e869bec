package sqlstore

import (
	"fmt"
	"strings"
	"testing"
)

// A pool's rewritten texts are rebind's, kept once up to mostRebound
// texts; beyond that, still rewritten.
func TestPoolRebind(t *testing.T) {
	p := &pool{d: dollar{}}
	for i := range mostRebound + 10 {
		q := fmt.Sprintf("SELECT ? FROM t%d WHERE a = ? AND b IN (?, ?)", i)
		want := fmt.Sprintf("SELECT $1 FROM t%d WHERE a = $2 AND b IN ($3, $4)", i)
		for range 2 {
			if got := p.rebind(q); got != want {
				t.Fatalf("%q rewritten as %q; want %q", q, got, want)
			}
		}
	}
	if n := p.rebound.n.Load(); n != mostRebound {
		t.Errorf("%d texts kept; want %d", n, mostRebound)
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
