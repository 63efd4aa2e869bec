// Package filter parses and checks SCIM filters and PATCH paths, and
// evaluates checked filters against canonical resource documents. It does
// no I/O: the store compiles an Expr to SQL, the PATCH engine uses Path and
// MatchValue, and Match is the reference model both are tested against.
//
// Implemented:
//   - RFC 7644 §3.4.2.2 filtering: the ten comparison operators, "and",
//     "or", "not", grouping, precedence not > and > or, complex attribute
//     filters (value paths), case-insensitive attribute names and
//     operators, caseExact-aware comparison (RFC 7643 §2.1, §2.3).
//   - RFC 7644 §3.5.2 PATCH paths: attrPath, valuePath with an optional
//     sub-attribute, URN-prefixed extension attributes, a schema URN alone.
//   - RFC 7644 §3.12 errors: invalidFilter / invalidPath with a detail that
//     says where and what was expected.
//
// Beyond the RFC, for Microsoft Entra ID: a filter may compare a
// sub-attribute after a value path, emails[type eq "work"].value eq "x",
// which is read as emails[type eq "work" and value eq "x"].
//
// Parsing is done once, by a tokenizer (lex.go) and a recursive-descent
// grammar of our own (syntax.go) that bounds size and nesting, gives
// readable errors with positions, decodes JSON string escapes and reads
// Entra's form; it builds a parse tree (tree.go) that check.go resolves
// against the schema. github.com/scim2/filter-parser/v2 is the tests'
// oracle: for every filter and path our grammar accepts, its reading of
// the same text must be the same tree (oracle_test.go).
package filter
