package filter

// The parse tree: what syntax builds from the tokens of a filter or PATCH
// path, exactly as written (attribute paths unresolved, values untyped).
// check then resolves it against a resource type into an Expr or a Path.
// Keeping the two steps apart keeps every grammar error (with its
// position) ahead of every schema error, whatever their order in the text.

// node is a filter as written.
type node interface{ node() }

// andNode is "left and right"; chains are left-associative.
type andNode struct{ left, right node }

// orNode is "left or right"; chains are left-associative.
type orNode struct{ left, right node }

// notNode is "not (x)".
type notNode struct{ x node }

// groupNode is "(x)" as written. Grouping is already in the shape of the
// tree; the node keeps the text's parentheses so that the tree can be
// written back as the client grouped it (the tests give that text to
// filter-parser and compare its reading with ours).
type groupNode struct{ x node }

// attrExpNode is "path op value" or "path pr". path is the attribute path
// as written ([URI ":"] name ["." sub]; a bare sub-attribute name inside
// brackets). value is nil for pr and null, else a bool, a json.Number or
// the decoded string.
type attrExpNode struct {
	path  string
	op    Op
	value any
}

// valuePathNode is "path[filter]". Entra's path[filter].sub op value is
// built as path[(filter) and sub op value].
type valuePathNode struct {
	path   string
	filter node
}

// pathTree is a PATCH path as written: attr, optionally a value filter
// (nil when there is none), optionally the sub-attribute after it ("" when
// there is none).
type pathTree struct {
	attr   string
	filter node
	sub    string
}

func (andNode) node()       {}
func (orNode) node()        {}
func (notNode) node()       {}
func (groupNode) node()     {}
func (attrExpNode) node()   {}
func (valuePathNode) node() {}
