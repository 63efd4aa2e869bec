package directory

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
)

// Company is a tenant: every employee and connection belongs to one.
type Company struct {
	ID      string
	Name    string
	Created time.Time
	// ProvisioningDisabled stops every token of the company without
	// deleting anything.
	ProvisioningDisabled bool
}

// Validate checks the company's fields.
func (c *Company) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return Invalid("company name is required")
	}
	return checkNameOf("company name", c.Name, 200)
}

// Connection is one provisioning client of a company (an identity
// provider, an HR system …) with its bearer token. Only a hash of the token
// is stored; the token itself is shown once, at creation.
//
// The label names the connection to the admin, so it is unique among the
// company's live connections, compared case-insensitively: two live
// "Okta" connections could not be told apart when one must be rotated or
// revoked, and a resubmitted form would mint a second working token. A
// connection is live while it is neither replaced by a rotation nor
// revoked (a revocation recorded for a later time included). A rotation
// hands the label on to the new connection that replaces the old one: the
// old token may keep working through its grace period, but the chain is
// one connection to the admin, under one name. A revoked connection frees
// its label, so that "Okta" can be connected anew after "Okta" was
// revoked. Taking a live label is LabelTaken (EConflict).
type Connection struct {
	ID        string
	CompanyID string
	Label     string
	TokenHash []byte
	Created   time.Time
	LastUsed  time.Time // zero when never used
	// RevokedAt is when the token stops working (zero: never). A rotated
	// token gets a RevokedAt in the future, its grace period.
	RevokedAt    time.Time
	RequestCount int64
}

// Validate checks the connection's fields.
func (c *Connection) Validate() error {
	// Trimmed, so that "Okta " is the live "Okta" the unique labels
	// refuse, not a second connection that looks like it.
	c.Label = strings.TrimSpace(c.Label)
	if c.Label == "" {
		return Invalid("connection label is required (for example \"Entra ID\" or \"Okta\")")
	}
	if err := checkNameOf("connection label", c.Label, 100); err != nil {
		return err
	}
	if len(c.TokenHash) != sha256.Size {
		return Invalid("connection token hash must be a SHA-256 hash")
	}
	return nil
}

// LabelTaken is the error for a label that a live connection of the
// company already has (see Connection).
func LabelTaken(label string) *Error {
	return Conflict("a connection named %q already exists; choose another name or rotate its token", label)
}

// Usable reports whether the connection's token is accepted at now.
func (c *Connection) Usable(now time.Time) bool {
	return c.RevokedAt.IsZero() || now.Before(c.RevokedAt)
}

// tokenPrefix marks roster tokens so that secret scanners can find leaks.
const tokenPrefix = "rst_"

// NewToken returns a new random bearer token (256 bits) and its hash.
func NewToken() (token string, hash []byte) { return newSecret(tokenPrefix) }

// newSecret returns a new random secret (256 bits) marked with prefix,
// and its hash (HashToken).
func newSecret(prefix string) (secret string, hash []byte) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("directory: no randomness: " + err.Error())
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, HashToken(secret)
}

// HashToken returns the stored form of a token. Tokens carry 256 random
// bits, so a fast unsalted hash cannot be brute-forced; it lets the token
// be found by an indexed lookup.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
