package sqlite

import (
	"context"
	"sync"

	"roster/internal/directory"
)

// A token's caller (its connection, company and attributes version) is
// read once and then answered from memory for as long as nothing has
// been committed to the database since: the WAL index's header
// (wal_index.go) is read, a system call, where the caller's statement
// was a tenth of a lookup's CPU. Any commit — another process's (the
// CLI revoking a token), a writer of this one's, the usage counts written
// every second — changes the header, and the next request reads its
// caller again, so a revoked, rotated-out or paused token is refused on
// its very next request. (The twelfth round asked PRAGMA data_version
// instead: a statement too, it saved nothing.)

// rememberedCallers are the callers read while the WAL index's header
// was header, by token hash.
type rememberedCallers struct {
	mu      sync.Mutex
	header  walIndexHeader
	callers map[string]directory.Caller
}

// maxRememberedCallers bounds the callers remembered between two
// commits: a flood of different tokens reads each one.
const maxRememberedCallers = 10_000

// CallerByTokenHash implements directory.CallerStore: from memory while
// no commit was made since the caller was read.
func (s *Store) CallerByTokenHash(ctx context.Context, hash []byte) (directory.Caller, error) {
	if s.walIndex == nil {
		return s.Store.CallerByTokenHash(ctx, hash)
	}
	// The header first: the caller read next is at least as new.
	header, ok := s.walIndex.header()
	if !ok {
		return s.Store.CallerByTokenHash(ctx, hash)
	}
	r := &s.callers
	r.mu.Lock()
	if r.header != header {
		r.header, r.callers = header, nil
	}
	c, found := r.callers[string(hash)]
	r.mu.Unlock()
	if found {
		return c, nil
	}
	c, err := s.Store.CallerByTokenHash(ctx, hash)
	if err != nil {
		return c, err
	}
	r.mu.Lock()
	if r.header == header && len(r.callers) < maxRememberedCallers {
		if r.callers == nil {
			r.callers = map[string]directory.Caller{}
		}
		r.callers[string(hash)] = c
	}
	r.mu.Unlock()
	return c, nil
}
