package patch

import "roster/internal/scim/schema"

// Plan is a PATCH request's operations with each operation's path parsed
// and resolved once. The PATCH handler reports what the request names
// that roster does not store (Ignored) and then applies it (Apply) inside
// the store's updater, which may run more than once; each used to parse
// every path again, and parsing is the costly part of a small PATCH.
//
// A Plan holds no document and is never modified: Apply may run any
// number of times, also concurrently.
type Plan struct {
	rt    *schema.ResourceType
	ops   []Operation
	paths []resolved // by operation; zero for an operation without path
}

// resolved is what resolvePath says of an operation's path: the target,
// whether to apply (ok false: skip it), or the error to report when the
// operation's turn comes.
type resolved struct {
	t   target
	ok  bool
	err error
}

// Prepare parses and resolves the paths of ops against rt. It reports no
// error itself: a path's error is Apply's, in its operation's turn, so
// that a request fails on its first failing operation whatever fails.
func Prepare(rt *schema.ResourceType, ops []Operation) *Plan {
	p := &Plan{rt: rt, ops: ops, paths: make([]resolved, len(ops))}
	for i, op := range ops {
		if op.Path != "" {
			r := &p.paths[i]
			r.t, r.ok, r.err = resolvePath(rt, op.Path)
		}
	}
	return p
}
