package api

import (
	"context"
	"net/http"
	"strings"

	"time"

	"roster/internal/directory"
)

type keyCtx struct{}

// keyOf returns the API key that authenticated the request.
func keyOf(ctx context.Context) directory.APIKey {
	k, _ := ctx.Value(keyCtx{}).(directory.APIKey)
	return k
}

// authed runs h for requests carrying a live API key
// ("Authorization: Bearer rak_…") and answers 401 to every other: no
// key, not an API key (a SCIM connection token is refused by its form,
// before any lookup), unknown, or revoked. The detail does not say which
// of the last two it was.
func (s *Server) authed(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, key, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		key = strings.TrimSpace(key)
		switch {
		case !strings.EqualFold(scheme, "Bearer") || key == "":
			writeProblem(w, http.StatusUnauthorized, "an API key is required: send \"Authorization: Bearer <key>\" (roster apikey create)")
			return
		case directory.IsConnectionToken(key):
			writeProblem(w, http.StatusUnauthorized, "this is a SCIM connection token, not an API key; create an API key with roster apikey create")
			return
		case !directory.IsAPIKey(key):
			writeProblem(w, http.StatusUnauthorized, "the API key is not valid")
			return
		}
		k, err := s.store.APIKeyByHash(r.Context(), directory.HashAPIKey(key))
		if directory.ErrorCode(err) == directory.ENotFound {
			writeProblem(w, http.StatusUnauthorized, "the API key is not valid")
			return
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		now := s.now()
		if !k.Matches(key) || !k.Usable(now) {
			writeProblem(w, http.StatusUnauthorized, "the API key is not valid")
			return
		}
		s.recordUse(r.Context(), k.ID, now)
		h(w, r.WithContext(context.WithValue(r.Context(), keyCtx{}, k)))
	})
}

// recordUse writes the key's LastUsed when it was not written in the last
// useEvery; a failure is logged, never the request's.
func (s *Server) recordUse(ctx context.Context, id string, now time.Time) {
	s.usedMu.Lock()
	due := now.Sub(s.used[id]) >= useEvery
	if due {
		s.used[id] = now
	}
	s.usedMu.Unlock()
	if !due {
		return
	}
	if err := s.store.RecordAPIKeyUse(ctx, id, now); err != nil {
		s.log.Warn("api: recording key use", "key", id, "err", err)
	}
}

// company runs h when the key may see the company named by the path's
// {id}: 403 when the key is limited to other companies (whether the
// company exists or not, so a limited key learns nothing of others), 404
// when it does not exist.
func (s *Server) company(h func(w http.ResponseWriter, r *http.Request, c directory.Company)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if k := keyOf(r.Context()); !k.Allows(id) {
			writeProblem(w, http.StatusForbidden, "this API key may not see company %q", id)
			return
		}
		if !directory.StorableText(id) {
			writeProblem(w, http.StatusNotFound, "company %q not found", id)
			return
		}
		c, err := s.store.Company(r.Context(), id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r, c)
	}
}
