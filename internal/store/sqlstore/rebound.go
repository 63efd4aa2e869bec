package sqlstore

import (
	"sync"
	"sync/atomic"
)

// Statement texts are written with "?" placeholders and rewritten into
// the dialect's ($1, $2 …) before they run (rebind). A lookup's text is
// 2 KB, and was rewritten on every request: a twentieth of roster's CPU
// in PostgreSQL's lookups. A pool rewrites each text once and keeps it,
// up to mostReboundBytes of texts (texts with lists of every length, a
// page's ids, would otherwise grow it without bound); past that, a text
// is rewritten each time it runs, as before.

// mostReboundBytes bounds the bytes of the texts a pool keeps, as
// written and rewritten.
const mostReboundBytes = 4 << 20

// reboundTexts are a pool's rewritten texts, by text as written.
type reboundTexts struct {
	m     sync.Map // string → string
	bytes atomic.Int64
}

// rebind returns query with p's dialect's placeholders.
func (p *pool) rebind(query string) string {
	if p.d.Placeholder(1) == "?" {
		return query
	}
	if r, ok := p.rebound.m.Load(query); ok {
		return r.(string)
	}
	r := rebind(p.d, query)
	size := int64(len(query) + len(r))
	if p.rebound.bytes.Load()+size <= mostReboundBytes {
		if _, had := p.rebound.m.LoadOrStore(query, r); !had {
			p.rebound.bytes.Add(size)
		}
	}
	return r
}
