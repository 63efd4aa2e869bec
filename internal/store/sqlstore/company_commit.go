package sqlstore

import (
	"context"
	"sync"
)

// Group commit per company, on PostgreSQL. A company's employee writes
// go one at a time through its row lock (company_lock.go), and each holds
// the lock through its commit and the commit's wait for the disk: the
// server's own group commit never sees two of them at once. So the
// writes of one company that wait at the same time run in one
// transaction of a committer of the company's own (group_commit.go), each
// in a savepoint: one lock taken, one commit and one disk sync for all.
//
// Only writes of one company share a transaction: two instances grouping
// writes of two companies in opposite orders would deadlock. A company's
// committer lives while writes of it are waiting, and ends with the last.

// companyCommitters holds the committers of the companies being written.
type companyCommitters struct {
	s      *Store
	mu     sync.Mutex
	m      map[string]*companyCommitter
	closed bool
}

type companyCommitter struct {
	c     *committer
	users int
}

// writeFor runs fn, an employee write of the company, grouped with the
// company's other waiting writes where commits are grouped per company;
// as write otherwise.
func (s *Store) writeFor(ctx context.Context, companyID string, fn func(tx handle) error) (err error) {
	defer func() {
		if err == nil {
			s.checkStranded(ctx, companyID) // test binaries only (stranded_check.go)
		}
	}()
	if s.companies == nil {
		if s.group != nil {
			return s.group.writeOf(ctx, companyID, fn)
		}
		return s.transact(ctx, fn)
	}
	c := s.companies.acquire(companyID)
	if c == nil {
		return errStoreClosed
	}
	defer s.companies.release(companyID, c)
	return c.c.writeOf(ctx, companyID, fn)
}

func (cc *companyCommitters) acquire(companyID string) *companyCommitter {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.closed {
		return nil
	}
	c := cc.m[companyID]
	if c == nil {
		c = &companyCommitter{c: newCommitter(cc.s, true)}
		if cc.m == nil {
			cc.m = map[string]*companyCommitter{}
		}
		cc.m[companyID] = c
	}
	c.users++
	return c
}

func (cc *companyCommitters) release(companyID string, c *companyCommitter) {
	cc.mu.Lock()
	c.users--
	last := c.users == 0 && cc.m[companyID] == c
	if last {
		delete(cc.m, companyID)
	}
	cc.mu.Unlock()
	if last {
		c.c.close()
	}
}

// close stops every committer; writes still waiting get errStoreClosed.
func (cc *companyCommitters) close() {
	cc.mu.Lock()
	cc.closed = true
	m := cc.m
	cc.m = nil
	cc.mu.Unlock()
	for _, c := range m {
		c.c.close()
	}
}

// WritesWaiting is how many employee writes of the company wait for its
// committer's next group — on SQLite, how many writes of any kind wait
// for the one committer (tests wait for it to fill).
func (s *Store) WritesWaiting(companyID string) int {
	if s.companies == nil {
		if s.group == nil {
			return 0
		}
		return len(s.group.queue)
	}
	s.companies.mu.Lock()
	defer s.companies.mu.Unlock()
	if c := s.companies.m[companyID]; c != nil {
		return len(c.c.queue)
	}
	return 0
}
