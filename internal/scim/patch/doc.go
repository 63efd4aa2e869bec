// Package patch applies SCIM PATCH requests (RFC 7644 §3.5.2) to a
// canonical resource document, as produced by
// schema.ResourceType.Normalize. It is pure: no I/O, no storage, no HTTP.
//
// Parse decodes a PatchOp message (RFC 7644 §3.5.2, schema
// urn:ietf:params:scim:api:messages:2.0:PatchOp); Apply applies its
// operations in order to a copy of a document, all or nothing:
//
//   - "add" (§3.5.2.1), "replace" (§3.5.2.3) and "remove" (§3.5.2.2), with
//     or without a path, with value filters ("emails[type eq \"work\"]"),
//     sub-attributes and schema-URN-prefixed extension attributes;
//   - attribute characteristics of RFC 7643 §2.2 and §7: readOnly and
//     immutable attributes (scimType mutability), required attributes, and
//     at most one "primary" value in a multi-valued attribute (§2.4);
//   - the error scimTypes of RFC 7644 §3.12 (invalidSyntax, invalidPath,
//     noTarget, mutability, invalidValue).
//
// It also accepts what Microsoft Entra ID and Okta really send, which is
// not always what the RFC says: capitalised ops ("Replace"), booleans as
// strings ("False"), no-path values with dotted and URN-prefixed keys
// ("name.givenName", "urn:…:enterprise:2.0:User:employeeNumber"), the
// manager as a bare id or a one-element list, removal of listed values of a
// multi-valued attribute ({"op":"Remove","path":"emails","value":[…]}), and
// a value-filter path that selects nothing, which Entra expects to create
// the value ("emails[type eq \"work\"].value" on a user without a work
// email).
//
// Values are checked and canonicalised with schema.NormalizeValue, exactly as
// on POST and PUT; "value": null in an add or replace unassigns (RFC 7643
// §2.5). A path that names no attribute of any schema of the resource is
// invalidPath; one that names an attribute RFC 7643 defines and the
// resource does not keep ("password") is ignored, as Normalize ignores it
// (see Ignored). Keys of a no-path value follow Normalize: unknown ones are
// ignored, except in a Strict schema (the company extension), where a value
// for a missing attribute is refused so it is never lost silently.
package patch
