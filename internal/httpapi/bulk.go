package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim"
	"roster/internal/scim/bulk"
)

// SCIM Bulk (RFC 7644 §3.7): many employee changes in one request.

const (
	bulkRequestSchema  = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
	bulkResponseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
	bulkIDPrefix       = "bulkId:"

	// DefaultBulkMaxOperations and DefaultBulkMaxPayload are the limits
	// when Config leaves them zero; /ServiceProviderConfig advertises them.
	DefaultBulkMaxOperations = 1000
	DefaultBulkMaxPayload    = 4 << 20
)

// bulkResult is one entry of the BulkResponse.
type bulkResult struct {
	Method   string     `json:"method"`
	BulkID   string     `json:"bulkId,omitempty"`
	Location string     `json:"location,omitempty"`
	Version  string     `json:"version,omitempty"`
	Status   string     `json:"status"`
	Response *errorBody `json:"response,omitempty"`
}

type bulkResponse struct {
	Schemas    []string     `json:"schemas"`
	Operations []bulkResult `json:"Operations"`
}

func (s *Server) bulk(w http.ResponseWriter, r *http.Request) {
	noteOf(r.Context()).op = directory.OpBulk
	req, err := s.readBulk(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Load the company's schema now: inside the batch the store is busy
	// and may not be called.
	rt, _, err := s.userType(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	// The request itself was charged once; each further operation counts.
	if limited := s.limits.take(companyIDOf(r.Context()), len(req.Operations)-1, s.now()); limited != nil {
		limited.write(w, r)
		return
	}
	plan := planBulk(req.Operations)
	plan.readCreates(callerOf(r.Context()), rt, req.Operations)
	failOn := 0
	if req.FailOnErrors != nil {
		failOn = *req.FailOnErrors
	}
	run := newBulkRun(r.Context(), s, s.base(r), req.Operations)
	// One transaction for the whole request (one sync to disk), each
	// operation atomic on its own inside it (a savepoint), so one failure
	// never touches another. Nothing is acknowledged before the commit;
	// if it fails, nothing was written.
	ctx := directory.WithBatchCalls(r.Context(), len(req.Operations))
	err = s.store.Batch(ctx, companyIDOf(r.Context()), func(b directory.Batch) error {
		return run.run(batchWriter{b}, plan, failOn)
	})
	if err != nil {
		writeError(w, r, fmt.Errorf("bulk request not applied: %w", err))
		return
	}
	run.settled() // the creates whose failure the commit found
	// The operations' successes were logged in the batch; their refusals
	// are queued only now that the batch stands (if it had failed, the
	// whole request would be the one refusal logged).
	for _, e := range run.refused {
		s.activity.add(e)
	}
	writeJSON(w, http.StatusOK, bulkResponse{Schemas: []string{bulkResponseSchema}, Operations: run.results})
}

// readBulk reads and checks a BulkRequest within the configured limits:
// an oversize body is refused while streaming, before it is held in memory.
func (s *Server) readBulk(w http.ResponseWriter, r *http.Request) (*bulk.Request, error) {
	limit := s.bulkMaxPayload
	tooLarge := &scim.Error{Status: http.StatusRequestEntityTooLarge,
		Detail: fmt.Sprintf("the bulk request is larger than maxPayloadSize, %d bytes; split it into several requests", limit)}
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !isJSONMediaType(ct) {
		return nil, unsupportedMediaType(ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooLarge
	}
	if err != nil {
		return nil, scim.Errorf(scim.InvalidSyntax, "could not read the request body: %v", err)
	}
	if err := checkText(body); err != nil {
		return nil, err
	}
	req, err := bulk.Parse(body)
	if err != nil {
		return nil, scim.Errorf(scim.InvalidSyntax, "the body is not a valid BulkRequest: %v", err)
	}
	if len(req.Schemas) > 0 && !containsFold(req.Schemas, bulkRequestSchema) {
		return nil, scim.Errorf(scim.InvalidSyntax, "schemas must contain %q", bulkRequestSchema)
	}
	if len(req.Operations) == 0 {
		return nil, scim.Errorf(scim.InvalidSyntax, "a BulkRequest needs a non-empty \"Operations\" list")
	}
	if len(req.Operations) > s.bulkMaxOps {
		return nil, &scim.Error{Status: http.StatusRequestEntityTooLarge,
			Detail: fmt.Sprintf("the bulk request has %d operations; maxOperations is %d: split it into several requests", len(req.Operations), s.bulkMaxOps)}
	}
	if req.FailOnErrors != nil && *req.FailOnErrors < 1 {
		return nil, scim.Errorf(scim.InvalidValue, "failOnErrors must be a positive integer; got %d", *req.FailOnErrors)
	}
	return &req, nil
}

// bulkRefusal is the log entry of a failed Bulk operation.
func (s *Server) bulkRefusal(ctx context.Context, n *activityNote, op bulk.Operation, res bulkResult) directory.LogEntry {
	name := n.op
	if name == "" {
		name = bulkOps[strings.ToUpper(op.Method)]
	}
	if name == "" {
		name = directory.OpBulk
	}
	if n.employeeID == "" && !strings.HasPrefix(op.TargetID(), bulkIDPrefix) {
		n.employeeID = op.TargetID()
	}
	status, _ := strconv.Atoi(res.Status)
	return s.refusalEntry(ctx, n, name, status, res.Response.ScimType, res.Response.Detail)
}

// bulkOps names a Bulk operation's method as the activity log does.
var bulkOps = map[string]string{http.MethodPost: directory.OpCreate, http.MethodPut: directory.OpReplace,
	http.MethodPatch: directory.OpPatch, http.MethodDelete: directory.OpDelete}

// describeOps names operations by bulkId, else by method and path.
func describeOps(ops []bulk.Operation, which []int) string {
	names := make([]string, 0, len(which))
	for _, i := range which {
		if ops[i].BulkID != "" {
			names = append(names, fmt.Sprintf("bulkId %q", ops[i].BulkID))
		} else {
			names = append(names, fmt.Sprintf("%s %s", strings.ToUpper(ops[i].Method), ops[i].Path))
		}
	}
	return strings.Join(names, ", ")
}

func bulkSuccessStatus(method string) int {
	switch method {
	case http.MethodPost:
		return http.StatusCreated
	case http.MethodDelete:
		return http.StatusNoContent
	}
	return http.StatusOK
}

// runBulkOperation performs one operation after replacing its bulkId
// references with the ids of employees created earlier in the request.
func (s *Server) runBulkOperation(ctx context.Context, wr employeeWriter, op bulk.Operation, read *newCreate, created map[string]string, failed map[string]bool) (*directory.Employee, error) {
	if read != nil {
		return s.createNew(ctx, wr, *read)
	}
	resolve := func(ref string) (string, error) {
		if id, ok := created[ref]; ok {
			return id, nil
		}
		if failed[ref] {
			return "", &scim.Error{Status: http.StatusConflict, ScimType: scim.InvalidValue,
				Detail: fmt.Sprintf("bulkId %q cannot be resolved: operation %q failed", ref, ref)}
		}
		return "", &scim.Error{Status: http.StatusConflict, ScimType: scim.InvalidValue,
			Detail: fmt.Sprintf("bulkId %q names no POST operation of this request", ref)}
	}
	data, err := replaceBulkIDs(op.Data, resolve)
	if err != nil {
		return nil, err
	}
	method := strings.ToUpper(op.Method)
	if method == http.MethodPost {
		return s.createEmployee(ctx, wr, data)
	}
	id := op.TargetID()
	if ref, ok := strings.CutPrefix(id, bulkIDPrefix); ok {
		if id, err = resolve(ref); err != nil {
			return nil, err
		}
	}
	switch method {
	case http.MethodPut:
		return s.replaceEmployee(ctx, wr, id, data, ifMatch(op.Version))
	case http.MethodPatch:
		return s.patchEmployee(ctx, wr, id, data, ifMatch(op.Version))
	default: // DELETE; planBulk refused other methods
		if err := s.deleteEmployee(ctx, wr, id, ifMatch(op.Version)); err != nil {
			return nil, err
		}
		return &directory.Employee{ID: id}, nil
	}
}

// bulkError renders an operation's error as its status and SCIM error body.
func (s *Server) bulkError(ctx context.Context, err error) (string, *errorBody) {
	e := toSCIMError(err)
	if e == nil {
		id := requestID(ctx)
		s.log.Error("bulk operation", "request_id", id, "err", err)
		e = &scim.Error{Status: http.StatusInternalServerError, Detail: "internal error; request id " + id}
	}
	status := strconv.Itoa(e.Status)
	return status, &errorBody{Schemas: []string{scim.ErrorSchema}, Status: status, ScimType: string(e.ScimType), Detail: e.Detail}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
