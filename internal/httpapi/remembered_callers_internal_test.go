package httpapi

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// sameCaller tells a changed caller from one that was only used since.
func TestSameCaller(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	base := func() directory.Caller {
		return directory.Caller{
			Connection:        directory.Connection{ID: "c1", CompanyID: "co", Label: "Entra ID", TokenHash: []byte{1, 2, 3}, Created: t0},
			Company:           directory.Company{ID: "co", Name: "Acme", Created: t0},
			AttributesVersion: 7,
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*directory.Caller)
		same   bool
	}{
		{"unchanged", func(*directory.Caller) {}, true},
		{"used since", func(c *directory.Caller) { c.Connection.LastUsed, c.Connection.RequestCount = t0.Add(time.Hour), 42 }, true},
		{"revoked", func(c *directory.Caller) { c.Connection.RevokedAt = t0.Add(time.Minute) }, false},
		{"another connection", func(c *directory.Caller) { c.Connection.ID = "c2" }, false},
		{"another token", func(c *directory.Caller) { c.Connection.TokenHash = []byte{1, 2, 4} }, false},
		{"relabelled", func(c *directory.Caller) { c.Connection.Label = "Okta" }, false},
		{"paused", func(c *directory.Caller) { c.Company.ProvisioningDisabled = true }, false},
		{"company renamed", func(c *directory.Caller) { c.Company.Name = "Acme Inc." }, false},
		{"attributes changed", func(c *directory.Caller) { c.AttributesVersion++ }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := base()
			tc.change(&changed)
			if got := sameCaller(changed, base()); got != tc.same {
				t.Errorf("sameCaller = %v, want %v", got, tc.same)
			}
		})
	}
}
