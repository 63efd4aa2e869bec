package httpapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/bulk"
	"roster/internal/scim/schema"
)

// The POSTs of a Bulk request that name no bulkId are read ahead of its
// batch, each into the employee it creates or its error; the others are
// left to the batch, which reads them after their references resolve.
func TestReadCreates(t *testing.T) {
	ops := []bulk.Operation{
		{Method: "POST", Path: "/Users", BulkID: "a", Data: json.RawMessage(`{"userName":"a@example.com","title":"Lead"}`)},
		{Method: "post", Path: "/Users", BulkID: "b", Data: json.RawMessage(`{"userName":"b@example.com","manager":{"value":"bulkId:a"}}`)},
		{Method: "POST", Path: "/Users", BulkID: "t", Data: json.RawMessage(`{"userName":true}`)},
		{Method: "PUT", Path: "/Users/x", Data: json.RawMessage(`{"userName":"x@example.com"}`)},
		{Method: "DELETE", Path: "/Groups/1"},
		{Method: "POST", Path: "/Users", BulkID: "c", Data: json.RawMessage(`{"userName":"c@example.com","shoeSize":44}`)},
	}
	for i := range 40 { // more than there are cores
		ops = append(ops, bulk.Operation{Method: "POST", Path: "/Users", BulkID: fmt.Sprint("n", i), Data: json.RawMessage(fmt.Sprintf(`{"userName":"n%d@example.com"}`, i))})
	}
	c := &caller{company: directory.Company{ID: "co"}, connection: directory.Connection{ID: "conn"}}
	plan := planBulk(ops)
	plan.readCreates(c, schema.UserType(directory.CompanySchema(nil)), ops)

	for i := range plan.created {
		n := plan.createdAt(i)
		switch {
		case i == 1 || i == 3 || i == 4:
			if n != nil {
				t.Errorf("operation %d was read ahead: %+v", i, n)
			}
		case i == 2:
			if n == nil || n.err == nil || n.employee != nil {
				t.Errorf("operation 2 (a userName that is no string): %+v; want its error", n)
			}
		default:
			if n == nil || n.err != nil || n.employee == nil {
				t.Fatalf("operation %d: %+v; want its employee", i, n)
			}
			e := n.employee
			if e.ID == "" || e.CompanyID != "co" || e.SourceConnectionID != "conn" || !e.Active {
				t.Errorf("operation %d: %+v", i, e)
			}
		}
	}
	if e := plan.created[0].employee; e.UserName != "a@example.com" || e.Title != "Lead" {
		t.Errorf("operation 0: %+v", e)
	}
	if n := plan.created[5]; n.employee.UserName != "c@example.com" || len(n.body.ignored) != 1 {
		t.Errorf("operation 5: %+v, ignored %v; want shoeSize ignored", n.employee, n.body.ignored)
	}
	if e := plan.created[45].employee; e.UserName != "n39@example.com" {
		t.Errorf("last operation: %+v", e)
	}
}

// A create whose reading panics on a reader's goroutine fails alone, as
// its operation's error: it does not end the process. (A missing schema
// stands for any bug in reading a body.)
func TestReadCreatesPanicIsTheOperations(t *testing.T) {
	ops := []bulk.Operation{{Method: "POST", Path: "/Users", BulkID: "a", Data: json.RawMessage(`{"userName":"a@example.com"}`)}}
	plan := planBulk(ops)
	plan.readCreates(&caller{}, nil, ops)
	if n := plan.createdAt(0); n == nil || n.err == nil || !strings.Contains(n.err.Error(), "panicked") {
		t.Fatalf("the create read with no schema: %+v; want its panic as its error", n)
	}
}
