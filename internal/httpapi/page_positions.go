package httpapi

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"roster/internal/directory"
)

// Page positions. Okta imports a company page by page with startIndex=1,
// 1+count, 1+2·count …; answered with OFFSET, page N makes the database
// skip N·count entries, so an import of a large company costs the square
// of its size. Each listing in creation order remembers where its next
// page starts (the last employee it returned); a request for exactly that
// startIndex of the same listing (company, connection, filter) then seeks
// to that employee instead (EmployeeQuery.PageAfter), and page N costs what
// page 1 costs. A deletion between two pages no longer shifts the next one
// either. An unknown startIndex (a client jumping about, a position
// forgotten) is answered with OFFSET as before.
//
// Where the store shares positions between the instances that use it
// (directory.PagePositions: PostgreSQL), they are kept there, since
// behind a load balancer each page of an import may reach another
// instance; otherwise (SQLite, one server) in the server's memory.

// positionKeeper remembers page positions.
type positionKeeper interface {
	// lookup returns the employee that the page at k starts after; "" if
	// not known.
	lookup(ctx context.Context, k directory.PageKey, now time.Time) string
	// remember notes that the page at k starts after employee id.
	remember(ctx context.Context, k directory.PageKey, id string, now time.Time)
}

// newPositionKeeper keeps positions in st when it shares them, in memory
// otherwise.
func newPositionKeeper(st directory.Store, log *slog.Logger) positionKeeper {
	if shared, ok := st.(directory.PagePositions); ok {
		return sharedPositions{shared, log}
	}
	return &pagePositions{}
}

// Bounds: an import reads a page every few milliseconds to seconds; a
// position older than pagePositionTTL is not worth keeping.
const (
	maxPagePositions = 10000
	pagePositionTTL  = 10 * time.Minute
)

// sharedPositions keeps positions in the store. A failure costs the next
// page an OFFSET, not its answer: it is logged, not returned.
type sharedPositions struct {
	store directory.PagePositions
	log   *slog.Logger
}

func (p sharedPositions) lookup(ctx context.Context, k directory.PageKey, now time.Time) string {
	if !storable(k) {
		return ""
	}
	after, err := p.store.PagePosition(ctx, k, now.Add(-pagePositionTTL))
	if err != nil {
		p.log.Warn("page position not read; the page is read with an offset", "company", k.CompanyID, "err", err)
	}
	return after
}

func (p sharedPositions) remember(ctx context.Context, k directory.PageKey, id string, now time.Time) {
	if !storable(k) {
		return
	}
	if err := p.store.RememberPagePosition(ctx, k, id, now, now.Add(-pagePositionTTL)); err != nil {
		p.log.Warn("page position not kept; the next page will be read with an offset", "company", k.CompanyID, "err", err)
	}
}

// storable reports whether a store can hold k's texts (a filter may hold
// any bytes).
func storable(k directory.PageKey) bool {
	return directory.StorableText(k.ConnectionID) && directory.StorableText(k.Filter)
}

// pagePositions holds the positions of recent listings in memory.
type pagePositions struct {
	mu sync.Mutex
	m  map[directory.PageKey]pagePosition
}

type pagePosition struct {
	after string // the employee before the page
	at    time.Time
}

func (p *pagePositions) lookup(_ context.Context, k directory.PageKey, now time.Time) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	pos, ok := p.m[k]
	if !ok || now.Sub(pos.at) > pagePositionTTL {
		return ""
	}
	return pos.after
}

// remember keeps the position; when the table is full, expired positions
// go first, then arbitrary ones.
func (p *pagePositions) remember(_ context.Context, k directory.PageKey, id string, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[directory.PageKey]pagePosition{}
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
