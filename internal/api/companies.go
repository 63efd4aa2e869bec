package api

import (
	"net/http"
	"time"
)

// companyJSON is a company as the product API shows it.
type companyJSON struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

// companies answers GET /api/v1/companies: the companies the key may see.
func (s *Server) companies(w http.ResponseWriter, r *http.Request) {
	all, err := s.store.Companies(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	k := keyOf(r.Context())
	out := []companyJSON{}
	for _, c := range all {
		if k.Allows(c.ID) {
			out = append(out, companyJSON{ID: c.ID, Name: c.Name, Created: c.Created})
		}
	}
	writeJSON(w, map[string]any{"companies": out})
}
