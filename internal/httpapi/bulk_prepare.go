package httpapi

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"

	"roster/internal/scim/bulk"
	"roster/internal/scim/schema"
)

// A Bulk request's creates, read ahead of its batch. The batch holds the
// store's one writer (SQLite) or the company's lock (PostgreSQL) from its
// first operation to its commit; reading a thousand JSON bodies inside it
// kept other writes, and the database, waiting for work that needs
// neither, on one core. So the POST bodies that name no bulkId — whose
// employees need nothing the batch has done — are read and built by
// goroutines of their own, in the order the batch runs them; the batch
// starts at once and stores each as soon as it is read (createdAt). Read
// before the batch instead, they were a seventh of a request of 1,000
// creates (15–20 ms of 135) that the batch waited for; alongside it they
// finish far ahead of the operations it stores. The readers leave one
// core to the batch: on two cores, one reader keeps ahead.

// readCreates starts reading ahead the creates of ops that plan runs and
// that name no bulkId, for caller c with the company's schema rt; it
// returns at once.
func (p *bulkPlan) readCreates(c *caller, rt *schema.ResourceType, ops []bulk.Operation) {
	var todo []int
	for _, i := range p.order {
		op := ops[i]
		if _, refused := p.invalid[i]; refused || !strings.EqualFold(op.Method, http.MethodPost) || p.refers[i] {
			continue
		}
		todo = append(todo, i)
	}
	p.created = make([]*newCreate, len(ops))
	p.ready = make([]chan struct{}, len(ops))
	for _, i := range todo {
		p.ready[i] = make(chan struct{})
	}
	var next atomic.Int64
	for range max(1, min(runtime.GOMAXPROCS(0)-1, len(todo))) {
		go func() {
			for k := int(next.Add(1) - 1); k < len(todo); k = int(next.Add(1) - 1) {
				p.created[todo[k]] = readAhead(c, rt, ops[todo[k]].Data)
				close(p.ready[todo[k]])
			}
		}()
	}
}

// readAhead is newEmployee on a reader's goroutine, where a panic would
// end the process rather than its request: it becomes the operation's
// error instead, logged and answered as any other internal error of an
// operation (bulkError).
func readAhead(c *caller, rt *schema.ResourceType, body []byte) (n *newCreate) {
	defer func() {
		if v := recover(); v != nil {
			n = &newCreate{err: fmt.Errorf("reading the operation's body panicked: %v", v)}
		}
	}()
	created := newEmployee(c, rt, body)
	return &created
}

// createdAt returns operation i's create read ahead, once it is read; nil
// where it is not read ahead.
func (p *bulkPlan) createdAt(i int) *newCreate {
	if i < len(p.ready) && p.ready[i] != nil {
		<-p.ready[i]
	}
	if i < len(p.created) {
		return p.created[i]
	}
	return nil
}
