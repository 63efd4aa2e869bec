package httpapi

import (
	"bytes"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"roster/internal/scim/schema"
)

// A Bulk request's creates, read before its batch. The batch holds the
// store's one writer (SQLite) or the company's lock (PostgreSQL) from its
// first operation to its commit; reading a thousand JSON bodies inside it
// kept other writes, and the database, waiting for work that needs
// neither, on one core. So the POST bodies that name no bulkId — whose
// employees need nothing the batch has done — are read and built first,
// side by side on every core, and the batch only stores them.

// readCreates reads ahead the creates of ops that plan runs and that name
// no bulkId, for caller c with the company's schema rt.
func (p *bulkPlan) readCreates(c *caller, rt *schema.ResourceType, ops []bulkOperation) {
	var todo []int
	for _, i := range p.order {
		op := ops[i]
		if _, refused := p.invalid[i]; refused || !strings.EqualFold(op.Method, http.MethodPost) || bytes.Contains(op.Data, []byte(bulkIDPrefix)) {
			continue
		}
		todo = append(todo, i)
	}
	p.created = make([]*newCreate, len(ops))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(todo); k = int(next.Add(1) - 1) {
				n := newEmployee(c, rt, ops[todo[k]].Data)
				p.created[todo[k]] = &n
			}
		})
	}
	wg.Wait()
}
