package loadgen

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Ceiling is a storage-free SCIM handler: it reads and answers the
// requests the phases send with the JSON work a SCIM server does (decode
// the body, encode a resource or a list) but stores and checks nothing.
// What it sustains on a machine is the limit of the HTTP/JSON layer
// there, which roster's numbers are read against.
type Ceiling struct {
	// Attributes: the employees it makes up for lookups and pages carry
	// company attributes (Config.Attributes), as roster's would.
	Attributes bool
	created    atomic.Int64
}

// ServeHTTP answers /scim/v2/Users, /scim/v2/Users/{id} and /scim/v2/Bulk.
func (c *Ceiling) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/scim/v2")
	var body map[string]any
	if r.Body != nil && r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	switch {
	case path == "/Users" && r.Method == http.MethodGet:
		c.list(w, r)
	case path == "/Users" && r.Method == http.MethodPost:
		n := c.created.Add(1)
		body["id"] = "c" + strconv.FormatInt(n, 10)
		body["meta"] = meta(body["id"].(string))
		write(w, http.StatusCreated, body)
	case strings.HasPrefix(path, "/Users/"):
		id := strings.TrimPrefix(path, "/Users/")
		if r.Method == http.MethodPut {
			body["id"], body["meta"] = id, meta(id)
			write(w, http.StatusOK, body)
			return
		}
		write(w, http.StatusOK, c.synthetic(id))
	case path == "/Bulk" && r.Method == http.MethodPost:
		c.bulk(w, body)
	default:
		http.NotFound(w, r)
	}
}

// list answers a filter with one employee, and a page with count
// employees of the ones created so far.
func (c *Ceiling) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	total := int(c.created.Load())
	n := 1
	if q.Get("filter") == "" {
		start, _ := strconv.Atoi(q.Get("startIndex"))
		count, _ := strconv.Atoi(q.Get("count"))
		n = max(0, min(count, total-max(start, 1)+1))
	} else {
		total = 1
	}
	resources := make([]any, n)
	for i := range resources {
		resources[i] = c.synthetic("c" + strconv.Itoa(i+1))
	}
	write(w, http.StatusOK, map[string]any{
		"schemas":      []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"},
		"totalResults": total, "itemsPerPage": n, "startIndex": 1, "Resources": resources,
	})
}

func (c *Ceiling) bulk(w http.ResponseWriter, body map[string]any) {
	ops, _ := body["Operations"].([]any)
	results := make([]any, len(ops))
	for i, op := range ops {
		m, _ := op.(map[string]any)
		id := "c" + strconv.FormatInt(c.created.Add(1), 10)
		results[i] = map[string]any{"method": m["method"], "bulkId": m["bulkId"], "location": "/scim/v2/Users/" + id, "status": "201"}
	}
	write(w, http.StatusOK, map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:BulkResponse"}, "Operations": results})
}

func meta(id string) map[string]any {
	now := time.Now().UTC().Format(time.RFC3339)
	return map[string]any{"resourceType": "User", "created": now, "lastModified": now, "location": "/scim/v2/Users/" + id, "version": `W/"1"`}
}

// synthetic is an employee of the size roster returns.
func (c *Ceiling) synthetic(id string) map[string]any {
	p := person{run: "ceiling", i: len(id), attributes: c.Attributes}
	u := p.user()
	u["id"], u["meta"] = id, meta(id)
	return u
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
