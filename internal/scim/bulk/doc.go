// Package bulk reads the envelope of a SCIM BulkRequest (RFC 7644 §3.7):
// its schemas, failOnErrors and Operations, each operation's method,
// bulkId, version and path, and its data left as the JSON it is (each
// operation's resource is read on its own, by the code that runs it). It
// is pure: no I/O, no storage, no HTTP.
//
// Parse reads exactly what encoding/json reads into Request — the same
// values, the same refusals — in one pass where encoding/json takes two
// (envelope.go); a value of the wrong type is told in the request's
// terms, not Go's (request.go).
package bulk
