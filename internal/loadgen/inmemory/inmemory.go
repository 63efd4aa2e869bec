// Package inmemory is the load tool's in-memory SCIM server: what a SCIM
// server built on a popular Go library (github.com/elimity-com/scim) and
// a map does, with nothing durable — the comparison issue 13 names
// ("ahead of any in-memory server"), measured side by side with roster
// and the storage-free ceiling by `roster bench --in-memory`.
//
// It is built the way the library's own example is: the library parses
// and validates the requests (schemas, filters, PATCH operations) and
// renders the answers; a handler keeps the users in a map, in creation
// order, under one lock, matches a filter by testing each user against
// it (the library's filter.Validator), and applies PATCH operations to
// the stored attributes; Entra's string booleans are converted before
// the library sees them (entra_booleans.go), which it refuses otherwise.
// It is a yardstick, not a product: no Bulk (the library has none), no
// auth, no persistence.
package inmemory

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/elimity-com/scim"
	scimerrors "github.com/elimity-com/scim/errors"
	scimfilter "github.com/elimity-com/scim/filter"
	"github.com/elimity-com/scim/optional"
	"github.com/elimity-com/scim/schema"
	filterparser "github.com/scim2/filter-parser/v2"

	"roster/internal/loadgen"
)

// New returns the server's handler, serving SCIM under prefix (e.g.
// "/scim/v2"); its users may carry the company's own attributes, in
// the company extension (loadgen.Config.Attributes).
func New(prefix string, company []loadgen.CompanyAttribute) (http.Handler, error) {
	users := newUsers()
	users.byValue, users.matching = index{}, valueFilter
	server, err := libraryServer(users, company)
	if err != nil {
		return nil, err
	}
	return http.StripPrefix(prefix, entraBooleans(server)), nil
}

// libraryServer is the library serving users, as New configures it.
func libraryServer(users *users, company []loadgen.CompanyAttribute) (scim.Server, error) {
	extensions := []scim.SchemaExtension{{Schema: schema.ExtensionEnterpriseUser()}}
	if len(company) > 0 {
		extensions = append(extensions, scim.SchemaExtension{Schema: companySchema(company)})
	}
	return scim.NewServer(&scim.ServerArgs{
		ServiceProviderConfig: &scim.ServiceProviderConfig{MaxResults: 1000, SupportFiltering: true, SupportPatch: true},
		ResourceTypes: []scim.ResourceType{{
			ID: optional.NewString("User"), Name: "User", Endpoint: "/Users",
			Schema:           schema.CoreUserSchema(),
			SchemaExtensions: extensions,
			Handler:          users,
		}},
	})
}

// companyExtension is the company extension's URN.
const companyExtension = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"

// companySchema is the company extension holding the attributes: a
// number as an integer, an option and a date (YYYY-MM-DD, which the
// library's dateTime refuses) as strings.
func companySchema(company []loadgen.CompanyAttribute) schema.Schema {
	attributes := make([]schema.CoreAttribute, len(company))
	for i, a := range company {
		if a.Kind == "number" {
			attributes[i] = schema.SimpleCoreAttribute(schema.SimpleNumberParams(schema.NumberParams{Name: a.Name, Type: schema.AttributeTypeInteger()}))
			continue
		}
		attributes[i] = schema.SimpleCoreAttribute(schema.SimpleStringParams(schema.StringParams{Name: a.Name}))
	}
	return schema.Schema{ID: companyExtension, Name: optional.NewString("Company"), Attributes: attributes}
}

// newUsers returns an empty map of users, with no lookups by value and
// filters as the library parses them.
func newUsers() *users {
	return &users{byID: map[string]*user{}, byName: map[string]string{}}
}

// user is one stored user.
type user struct {
	id      string
	attrs   scim.ResourceAttributes
	created time.Time
	version int
}

// users is the map of users, in creation order, under one lock.
type users struct {
	mu     sync.RWMutex
	byID   map[string]*user
	order  []string
	byName map[string]string // lower-cased userName → id
	// byValue finds users by the values lookups name (lookups.go); nil
	// leaves every filter to be tested against every user.
	byValue index
	next    int
	// matching adapts a list's filter before the users are tested against
	// it (valueFilter); nil leaves it as the library parsed it.
	matching func(*scimfilter.Validator) *scimfilter.Validator
}

func (u *user) resource() scim.Resource {
	r := scim.Resource{ID: u.id, Attributes: u.attrs,
		Meta: scim.Meta{Created: &u.created, LastModified: &u.created, Version: `W/"` + strconv.Itoa(u.version) + `"`}}
	if ext, ok := u.attrs["externalId"].(string); ok {
		r.ExternalID = optional.NewString(ext)
	}
	return r
}

func userName(attrs scim.ResourceAttributes) string {
	s, _ := attrs["userName"].(string)
	return strings.ToLower(s)
}

func (s *users) Create(r *http.Request, attrs scim.ResourceAttributes) (scim.Resource, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := userName(attrs)
	if _, taken := s.byName[name]; taken {
		return scim.Resource{}, scimerrors.ScimErrorUniqueness
	}
	s.next++
	u := &user{id: strconv.Itoa(s.next), attrs: attrs, created: time.Now(), version: 1}
	attrs["id"] = u.id // filters may name it
	s.byID[u.id], s.byName[name] = u, u.id
	s.order = append(s.order, u.id)
	s.reindex(u.id, nil, attrs)
	return u.resource(), nil
}

func (s *users) Get(r *http.Request, id string) (scim.Resource, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.byID[id]
	if !ok {
		return scim.Resource{}, scimerrors.ScimErrorResourceNotFound(id)
	}
	return u.resource(), nil
}

// GetAll tests the users against the filter, in creation order: every
// user, or for a lookup by value the ones its value finds (lookups.go).
func (s *users) GetAll(r *http.Request, params scim.ListRequestParams) (scim.Page, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var page scim.Page
	page.Resources = []scim.Resource{}
	match := params.FilterValidator
	if match != nil && s.matching != nil {
		match = s.matching(match)
	}
	ids := s.order
	if match != nil && s.byValue != nil {
		if found, ok := s.byValue.candidates(match.GetFilter()); ok {
			ids = found
		}
	}
	for _, id := range ids {
		u := s.byID[id]
		if match != nil && match.PassesFilter(u.attrs) != nil {
			continue
		}
		page.TotalResults++
		if page.TotalResults >= params.StartIndex && len(page.Resources) < params.Count {
			page.Resources = append(page.Resources, u.resource())
		}
	}
	return page, nil
}

func (s *users) Replace(r *http.Request, id string, attrs scim.ResourceAttributes) (scim.Resource, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.byID[id]
	if !ok {
		return scim.Resource{}, scimerrors.ScimErrorResourceNotFound(id)
	}
	if err := s.rename(u, attrs); err != nil {
		return scim.Resource{}, err
	}
	attrs["id"] = id
	s.reindex(id, u.attrs, attrs)
	u.attrs = attrs
	u.version++
	return u.resource(), nil
}

func (s *users) Delete(r *http.Request, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.byID[id]
	if !ok {
		return scimerrors.ScimErrorResourceNotFound(id)
	}
	delete(s.byID, id)
	delete(s.byName, userName(u.attrs))
	s.reindex(id, u.attrs, nil)
	for i, o := range s.order {
		if o == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	return nil
}

// Patch applies add and replace operations: a path-less one's attributes,
// an attribute or sub-attribute, or a sub-attribute of the values a value
// filter selects; remove of an attribute.
func (s *users) Patch(r *http.Request, id string, ops []scim.PatchOperation) (scim.Resource, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.byID[id]
	if !ok {
		return scim.Resource{}, scimerrors.ScimErrorResourceNotFound(id)
	}
	// The attributes answered before may still be read by their answer
	// (the library renders it after the handler returns, without the
	// lock): a patch changes a copy.
	attrs := deepCopy(u.attrs).(map[string]interface{})
	for _, op := range ops {
		if err := apply(attrs, op); err != nil {
			return scim.Resource{}, err
		}
	}
	if err := s.rename(u, attrs); err != nil {
		return scim.Resource{}, err
	}
	s.reindex(id, u.attrs, attrs)
	u.attrs = attrs
	u.version++
	return u.resource(), nil
}

// rename moves u's userName in byName to the one of attrs, its new
// attributes, unless another user has it.
func (s *users) rename(u *user, attrs map[string]interface{}) error {
	name, old := userName(attrs), userName(u.attrs)
	if name == old {
		return nil
	}
	if _, taken := s.byName[name]; taken {
		return scimerrors.ScimErrorUniqueness
	}
	delete(s.byName, old)
	s.byName[name] = u.id
	return nil
}

// reindex moves id in byValue from its old attributes' values to its new
// ones'.
func (s *users) reindex(id string, old, new map[string]interface{}) {
	if s.byValue != nil {
		s.byValue.change(id, old, new)
	}
}

// deepCopy copies v's maps and slices.
func deepCopy(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		m := make(map[string]interface{}, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case scim.ResourceAttributes:
		return deepCopy(map[string]interface{}(x))
	case []interface{}:
		l := make([]interface{}, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

func apply(attrs map[string]interface{}, op scim.PatchOperation) error {
	if op.Path == nil {
		values, ok := op.Value.(map[string]interface{})
		if !ok {
			return scimerrors.ScimErrorInvalidValue
		}
		for k, v := range values {
			attrs[k] = v
		}
		return nil
	}
	name := op.Path.AttributePath.AttributeName
	if op.Path.AttributePath.URIPrefix != nil {
		name = op.Path.AttributePath.URI() + ":" + name
	}
	if strings.EqualFold(op.Op, scim.PatchOperationRemove) {
		delete(attrs, name)
		return nil
	}
	sub := op.Path.AttributePath.SubAttribute
	if op.Path.ValueExpression == nil {
		if sub == nil {
			attrs[name] = op.Value
			return nil
		}
		m, _ := attrs[name].(map[string]interface{})
		if m == nil {
			m = map[string]interface{}{}
			attrs[name] = m
		}
		m[*sub] = op.Value
		return nil
	}
	// A value filter: the values it selects get the sub-attribute.
	values, _ := attrs[name].([]interface{})
	for _, v := range values {
		m, ok := v.(map[string]interface{})
		if ok && matches(m, op.Path.ValueExpression) && op.Path.SubAttribute != nil {
			m[*op.Path.SubAttribute] = op.Value
		}
	}
	return nil
}

// matches tests a value against a value filter's eq comparisons (what
// Entra's paths use: type eq "work").
func matches(m map[string]interface{}, e filterparser.Expression) bool {
	switch x := e.(type) {
	case *filterparser.AttributeExpression:
		return x.Operator == filterparser.EQ && fmt.Sprint(m[x.AttributePath.AttributeName]) == fmt.Sprint(x.CompareValue)
	case *filterparser.LogicalExpression:
		if x.Operator == filterparser.AND {
			return matches(m, x.Left) && matches(m, x.Right)
		}
		return matches(m, x.Left) || matches(m, x.Right)
	}
	return false
}
