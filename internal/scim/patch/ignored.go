package patch

import (
	"slices"
	"strings"

	"roster/internal/scim/schema"
)

// Ignored lists what ops name that the resource has no place for, and
// that Apply therefore skips rather than refuses: an operation's path of
// an attribute the resource does not have, and keys of a no-path value
// that name none (Okta's "password" on password sync, Entra's roles).
// The activity log records them as sent but not applied. It reports
// nothing Apply would refuse (a Strict schema's unknown attribute).
func Ignored(rt *schema.ResourceType, ops []Operation) []string {
	return Prepare(rt, ops).Ignored()
}

// Ignored is the function Ignored for the plan's operations.
func (p *Plan) Ignored() []string {
	var out []string
	for i, op := range p.ops {
		if op.Path != "" {
			if r := p.paths[i]; r.err == nil && !r.ok {
				out = append(out, op.Path)
			}
			continue
		}
		out = append(out, ignoredKeys(p.rt, nil, op.Value)...)
	}
	return out
}

// ignoredPath is path when resolvePath tells Apply to skip it.
func ignoredPath(rt *schema.ResourceType, path string) []string {
	if _, ok, err := resolvePath(rt, path); err == nil && !ok {
		return []string{path}
	}
	return nil
}

// ignoredKeys walks a no-path value as applyObject does (s nil: the
// resource's top level; else an extension's object) and returns the keys
// it would skip, sorted.
func ignoredKeys(rt *schema.ResourceType, s *schema.Schema, value any) []string {
	obj, _ := value.(map[string]any)
	var out []string
	for key, v := range obj {
		in, name := s, key
		if s == nil {
			switch ext, rest, isURN := rt.SplitURN(key); {
			case strings.EqualFold(key, "schemas"):
				continue
			case strings.Contains(key, "["):
				out = append(out, ignoredPath(rt, key)...)
				continue
			case isURN && rest == "":
				out = append(out, ignoredKeys(rt, ext, v)...)
				continue
			case isURN:
				in, name = ext, rest
			case strings.HasPrefix(strings.ToLower(key), "urn:"):
				out = append(out, key) // an extension the resource does not have
				continue
			}
		}
		if _, err := resolveIn(rt, in, name); err != nil && (in == nil || !in.Strict) {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}
