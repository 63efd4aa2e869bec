package httpapi

import (
	"bytes"
	"maps"
	"net/http"
	"sync"

	"roster/internal/directory"
)

// Remembered callers: a GET from a token seen before runs at once with
// the caller remembered, and the store reads the caller again with the
// request's own read, in its round trip (directory.CallerCheck; on
// PostgreSQL, where authenticating first was a round trip of its own).
// The answer goes out only if the caller read then is the one
// remembered; otherwise nothing of it does, and the request is served
// again from the start the usual way. A request that read nothing with
// the check asks for its caller before it answers. Either way the
// caller is read no earlier than the data answered, so a revoked token
// or a paused company is refused on its very next request, as when it
// was read first. Only GETs run so: they change nothing that a second
// run would repeat (but for where a listing's next page starts, which
// the second run sets again: page_positions.go).

// maxRememberedCallers bounds the callers remembered: tokens are few (a
// connection or two per company), and past the bound all are forgotten.
const maxRememberedCallers = 10_000

// rememberedCallers are the callers last read, by token hash.
type rememberedCallers struct {
	mu sync.Mutex
	by map[string]directory.Caller
}

func (c *rememberedCallers) remember(hash []byte, found directory.Caller) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil || len(c.by) >= maxRememberedCallers {
		c.by = map[string]directory.Caller{}
	}
	c.by[string(hash)] = found
}

func (c *rememberedCallers) recall(hash []byte) (directory.Caller, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	found, ok := c.by[string(hash)]
	return found, ok
}

func (c *rememberedCallers) forget(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.by, string(hash))
}

// serveRemembered serves r with the remembered caller of its token, whose
// hash is hash, where it may (see above), and returns the request as
// admitted, or nil when r is left to be served the usual way, nothing of
// it having been answered; charged tells whether r was charged to its
// company's rate already (the usual way then does not charge it again).
func (s *Server) serveRemembered(rec *statusRecorder, r *http.Request, hash []byte) (served *http.Request, charged bool) {
	if r.Method != http.MethodGet || !s.checksCallers {
		return nil, false
	}
	remembered, ok := s.callers.recall(hash)
	if !ok {
		return nil, false
	}
	admitted, err := s.admit(r, hash, remembered)
	if err != nil {
		return nil, false
	}
	check := &directory.CallerCheck{TokenHash: hash}
	admitted = admitted.WithContext(directory.WithCallerCheck(admitted.Context(), check))
	g := &heldAnswer{rec: rec, header: rec.Header().Clone()}
	g.confirm = func() bool {
		if !check.Read {
			check.Caller, check.Err = s.store.CallerByTokenHash(admitted.Context(), hash)
		}
		if check.Err != nil || !sameCaller(check.Caller, remembered) {
			s.callers.forget(hash)
			return false
		}
		s.usage.record(admitted.Context(), remembered.Connection.ID, s.now())
		return true
	}
	// Charged here, once: a request served again (its caller changed)
	// is not charged again, and one refused here is refused only if its
	// caller is confirmed (a revoked token gets 401, not 429).
	charged = s.serveAdmitted(g, admitted)
	if !g.decide() {
		// As if it had not run: the usual way notes it anew.
		rec.scimType, rec.detail = "", ""
		note := noteOf(r.Context())
		*note = activityNote{client: note.client}
		return nil, charged
	}
	return admitted, charged
}

// sameCaller tells whether a and b are the same caller, as far as a
// request can tell: what changes as the token is used aside.
func sameCaller(a, b directory.Caller) bool {
	ca, cb := a.Connection, b.Connection
	return a.Company == b.Company && a.AttributesVersion == b.AttributesVersion &&
		ca.ID == cb.ID && ca.CompanyID == cb.CompanyID && ca.Label == cb.Label &&
		bytes.Equal(ca.TokenHash, cb.TokenHash) && ca.Created.Equal(cb.Created) && ca.RevokedAt.Equal(cb.RevokedAt)
}

// heldAnswer is a response writer that lets the answer out only once
// confirm, asked before its first byte, says so; the answer is dropped
// otherwise.
type heldAnswer struct {
	rec     *statusRecorder
	header  http.Header
	confirm func() bool
	decided bool
	open    bool
}

// decide asks confirm, once, and lets the headers set so far out if it
// agrees.
func (g *heldAnswer) decide() bool {
	if !g.decided {
		g.decided = true
		g.open = g.confirm()
		if g.open {
			h := g.rec.Header()
			clear(h)
			maps.Copy(h, g.header)
		}
	}
	return g.open
}

func (g *heldAnswer) Header() http.Header { return g.header }

func (g *heldAnswer) WriteHeader(code int) {
	if g.decide() {
		g.rec.WriteHeader(code)
	}
}

func (g *heldAnswer) Write(b []byte) (int, error) {
	if !g.decide() {
		return len(b), nil
	}
	return g.rec.Write(b)
}

// noteError implements errorNoter.
func (g *heldAnswer) noteError(scimType, detail string) { g.rec.noteError(scimType, detail) }
