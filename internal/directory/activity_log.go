package directory

// NotApplied is an attribute that a write sent but that was not applied,
// and why (e.g. "owned by Workday HR"): the write succeeds, the attribute
// keeps its value, and the activity log says so.
type NotApplied struct {
	Attribute string
	Reason    string
}
