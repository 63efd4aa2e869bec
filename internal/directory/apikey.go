package directory

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"slices"
	"strings"
	"time"
)

// APIKey is an operator-level credential for the product API (/api/v1),
// used by services such as the survey engine. Unlike a connection token it
// belongs to no company: every request names its company, and the key
// reaches every company unless Companies lists the ones it may see.
// Only the key's SHA-256 hash is stored.
type APIKey struct {
	ID    string
	Label string
	// Companies, when not empty, are the ids of the only companies the
	// key may see; empty means every company.
	Companies []string
	Hash      []byte
	Created   time.Time
	// LastUsed is the last request made with the key (zero: never).
	LastUsed time.Time
	// RevokedAt is when the key stopped working (zero: live).
	RevokedAt time.Time
}

// apiKeyPrefix marks API keys, distinct from connection tokens'
// tokenPrefix, so that a leak is recognised and neither kind of secret is
// ever accepted as the other (IsAPIKey).
const apiKeyPrefix = "rak_"

// NewAPIKey returns a new random API key (256 bits) and its hash.
func NewAPIKey() (key string, hash []byte) { return newSecret(apiKeyPrefix) }

// HashAPIKey returns the stored form of a key: HashToken's (see there
// why a fast unsalted hash suffices).
func HashAPIKey(key string) []byte { return HashToken(key) }

// IsAPIKey reports whether s has the form of an API key; a connection
// token never does, so a SCIM token is refused by the product API before
// any lookup.
func IsAPIKey(s string) bool { return strings.HasPrefix(s, apiKeyPrefix) }

// IsConnectionToken reports whether s has the form of a connection token;
// an API key never does.
func IsConnectionToken(s string) bool { return strings.HasPrefix(s, tokenPrefix) }

// Validate checks the key's fields.
func (k *APIKey) Validate() error {
	k.Label = strings.TrimSpace(k.Label)
	if k.Label == "" {
		return Invalid("API key label is required (for example \"survey engine\")")
	}
	if err := checkNameOf("API key label", k.Label, 100); err != nil {
		return err
	}
	if len(k.Hash) != sha256.Size {
		return Invalid("API key hash must be a SHA-256 hash")
	}
	for _, c := range k.Companies {
		if c == "" || !StorableText(c) {
			return Invalid("API key company ids must not be empty")
		}
	}
	return nil
}

// Matches reports whether key is this key, comparing hashes in constant
// time (the store found the row by an index on the hash; this keeps the
// final decision free of timing differences).
func (k *APIKey) Matches(key string) bool {
	return subtle.ConstantTimeCompare(k.Hash, HashAPIKey(key)) == 1
}

// Usable reports whether the key is accepted at now.
func (k *APIKey) Usable(now time.Time) bool {
	return k.RevokedAt.IsZero() || now.Before(k.RevokedAt)
}

// Allows reports whether the key may see the company.
func (k *APIKey) Allows(companyID string) bool {
	return len(k.Companies) == 0 || slices.Contains(k.Companies, companyID)
}

// APIKeyStore keeps API keys.
type APIKeyStore interface {
	// CreateAPIKey stores k (k.ID and k.Hash set), filling in Created when
	// it is zero. Every listed company must exist (else ENotFound).
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// APIKeyByHash finds the key with the hash, revoked or not; callers
	// check Usable. No such key is ENotFound.
	APIKeyByHash(ctx context.Context, hash []byte) (APIKey, error)
	// APIKeys lists every key, oldest first.
	APIKeys(ctx context.Context) ([]APIKey, error)
	// RevokeAPIKey makes the key stop working at at; an unknown id is
	// ENotFound.
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error
	// RecordAPIKeyUse moves LastUsed forward to at (never back).
	RecordAPIKeyUse(ctx context.Context, id string, at time.Time) error
}
