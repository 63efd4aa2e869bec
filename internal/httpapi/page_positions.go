package httpapi

import (
	"sync"
	"time"
)

// Page positions. Okta imports a company page by page with startIndex=1,
// 1+count, 1+2·count …; answered with OFFSET, page N makes the database
// skip N·count entries, so an import of a large company costs the square
// of its size. Each listing in creation order remembers where its next
// page starts (the last employee it returned); a request for exactly that
// startIndex of the same listing (company, connection, filter) then seeks
// to that employee instead (EmployeeQuery.PageAfter), and page N costs what
// page 1 costs. A deletion between two pages no longer shifts the next one
// either. An unknown startIndex (another instance served the previous
// page, a client jumping about) is answered with OFFSET as before.

// pageKey is one listing's page start.
type pageKey struct {
	company, connection, filter string
	start                       int
}

type pagePosition struct {
	after string // the employee before the page
	at    time.Time
}

// Bounds: an import reads a page every few milliseconds to seconds; a
// position older than pagePositionTTL is not worth keeping.
const (
	maxPagePositions = 10000
	pagePositionTTL  = 10 * time.Minute
)

// pagePositions holds the remembered positions of recent listings.
type pagePositions struct {
	mu sync.Mutex
	m  map[pageKey]pagePosition
}

// lookup returns the employee that the page at k starts after, if known.
func (p *pagePositions) lookup(k pageKey, now time.Time) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pos, ok := p.m[k]
	if !ok || now.Sub(pos.at) > pagePositionTTL {
		return "", false
	}
	return pos.after, true
}

// remember notes that the page at k starts after employee id. When the
// table is full, expired positions go first, then arbitrary ones.
func (p *pagePositions) remember(k pageKey, id string, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[pageKey]pagePosition{}
	}
	if len(p.m) >= maxPagePositions {
		for key, pos := range p.m {
			if now.Sub(pos.at) > pagePositionTTL || len(p.m) >= maxPagePositions {
				delete(p.m, key)
			}
			if len(p.m) < maxPagePositions/2 {
				break
			}
		}
	}
	p.m[k] = pagePosition{after: id, at: now}
}
