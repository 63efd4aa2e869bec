package sqlite

import (
	"context"
	"sync"
	"sync/atomic"

	"roster/internal/directory"
	"roster/internal/store/sqlstore"
)

// A token's caller (its connection, company and attributes version) is
// read once and then answered from memory for as long as nothing it is
// made of has changed, whichever process changed it — so a revoked,
// rotated-out or paused token is refused on its very next request.
//
// What tells is the generation of callers (migration 0031): a number
// that triggers move with every change to connections, to a company's
// caller columns and (through companies.attributes_version) to its
// attribute definitions. Callers are remembered with the generation they
// were read at, and trusted at a WAL index header (wal_index.go; every
// commit of any process changes it, and reading it is a system call, not
// a statement) whose generation is known to be the same:
//   - the header they were read at, or one a later read learned (a
//     caller's statement reads the generation too, and counts when the
//     header was the same before and after it);
//   - the header of this process's last commit, whose generation its
//     transaction read before committing (generationWatch) — so this
//     process's own employee writes, which move the header every
//     millisecond of a sync, leave the callers remembered.
// Any other header — another process's commit (the CLI revoking a token),
// one not marked yet — has its callers read again. Before the generation
// (fifteenth round) any commit at all made the next request read its
// caller: a single client's POSTs read theirs every time, 88 µs of 865.

// rememberedCallers are callers read before, by token hash, all read at
// one generation.
type rememberedCallers struct {
	mu         sync.Mutex
	generation int64
	callers    map[string]directory.Caller
	// known is the last header whose generation this process learned.
	known generationAt
	// committed is the header of this process's last commit, with its
	// generation (generationWatch).
	committed atomic.Pointer[generationAt]
}

// generationAt is the generation of callers at a WAL index header.
type generationAt struct {
	header     walIndexHeader
	generation int64
}

// generationColumn reads the generation in a caller's statement; -1
// when its row is missing (nothing roster does deletes it), and then no
// trigger can move it: nothing read is remembered.
const generationColumn = `COALESCE((SELECT n FROM caller_generation), -1)`

// maxRememberedCallers bounds the callers remembered of one generation:
// a flood of different tokens reads each one.
const maxRememberedCallers = 10_000

// CallerByTokenHash implements directory.CallerStore: from memory while
// nothing a caller is made of changed since it was read.
func (s *Store) CallerByTokenHash(ctx context.Context, hash []byte) (directory.Caller, error) {
	if s.walIndex == nil {
		return s.Store.CallerByTokenHash(ctx, hash)
	}
	header, ok := s.walIndex.header()
	if !ok {
		return s.Store.CallerByTokenHash(ctx, hash)
	}
	if c, found := s.callers.remembered(header, hash); found {
		return c, nil
	}
	c, generation, err := s.Store.CallerByTokenHashWith(ctx, hash, generationColumn)
	if err != nil {
		return c, err
	}
	// Remembered only if nothing was committed while it was read: then
	// the generation read is the header's.
	if after, ok := s.walIndex.header(); ok && after == header && generation >= 0 {
		s.callers.remember(generationAt{header, generation}, hash, c)
	}
	return c, nil
}

// remembered returns the caller of hash if it is remembered and its
// generation is known to be header's.
func (r *rememberedCallers) remembered(header walIndexHeader, hash []byte) (directory.Caller, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if header != r.known.header {
		c := r.committed.Load()
		if c == nil || c.header != header {
			return directory.Caller{}, false
		}
		r.known = *c
	}
	if r.known.generation != r.generation {
		return directory.Caller{}, false
	}
	c, found := r.callers[string(hash)]
	return c, found
}

// remember keeps c, the caller of hash, read at.
func (r *rememberedCallers) remember(at generationAt, hash []byte, c directory.Caller) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.known = at
	switch {
	case r.callers == nil || at.generation > r.generation:
		r.generation, r.callers = at.generation, map[string]directory.Caller{}
	case at.generation < r.generation:
		return // read before a newer one was: not to be mixed
	}
	if len(r.callers) < maxRememberedCallers {
		r.callers[string(hash)] = c
	}
}

// generationWatch marks, after each group's commit, its WAL index header
// with the generation its transaction read before committing (a
// sqlstore.GroupWatch) — when that header is its commit's: the header
// read in the transaction, which holds the WAL's write lock, counts one
// commit fewer (WalIndexHdr.iChange, which every commit moves by one),
// so that no other process's commit came between.
//
// The same header tells the committer, at the start of its next group,
// whether anything was committed since (its Begun): the header then is
// still the one its last group's commit left only if no commit at all
// came between. Both run on the committer's goroutine.
func (s *Store) generationWatch() sqlstore.GroupWatch {
	var before, last walIndexHeader
	var ok, lastKnown bool
	return sqlstore.GroupWatch{
		Begun: func() bool {
			before, ok = s.walIndex.header()
			return ok && lastKnown && before == last
		},
		Query: `SELECT n FROM caller_generation`,
		Committed: func(generation int64) {
			after, afterOK := s.walIndex.header()
			lastKnown = ok && afterOK && after.commits() == before.commits()+1
			if lastKnown {
				last = after
				s.callers.committed.Store(&generationAt{after, generation})
			}
		},
	}
}
