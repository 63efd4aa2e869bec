package web

import "testing"

// TestSafeNext: only a same-site path survives; every classic open
// redirect payload falls back to the page after sign-in.
func TestSafeNext(t *testing.T) {
	for _, c := range []struct{ next, want string }{
		{"/x", "/x"},
		{"/employees?q=a", "/employees?q=a"},
		{"/employees?status=all&q=ada+lovelace", "/employees?status=all&q=ada+lovelace"},
		{"/attributes/0b6c3d0e-1a2b-4c3d-8e9f-001122334455", "/attributes/0b6c3d0e-1a2b-4c3d-8e9f-001122334455"},
		{"/%C3%A9", "/%C3%A9"},

		{"", afterSignIn},
		{"x", afterSignIn},
		{"//x", afterSignIn},
		{"///x", afterSignIn},
		{"/\\x", afterSignIn},
		{"\\\\x", afterSignIn},
		{"/x\\y", afterSignIn},
		{"/%09/x", afterSignIn},
		{"/\t/x", afterSignIn},
		{"\t//x", afterSignIn},
		{"/\n/x", afterSignIn},
		{"/\r\n/x", afterSignIn},
		{"/ /x", afterSignIn},
		{"/%20/x", afterSignIn},
		{"/%0a/x", afterSignIn},
		{"/%00/x", afterSignIn},
		{"/x\x00", afterSignIn},
		{"/\u00a0/x", afterSignIn},
		{"/\u2028/x", afterSignIn},
		{"/%2F/x", afterSignIn},
		{"/%2f/x", afterSignIn},
		{"/%5Cx", afterSignIn},
		{"/%5cx", afterSignIn},
		{"%2F%2Fx", afterSignIn},
		{"%2Fx", afterSignIn},
		{"https:x", afterSignIn},
		{"https://evil.example/", afterSignIn},
		{"javascript:alert(1)", afterSignIn},
		{"/%zz", afterSignIn},
		{"/\xff", afterSignIn},
		{"/x?next=\t//evil", afterSignIn},
	} {
		if got := safeNext(c.next); got != c.want {
			t.Errorf("safeNext(%q) = %q; want %q", c.next, got, c.want)
		}
	}
}
