package directory

import (
	"context"
	"time"
)

// PageKey names where a page of a listing in creation order starts: the
// company, the connection whose view the listing is (its externalIds),
// the filter as sent, and the startIndex of the page.
type PageKey struct {
	CompanyID, ConnectionID, Filter string
	Start                           int
}

// PagePositions remember where listings' next pages start (the last
// employee of the page before), so that Okta's import, page after page by
// startIndex, seeks its next page instead of skipping an OFFSET. A store
// that has them shares them between the instances that use it: behind a
// load balancer each page of an import may reach another instance. A
// position is a hint; losing one costs an OFFSET, never an answer.
type PagePositions interface {
	// PagePosition returns the employee the page at k starts after, if
	// remembered since since; "" if not.
	PagePosition(ctx context.Context, k PageKey, since time.Time) (string, error)
	// RememberPagePosition notes that the page at k starts after the
	// employee after, at the time at; the listing's earlier position is
	// forgotten, and so are the company's positions older than
	// forgetBefore.
	RememberPagePosition(ctx context.Context, k PageKey, after string, at, forgetBefore time.Time) error
}
