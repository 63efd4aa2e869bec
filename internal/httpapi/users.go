package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/schema"
	"roster/internal/userdoc"
)

// userType is the User resource type as the calling company sees it, with
// the company's attribute definitions; loaded once per request.
func (s *Server) userType(ctx context.Context) (*schema.ResourceType, []directory.AttributeDef, error) {
	c := callerOf(ctx)
	if c.rt == nil {
		sc, err := s.companySchemas.get(ctx, s.store, c.company.ID, c.attributesVersion)
		if err != nil {
			return nil, nil, fmt.Errorf("load attributes of company %s: %w", c.company.ID, err)
		}
		c.defs, c.rt = sc.defs, sc.rt
	}
	return c.rt, c.defs, nil
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	e, err := s.createEmployee(r.Context(), s.store, body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeEmployee(w, r, http.StatusCreated, e)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	e, err := s.store.Employee(r.Context(), companyIDOf(r.Context()), id)
	if err != nil {
		writeError(w, r, userNotFound(id, err))
		return
	}
	e.SeenBy(connectionIDOf(r.Context())) // its own externalId only
	if err := preconditionsOf(r).check(e.Version, true); err != nil {
		if errors.Is(err, errNotModified) {
			w.Header().Set("ETag", userdoc.ETag(e.Version))
			w.WriteHeader(http.StatusNotModified)
			return
		}
		writeError(w, r, err)
		return
	}
	s.writeEmployee(w, r, http.StatusOK, &e)
}

func (s *Server) replaceUser(w http.ResponseWriter, r *http.Request) {
	s.writeUpdate(w, r, s.replaceEmployee)
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request) {
	s.writeUpdate(w, r, s.patchEmployee)
}

// writeUpdate serves PUT and PATCH through op.
func (s *Server) writeUpdate(w http.ResponseWriter, r *http.Request, op updateOp) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	e, err := op(r.Context(), s.store, r.PathValue("id"), body, preconditionsOf(r))
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeEmployee(w, r, http.StatusOK, e)
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request) {
	if err := s.deleteEmployee(r.Context(), s.store, r.PathValue("id"), preconditionsOf(r)); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// writeEmployee renders one employee with Location and ETag headers,
// honouring attributes/excludedAttributes.
func (s *Server) writeEmployee(w http.ResponseWriter, r *http.Request, status int, e *directory.Employee) {
	rt, defs, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	base := s.base(r)
	q := queryOf(r)
	attrs, excluded := projection(q.Get("attributes"), q.Get("excludedAttributes"))
	view := userView{base: base, defs: defs, rt: rt, attributes: attrs, excluded: excluded}
	w.Header().Set("ETag", userdoc.ETag(e.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", base+"/Users/"+e.ID)
	}
	writeJSON(w, status, renderedLater{e, &view})
}

// userView is how a response shows employees: the SCIM base URL, the
// company's attributes and resource type, and the requested projection.
type userView struct {
	base                 string
	defs                 []directory.AttributeDef
	rt                   *schema.ResourceType
	attributes, excluded []string
}

// resource is e as the view shows it.
func (v *userView) resource(e *directory.Employee) resource {
	return resource{v.rt.Project(userdoc.Render(v.base, e, v.defs), v.attributes, v.excluded), v.rt}
}

// userNotFound words a store "not found" for the id in the URL.
func userNotFound(id string, err error) error {
	if directory.ErrorCode(err) == directory.ENotFound {
		return notFound("no employee with id %q in this company", id)
	}
	return err
}

func lookupFold(m map[string]any, key string) (any, bool) {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

func projection(attributes, excluded string) ([]string, []string) {
	split := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	return split(attributes), split(excluded)
}
