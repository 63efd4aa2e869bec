package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/bulk"
)

// bulkPlan is the order in which a Bulk request's operations run, and the
// operations refused before running.
type bulkPlan struct {
	order   []int
	invalid map[int]error
	// refers is, by operation, whether it names a bulkId (bulkIDRefs),
	// known or not: its data is read only once they are replaced.
	refers []bool
	// created holds, by operation, the creates read ahead of the batch
	// (bulk_prepare.go); nil where an operation is run from its body.
	// ready[i], where not nil, is closed once created[i] is read: read it
	// through createdAt.
	created []*newCreate
	ready   []chan struct{}
}

// planBulk orders operations so that each runs after the POSTs whose
// bulkIds it references (RFC 7644 §3.7.2: references may point forward),
// keeping the request's order otherwise. Operations in a reference cycle,
// or malformed ones, are refused with an error each.
func planBulk(ops []bulk.Operation) bulkPlan {
	plan := bulkPlan{invalid: map[int]error{}}
	byBulkID := map[string]int{}
	for i, op := range ops {
		if err := checkBulkOperation(op); err != nil {
			plan.invalid[i] = err
			continue
		}
		if op.BulkID == "" {
			continue
		}
		if j, dup := byBulkID[op.BulkID]; dup {
			plan.invalid[i] = scim.Errorf(scim.InvalidValue, "bulkId %q is used by operations %d and %d; bulkIds must be unique", op.BulkID, j+1, i+1)
			continue
		}
		byBulkID[op.BulkID] = i
	}
	// deps[i] are the operations i must wait for.
	deps := make([][]int, len(ops))
	plan.refers = make([]bool, len(ops))
	for i, op := range ops {
		if _, bad := plan.invalid[i]; bad {
			continue
		}
		refs := bulkIDRefs(op)
		plan.refers[i] = len(refs) > 0
		for _, ref := range refs {
			if j, ok := byBulkID[ref]; ok && j != i {
				deps[i] = append(deps[i], j)
			} else if ok && j == i {
				plan.invalid[i] = scim.Errorf(scim.InvalidValue, "operation %q references its own bulkId", op.BulkID)
			}
		}
	}
	// Kahn's algorithm, always taking the earliest ready operation.
	waiting := make([]int, len(ops))
	users := make([][]int, len(ops))
	for i := range ops {
		for _, j := range deps[i] {
			waiting[i]++
			users[j] = append(users[j], i)
		}
	}
	var ready []int
	for i := range ops {
		if waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	done := make([]bool, len(ops))
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		done[i] = true
		plan.order = append(plan.order, i)
		for _, u := range users[i] {
			if waiting[u]--; waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	// What is left waits on a cycle (or on an operation that does).
	for i := range ops {
		if done[i] {
			continue
		}
		plan.invalid[i] = &scim.Error{Status: http.StatusConflict, ScimType: scim.InvalidValue,
			Detail: fmt.Sprintf("operation %d (bulkId %q) is part of, or waits on, a circular bulkId reference: %s; send one side without the reference and add it in a later PATCH",
				i+1, ops[i].BulkID, describeCycle(ops, deps, done, i))}
		plan.order = append(plan.order, i)
	}
	return plan
}

// describeCycle renders the chain of bulkIds from op i until one repeats.
func describeCycle(ops []bulk.Operation, deps [][]int, done []bool, i int) string {
	seen := map[int]bool{}
	var chain []string
	for !seen[i] {
		seen[i] = true
		chain = append(chain, fmt.Sprintf("%q", ops[i].BulkID))
		next := -1
		for _, j := range deps[i] {
			if !done[j] {
				next = j
				break
			}
		}
		if next < 0 {
			break
		}
		i = next
	}
	chain = append(chain, fmt.Sprintf("%q", ops[i].BulkID))
	return strings.Join(chain, " → ")
}

func checkBulkOperation(op bulk.Operation) error {
	method := strings.ToUpper(op.Method)
	path := strings.Trim(op.Path, "/")
	if name, _, _ := strings.Cut(path, "/"); strings.EqualFold(name, "Groups") && isBulkMethod(method) {
		// The same answer as /Groups itself: the feature is absent. The
		// Bulk request goes on with its other operations (failOnErrors).
		return errGroupsUnsupported
	}
	switch method {
	case http.MethodPost:
		if !strings.EqualFold(path, "Users") {
			return scim.Errorf(scim.InvalidPath, "POST operations must have path \"/Users\"; got %q (roster provisions employees only)", op.Path)
		}
		if op.BulkID == "" {
			return scim.Errorf(scim.InvalidSyntax, "a POST operation needs a bulkId (RFC 7644 §3.7)")
		}
	case http.MethodPut, http.MethodPatch, http.MethodDelete:
		name, id, _ := strings.Cut(path, "/")
		if !strings.EqualFold(name, "Users") || id == "" || strings.Contains(id, "/") {
			return scim.Errorf(scim.InvalidPath, "%s operations must have path \"/Users/{id}\"; got %q", method, op.Path)
		}
	default:
		return scim.Errorf(scim.InvalidSyntax, "operation method must be POST, PUT, PATCH or DELETE; got %q", op.Method)
	}
	if method != http.MethodDelete && len(bytes.TrimSpace(op.Data)) == 0 {
		return scim.Errorf(scim.InvalidSyntax, "a %s operation needs \"data\"", method)
	}
	return nil
}

// isBulkMethod reports whether method is one a Bulk operation may have
// (RFC 7644 §3.7).
func isBulkMethod(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// bulkIDRefs lists the bulkIds an operation references: in its path and in
// any string value "bulkId:…" of its data.
func bulkIDRefs(op bulk.Operation) []string {
	var refs []string
	if id := op.TargetID(); id != "" {
		if ref, ok := strings.CutPrefix(id, bulkIDPrefix); ok {
			refs = append(refs, ref)
		}
	}
	var data any
	if mayReferToBulkIDs(op.Data) && json.Unmarshal(op.Data, &data) == nil {
		walkStrings(data, func(s string) string {
			if ref, ok := strings.CutPrefix(s, bulkIDPrefix); ok {
				refs = append(refs, ref)
			}
			return s
		})
	}
	return refs
}

// replaceBulkIDs returns data with every string value "bulkId:X" replaced
// by the id resolve gives for X.
func replaceBulkIDs(data json.RawMessage, resolve func(string) (string, error)) ([]byte, error) {
	if !mayReferToBulkIDs(data) {
		return data, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, scim.Errorf(scim.InvalidSyntax, "operation data is not valid JSON: %v", err)
	}
	var firstErr error
	replaced := false
	v = walkStrings(v, func(s string) string {
		ref, ok := strings.CutPrefix(s, bulkIDPrefix)
		if !ok {
			return s
		}
		replaced = true
		id, err := resolve(ref)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return id
	})
	if firstErr != nil {
		return nil, firstErr
	}
	if !replaced {
		return data, nil
	}
	return json.Marshal(v)
}

// mayReferToBulkIDs reports whether data may hold a string "bulkId:…":
// it holds the prefix, or an escape (\u…) that may spell it, which only
// reading the JSON tells. Most operations hold neither, and are not read
// for references at all: a Bulk request of a thousand creates spent
// milliseconds on it before its first operation ran.
func mayReferToBulkIDs(data []byte) bool {
	return bytes.Contains(data, []byte(bulkIDPrefix)) || bytes.Contains(data, []byte(`\u`))
}

// walkStrings applies f to every string value (not key) in v.
func walkStrings(v any, f func(string) string) any {
	switch x := v.(type) {
	case string:
		return f(x)
	case []any:
		for i := range x {
			x[i] = walkStrings(x[i], f)
		}
	case map[string]any:
		for k := range x {
			x[k] = walkStrings(x[k], f)
		}
	}
	return v
}
