package patch

import (
	"slices"

	"roster/internal/scim/schema"
)

// foldSelected drops each value of list at sel (the values an operation
// set) that the operation made the same as another value of the list —
// alike in every sub-attribute but primary — keeping the other, primary
// if either was. Entra replaces emails[type eq "work"].value on an
// employee with two work emails: both would hold the new address, the
// same email twice, where the client meant one. It returns the list and
// sel's values' indexes in it, a dropped value's replaced by the value
// it was folded into.
func foldSelected(a *schema.Attribute, list []any, sel []int) ([]any, []int) {
	into := map[int]int{} // a dropped value's index: the kept one's
	for _, i := range sel {
		for k := range list {
			if _, gone := into[k]; gone || k == i || !sameButPrimary(a, list[k], list[i]) {
				continue
			}
			if isPrimary(list[i]) {
				list[k].(map[string]any)["primary"] = true
			}
			into[i] = k
			break
		}
	}
	if len(into) == 0 {
		return list, sel
	}
	at := make(map[int]int, len(list)) // a kept value's new index
	var out []any
	for k, v := range list {
		if _, gone := into[k]; !gone {
			at[k] = len(out)
			out = append(out, v)
		}
	}
	var kept []int
	for _, i := range sel {
		if k, gone := into[i]; gone {
			i = k
		}
		if j := at[i]; !slices.Contains(kept, j) {
			kept = append(kept, j)
		}
	}
	return out, kept
}

// sameButPrimary reports whether x and y, values of a, hold the same
// sub-attributes, primary aside.
func sameButPrimary(a *schema.Attribute, x, y any) bool {
	mx, xok := x.(map[string]any)
	my, yok := y.(map[string]any)
	if !xok || !yok {
		return false
	}
	for _, pair := range [2][2]map[string]any{{mx, my}, {my, mx}} {
		for k, v := range pair[0] {
			if k == "primary" {
				continue
			}
			w, ok := pair[1][k]
			if !ok || !equalValue(a.Sub(k), v, w) {
				return false
			}
		}
	}
	return true
}
