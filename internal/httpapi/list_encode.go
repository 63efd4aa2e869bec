package httpapi

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sync"

	"roster/internal/directory"
)

// A page of a thousand employees (Okta's import) was a third rendering
// and encoding, on one core while the machine has more. A long list is
// written in parts side by side, each part into a buffer of its own, and
// the parts are then copied into the body in order: the same bytes, in
// about half the time on two cores. Its resources are rendered as they
// are written (renderedLater), so that rendering is shared out too.

// resourcesPerPart is the fewest resources a part is given: below it, a
// goroutine and a copy cost more than they save.
const resourcesPerPart = 100

// appendJSON writes the list with its resources as they write themselves.
func (l listResponse) appendJSON(buf *bytes.Buffer) error {
	head, err := json.Marshal(l.listHeader)
	if err != nil {
		return err
	}
	buf.Write(head[:len(head)-1])
	buf.WriteString(`,"Resources":[`)
	if err := appendResources(buf, l.Resources); err != nil {
		return err
	}
	buf.WriteString("]}")
	return nil
}

// appendResources writes resources separated by commas, in parts side by
// side when they are many.
func appendResources(buf *bytes.Buffer, resources []any) error {
	parts := min(runtime.GOMAXPROCS(0), len(resources)/resourcesPerPart)
	if parts < 2 {
		return appendEach(buf, resources)
	}
	bufs := make([]bytes.Buffer, parts)
	errs := make([]error, parts)
	// A part that panics panics in the request's goroutine, once the
	// others are done, where the server recovers it into a 500: in a
	// goroutine of its own it would end the process.
	panics := make([]any, parts)
	var wg sync.WaitGroup
	for p := 1; p < parts; p++ {
		wg.Go(func() {
			defer func() { panics[p] = recover() }()
			errs[p] = appendEach(&bufs[p], part(resources, p, parts))
		})
	}
	func() {
		defer func() { panics[0] = recover() }()
		errs[0] = appendEach(&bufs[0], part(resources, 0, parts))
	}()
	wg.Wait()
	for _, v := range panics {
		if v != nil {
			panic(v)
		}
	}
	for p := range bufs {
		if errs[p] != nil {
			return errs[p]
		}
		if p > 0 {
			buf.WriteByte(',')
		}
		buf.Write(bufs[p].Bytes())
	}
	return nil
}

// part returns the p-th of n nearly equal consecutive parts of list.
func part(list []any, p, n int) []any {
	return list[p*len(list)/n : (p+1)*len(list)/n]
}

// appendEach writes resources separated by commas.
func appendEach(buf *bytes.Buffer, resources []any) error {
	for i, r := range resources {
		if i > 0 {
			buf.WriteByte(',')
		}
		var err error
		if a, ok := r.(jsonAppender); ok {
			err = a.appendJSON(buf)
		} else {
			err = encodeScalar(buf, r)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// renderedLater is an employee of a response — alone or in a list —
// rendered as a resource when it is written (userView.appendJSON).
type renderedLater struct {
	e    *directory.Employee
	view *userView
}

func (r renderedLater) appendJSON(buf *bytes.Buffer) error {
	return r.view.appendJSON(buf, r.e)
}

// MarshalJSON is for encoding/json, as resource's.
func (r renderedLater) MarshalJSON() ([]byte, error) { return marshalBody(r) }
