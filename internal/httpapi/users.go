package httpapi

import (
	"context"
	"net/http"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim"
	"roster/internal/scim/patch"
	"roster/internal/scim/schema"
)

// userType is the User resource type as the calling company sees it.
func (s *Server) userType(ctx context.Context) *schema.ResourceType {
	return schema.UserType(nil)
}

// decodeUser reads a POST/PUT body into a canonical document.
func (s *Server) decodeUser(w http.ResponseWriter, r *http.Request) (map[string]any, map[string]any, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, nil, err
	}
	raw, err := decodeObject(body)
	if err != nil {
		return nil, nil, err
	}
	doc, ignored, err := s.userType(r.Context()).Normalize(raw)
	if err != nil {
		return nil, nil, err
	}
	if len(ignored) > 0 {
		s.log.Debug("ignored unsupported attributes", "request_id", requestID(r.Context()), "attributes", ignored)
	}
	return raw, doc, nil
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	_, doc, err := s.decodeUser(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	c := callerOf(r.Context())
	e := &directory.Employee{ID: directory.NewID(), CompanyID: c.company.ID, Active: true, SourceConnectionID: c.connection.ID}
	applyDoc(e, doc)
	if err := e.Validate(); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.store.CreateEmployee(r.Context(), e, actor(r.Context())); err != nil {
		writeError(w, r, err)
		return
	}
	s.writeEmployee(w, r, http.StatusCreated, e)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	e, err := s.store.Employee(r.Context(), companyIDOf(r.Context()), r.PathValue("id"))
	if err != nil {
		writeError(w, r, userNotFound(r, err))
		return
	}
	s.writeEmployee(w, r, http.StatusOK, &e)
}

func (s *Server) replaceUser(w http.ResponseWriter, r *http.Request) {
	raw, doc, err := s.decodeUser(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if v, ok := lookupFold(raw, "id"); ok && v != id {
		writeError(w, r, scim.Errorf(scim.Mutability, "\"id\" is read-only: the body says %v but the URL names %s", v, id))
		return
	}
	s.update(w, r, func(e *directory.Employee) error {
		applyDoc(e, doc)
		return nil
	})
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	ops, err := patch.Parse(body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	rt := s.userType(r.Context())
	s.update(w, r, func(e *directory.Employee) error {
		doc, err := patch.Apply(rt, employeeDoc(e), ops)
		if err != nil {
			return err
		}
		applyDoc(e, doc)
		return nil
	})
}

// update runs a change through the store's single updater, checking
// If-Match against the stored version inside the transaction.
func (s *Server) update(w http.ResponseWriter, r *http.Request, change func(*directory.Employee) error) {
	ifMatch := r.Header.Get("If-Match")
	e, err := s.store.UpdateEmployee(r.Context(), companyIDOf(r.Context()), r.PathValue("id"), actor(r.Context()),
		func(e *directory.Employee) error {
			if err := checkIfMatch(ifMatch, e.Version); err != nil {
				return err
			}
			return change(e)
		})
	if err != nil {
		writeError(w, r, userNotFound(r, err))
		return
	}
	s.writeEmployee(w, r, http.StatusOK, &e)
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request) {
	ifMatch := r.Header.Get("If-Match")
	err := s.store.DeleteEmployee(r.Context(), companyIDOf(r.Context()), r.PathValue("id"), actor(r.Context()),
		func(e *directory.Employee) error { return checkIfMatch(ifMatch, e.Version) })
	if err != nil {
		writeError(w, r, userNotFound(r, err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// writeEmployee renders one employee with Location and ETag headers,
// honouring attributes/excludedAttributes.
func (s *Server) writeEmployee(w http.ResponseWriter, r *http.Request, status int, e *directory.Employee) {
	base := s.base(r)
	doc := s.renderEmployee(base, e)
	attrs, excluded := projection(r.URL.Query().Get("attributes"), r.URL.Query().Get("excludedAttributes"))
	doc = s.userType(r.Context()).Project(doc, attrs, excluded)
	w.Header().Set("ETag", etag(e.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", base+"/Users/"+e.ID)
	}
	writeJSON(w, status, doc)
}

// checkIfMatch enforces an If-Match precondition (RFC 7644 §3.14). No
// header means no precondition: neither Entra nor Okta sends one.
func checkIfMatch(header string, version int64) error {
	header = strings.TrimSpace(header)
	if header == "" || header == "*" {
		return nil
	}
	want := etag(version)
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == want || "W/"+tag == want {
			return nil
		}
	}
	return &scim.Error{Status: http.StatusPreconditionFailed,
		Detail: "the employee has changed since version " + header + "; its current version is " + want + ": fetch it again and retry"}
}

// userNotFound words a store "not found" for the id in the URL.
func userNotFound(r *http.Request, err error) error {
	if directory.ErrorCode(err) == directory.ENotFound {
		return notFound("no employee with id %q in this company", r.PathValue("id"))
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
