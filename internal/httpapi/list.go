package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"roster/internal/directory"
	"roster/internal/jsonfault"
	"roster/internal/scim"
	"roster/internal/scim/filter"
)

// ListResponseSchema is the schema of list and search responses.
const ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

// SearchRequestSchema is the schema of POST /.search bodies.
const SearchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

// Paging limits, advertised as filter.maxResults.
const (
	defaultCount = 100
	maxCount     = 1000
)

// listParams are the query parameters of RFC 7644 §3.4.2, as given in the
// URL or in a SearchRequest body.
type listParams struct {
	// Filter is the filter given, if FilterGiven: one given blank is
	// refused (invalidFilter), not read as none — a client whose filter
	// came out empty would get every employee back, and Entra or Okta
	// would link the wrong one.
	Filter             string
	FilterGiven        bool
	SortBy             string
	SortOrder          string
	StartIndex         string
	Count              string
	Attributes         string
	ExcludedAttributes string
}

// listResponse is RFC 7644 §3.4.2's ListResponse; the numbers are JSON
// integers, as Okta requires.
type listResponse struct {
	listHeader
	Resources []any `json:"Resources"`
}

// listHeader is a ListResponse but for its resources.
type listHeader struct {
	Schemas      []string `json:"schemas"`
	TotalResults int      `json:"totalResults"`
	StartIndex   int      `json:"startIndex"`
	ItemsPerPage int      `json:"itemsPerPage"`
}

// newListResponse lists resources, the page starting at start (from 1)
// of total matches.
func newListResponse(total, start int, resources []any) listResponse {
	return listResponse{listHeader{[]string{ListResponseSchema}, total, start, len(resources)}, resources}
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	s.list(w, r, listParams{
		Filter: q.Get("filter"), FilterGiven: q.Has("filter"), SortBy: q.Get("sortBy"), SortOrder: q.Get("sortOrder"),
		StartIndex: q.Get("startIndex"), Count: q.Get("count"),
		Attributes: q.Get("attributes"), ExcludedAttributes: q.Get("excludedAttributes"),
	})
}

// searchUsers is POST /.search (RFC 7644 §3.4.3): the query in the body,
// keeping filters out of URLs and logs.
func (s *Server) searchUsers(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req struct {
		Filter             *string  `json:"filter"`
		SortBy             string   `json:"sortBy"`
		SortOrder          string   `json:"sortOrder"`
		StartIndex         *int     `json:"startIndex"`
		Count              *int     `json:"count"`
		Attributes         []string `json:"attributes"`
		ExcludedAttributes []string `json:"excludedAttributes"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, r, scim.Errorf(scim.InvalidSyntax, "SearchRequest body is not valid: %s", jsonfault.Describe(err, "it")))
		return
	}
	p := listParams{FilterGiven: req.Filter != nil, SortBy: req.SortBy, SortOrder: req.SortOrder,
		Attributes: strings.Join(req.Attributes, ","), ExcludedAttributes: strings.Join(req.ExcludedAttributes, ",")}
	// As checkQuery for the same parameters in a URL.
	for _, f := range [...]struct{ name, v string }{{"sortBy", p.SortBy}, {"sortOrder", p.SortOrder},
		{"attributes", p.Attributes}, {"excludedAttributes", p.ExcludedAttributes}} {
		if err := checkParam(f.name, f.v); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if req.Filter != nil {
		p.Filter = *req.Filter
	}
	if req.StartIndex != nil {
		p.StartIndex = strconv.Itoa(*req.StartIndex)
	}
	if req.Count != nil {
		p.Count = strconv.Itoa(*req.Count)
	}
	s.list(w, r, p)
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, p listParams) {
	rt, defs, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	var q directory.EmployeeQuery
	if p.FilterGiven {
		expr, err := filter.Parse(rt, p.Filter)
		if err != nil {
			writeError(w, r, err)
			return
		}
		q.Filter = expr
	}
	if p.SortBy != "" {
		ref, err := rt.ResolvePath(p.SortBy)
		if err != nil {
			writeError(w, r, scim.Errorf(scim.InvalidValue, "sortBy: %v", err))
			return
		}
		q.SortBy = &ref
	}
	switch strings.ToLower(p.SortOrder) {
	case "", "ascending":
	case "descending":
		q.Descending = true
	default:
		writeError(w, r, scim.Errorf(scim.InvalidValue, "sortOrder must be \"ascending\" or \"descending\"; got %q", p.SortOrder))
		return
	}
	// RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0.
	start, err := intParam("startIndex", p.StartIndex, 1)
	if err != nil {
		writeError(w, r, err)
		return
	}
	start = max(start, 1)
	count, err := intParam("count", p.Count, defaultCount)
	if err != nil {
		writeError(w, r, err)
		return
	}
	q.Offset, q.Limit = start-1, min(max(count, 0), maxCount)

	q.ViewerConnectionID = connectionIDOf(r.Context()) // externalId is the caller's own
	listing := directory.PageKey{CompanyID: companyIDOf(r.Context()), ConnectionID: q.ViewerConnectionID, Filter: strings.TrimSpace(p.Filter)}
	if q.SortBy == nil && start > 1 {
		listing.Start = start
		q.PageAfter = s.positions.lookup(r.Context(), listing, s.now())
	}
	employees, total, err := s.store.Employees(r.Context(), listing.CompanyID, q)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Only a full page may have a next one to remember: lookups (Entra's
	// userName eq before every write of a sync) filling the table would
	// evict the positions of imports in progress.
	if q.SortBy == nil && len(employees) > 0 && len(employees) == q.Limit {
		listing.Start = start + len(employees)
		s.positions.remember(r.Context(), listing, employees[len(employees)-1].ID, s.now())
	}
	base := s.base(r)
	attrs, excluded := projection(p.Attributes, p.ExcludedAttributes)
	resources := make([]any, len(employees))
	view := userView{base: base, defs: defs, rt: rt, attributes: attrs, excluded: excluded}
	for i := range employees {
		resources[i] = renderedLater{&employees[i], &view}
	}
	writeJSON(w, http.StatusOK, newListResponse(total, start, resources))
}

func intParam(name, v string, def int) (int, error) {
	if strings.TrimSpace(v) == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, scim.Errorf(scim.InvalidValue, "%s must be a whole number; got %q", name, v)
	}
	return n, nil
}
