package patch

import (
	"reflect"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// Apply applies ops in order to a deep copy of doc, a canonical document
// of resource type rt (as produced by rt.Normalize: canonical attribute
// names, extension attributes under their URN, no "id", "meta" or
// "schemas"), and returns the new canonical document. Unassigned attributes
// are absent from it: it never holds nil, empty lists or empty objects.
//
// Operations are atomic (RFC 7644 §3.5.2: "if any operation fails, the
// whole request fails"): on error nothing is applied, doc is never
// modified, and the error is a *scim.Error whose detail names the failing
// operation (1-based) and its path.
func Apply(rt *schema.ResourceType, doc map[string]any, ops []Operation) (map[string]any, error) {
	return Prepare(rt, ops).Apply(doc)
}

// Apply applies the plan's operations to doc as the function Apply does.
func (p *Plan) Apply(doc map[string]any) (map[string]any, error) {
	rt, ops := p.rt, p.ops
	if len(ops) > MaxOperations {
		return nil, tooManyOps(len(ops))
	}
	work, _ := deepCopy(doc).(map[string]any)
	if work == nil {
		work = map[string]any{}
	}
	guarded := guardedAttrs(rt)
	for i, op := range ops {
		before := snapshot(work, guarded)
		if err := applyOne(rt, work, op, p.paths[i]); err != nil {
			return nil, opError(i, op, err)
		}
		prune(work)
		if err := checkGuarded(work, guarded, before); err != nil {
			return nil, opError(i, op, err)
		}
	}
	return work, nil
}

// applyOne applies op, whose path (if any) Prepare resolved into path.
func applyOne(rt *schema.ResourceType, doc map[string]any, op Operation, path resolved) error {
	if err := check(op); err != nil {
		return err
	}
	kind := strings.ToLower(op.Op)
	if op.Path == "" {
		if kind == opRemove {
			// RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation
			// fails with HTTP status code 400 and a "scimType" error code
			// of "noTarget"."
			return scim.Errorf(scim.NoTarget, `"remove" needs a "path" naming what to remove, e.g. "emails[type eq \"work\"]"`)
		}
		return applyObject(rt, doc, nil, false, op.Value, kind)
	}
	if path.err != nil || !path.ok {
		return path.err
	}
	return applyTarget(rt, doc, path.t, op.Value, unassigning(kind, op.Value))
}

// unassigning is the kind of an operation given its value: an add or
// replace with a null value unassigns its target (RFC 7643 §2.5: "the
// null value … SHALL be considered to be equivalent in 'state'" to
// unassigned), which is what remove does; PUT and a no-path null member
// already work that way.
func unassigning(kind string, value any) string {
	if value == nil {
		return opRemove
	}
	return kind
}

// applyTarget applies one operation to a resolved target. value is nil for
// a remove without value.
func applyTarget(rt *schema.ResourceType, doc map[string]any, t target, value any, kind string) error {
	if t.schema != nil {
		if kind == opRemove {
			removeSchema(doc, t.schema)
			return nil
		}
		return applyObject(rt, doc, t.schema, true, value, kind)
	}
	if t.readOnly() {
		return readOnlyError(t.String())
	}
	if t.ref.Attr.MultiValued {
		return applyMulti(doc, t, value, kind)
	}
	return applySingle(doc, t, value, kind)
}

// removeSchema removes every attribute of s: the path was the schema URN
// alone.
func removeSchema(doc map[string]any, s *schema.Schema) {
	for _, a := range s.Attributes {
		if a.Mutability == schema.ReadOnly {
			continue
		}
		c := schema.Container(doc, schema.Ref{Schema: s, Attr: a}, false)
		delete(c, a.Name)
	}
}

// guardedAttrs lists the top-level attributes whose value an operation may
// not take away (required) or change once set (immutable, RFC 7643 §2.2;
// RFC 7644 §3.5.2: "a client MAY "add" a value to an "immutable" attribute
// if the attribute had no previous value").
func guardedAttrs(rt *schema.ResourceType) []schema.Ref {
	var out []schema.Ref
	for _, s := range rt.Schemas() {
		for _, a := range s.Attributes {
			if a.Required || a.Mutability == schema.Immutable {
				out = append(out, schema.Ref{Schema: s, Attr: a})
			}
		}
	}
	return out
}

func snapshot(doc map[string]any, refs []schema.Ref) []any {
	out := make([]any, len(refs))
	for i, r := range refs {
		out[i] = deepCopy(schema.Container(doc, r, false)[r.Attr.Name])
	}
	return out
}

func checkGuarded(doc map[string]any, refs []schema.Ref, before []any) error {
	for i, r := range refs {
		if before[i] == nil {
			continue
		}
		after := schema.Container(doc, r, false)[r.Attr.Name]
		switch {
		case r.Attr.Required && after == nil:
			return scim.Errorf(scim.InvalidValue, "%q is required and cannot be removed; replace it with a new value instead", r.String())
		case r.Attr.Mutability == schema.Immutable && !reflect.DeepEqual(before[i], after):
			return scim.Errorf(scim.Mutability, "%q is immutable: it can be set once but not changed", r.String())
		}
	}
	return nil
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// prune removes nil values, empty objects and empty lists, recursively,
// and returns nil when nothing is left of v: in a canonical document an
// unassigned attribute is absent (RFC 7643 §2.5 treats null and [] as
// unassigned).
func prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if p := prune(e); p == nil {
				delete(x, k)
			} else {
				x[k] = p
			}
		}
		if len(x) == 0 {
			return nil
		}
		return x
	case []any:
		out := x[:0]
		for _, e := range x {
			if p := prune(e); p != nil {
				out = append(out, p)
			}
		}
		clear(x[len(out):])
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return v
}
