package jsonstring

import "encoding/json"

// Append appends s to b as a JSON string literal, byte for byte as
// encoding/json writes it (its HTML escapes included), without its
// reflection where s is Plain: the server writes thousands of strings
// for every page it answers, and the store one for every change it logs.
func Append(b []byte, s string) []byte {
	if Plain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string cannot fail
	return append(b, q...)
}

// Plain reports whether s is written in JSON as it is, between quotes:
// printable ASCII that encoding/json does not escape (it escapes the
// quote, the backslash, and <, > and & for HTML).
func Plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
