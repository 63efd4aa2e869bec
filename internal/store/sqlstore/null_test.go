package sqlstore

import "testing"

// nullString reads text as sql.Null[string] does, NULL being "".
func TestNullStringScan(t *testing.T) {
	for _, tc := range []struct {
		src  any
		want string
	}{
		{nil, ""},
		{"Åsa", "Åsa"},
		{[]byte("bytes"), "bytes"},
		{int64(42), "42"},
		{true, "true"},
	} {
		got := "before"
		if err := (nullString{&got}).Scan(tc.src); err != nil || got != tc.want {
			t.Errorf("Scan(%#v) = %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
	var s string
	if err := (nullString{&s}).Scan(struct{}{}); err == nil {
		t.Error("Scan of a struct succeeded")
	}
}
