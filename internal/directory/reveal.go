package directory

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"time"
)

// RevealLifetime is how long a new token waits to be shown, and how long
// its reveal then remembers that it was shown.
const RevealLifetime = 10 * time.Minute

// revealKeySize is the AES-256 key size.
const revealKeySize = 32

// Reveal carries a new bearer token from the console request that minted
// it to the page that shows it, once (post/redirect/get): the POST stores
// a Reveal and redirects, the GET consumes it. The redirected GET may
// reach another roster instance, so the reveal is in the store, not in a
// process's memory.
//
// The store never holds a usable token: Sealed is the token encrypted
// under a fresh random key that only the admin's browser holds (in a
// cookie). The key alone is useless without the row, and the row is
// useless without the key.
type Reveal struct {
	ID string
	// SessionHash is the TokenHash of the console session that created
	// the reveal; only that session can consume it.
	SessionHash  []byte
	ConnectionID string
	// Sealed is the token sealed by AES-256-GCM (nonce first), with the
	// reveal and connection ids as additional data; nil once shown.
	Sealed []byte
	// OldUntil is, for a rotation, when the replaced token stops working
	// (at Created or earlier: at once); zero for a new connection.
	OldUntil time.Time
	Created  time.Time
	Expires  time.Time
	// Shown is when the token was shown; zero until then.
	Shown time.Time
}

// NewReveal seals token for the session and returns the reveal and the
// key that opens it, which the caller hands to the browser only.
func NewReveal(sessionHash []byte, connectionID, token string, now time.Time) (*Reveal, []byte) {
	r := &Reveal{ID: NewID(), SessionHash: sessionHash, ConnectionID: connectionID,
		Created: now, Expires: now.Add(RevealLifetime)}
	key := make([]byte, revealKeySize)
	nonce := make([]byte, 12)
	if _, err := rand.Read(key); err != nil {
		panic("directory: no randomness: " + err.Error())
	}
	if _, err := rand.Read(nonce); err != nil {
		panic("directory: no randomness: " + err.Error())
	}
	r.Sealed = r.aead(key).Seal(nonce, nonce, []byte(token), r.additionalData())
	return r, key
}

// Rotated reports whether the token replaces an older one.
func (r *Reveal) Rotated() bool { return !r.OldUntil.IsZero() }

// Open returns the sealed token; a wrong key, a shown reveal or altered
// data is EInvalid.
func (r *Reveal) Open(key []byte) (string, error) {
	if len(key) != revealKeySize || len(r.Sealed) < 12 {
		return "", Invalid("the token cannot be unsealed")
	}
	token, err := r.aead(key).Open(nil, r.Sealed[:12], r.Sealed[12:], r.additionalData())
	if err != nil {
		return "", Invalid("the token cannot be unsealed")
	}
	return string(token), nil
}

// additionalData binds the sealed token to its reveal and connection: a
// sealed token copied into another row does not open.
func (r *Reveal) additionalData() []byte { return []byte(r.ID + "\x00" + r.ConnectionID) }

func (r *Reveal) aead(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err == nil {
		var g cipher.AEAD
		if g, err = cipher.NewGCM(block); err == nil {
			return g
		}
	}
	panic("directory: AES-GCM: " + err.Error()) // only for a key of the wrong size, checked above
}

// Validate checks what the store needs of a new reveal.
func (r *Reveal) Validate() error {
	if r.ID == "" || len(r.SessionHash) == 0 || r.ConnectionID == "" {
		return Invalid("a reveal needs an id, a session and a connection")
	}
	if len(r.Sealed) == 0 || !r.Shown.IsZero() {
		return Invalid("a new reveal holds a sealed token")
	}
	if !r.Expires.After(r.Created) {
		return Invalid("a reveal must expire after it is created")
	}
	return nil
}

// RevealStore keeps the reveals of new tokens. It is part of Store.
//
// A reveal is shown at most once, across instances: ConsumeReveal takes
// the sealed token and clears it in one transaction, so that of two
// concurrent GETs (a double click, two instances) exactly one gets it.
// Callers must not keep a Sealed token or its key beyond the request.
type RevealStore interface {
	// CreateReveal stores r (valid: see Reveal.Validate) for the existing
	// session r.SessionHash (else ENotFound) and, in the same
	// transaction, deletes every reveal expired at now. Reveals are
	// deleted with their session, too.
	CreateReveal(ctx context.Context, r *Reveal, now time.Time) error
	// ConsumeReveal returns the reveal id of the session sessionHash,
	// unexpired at now, with its Sealed token and Shown = now, and in the
	// same transaction marks it shown in the store, whose copy of Sealed
	// it clears. An unknown id, another session's and an
	// expired one are ENotFound; one already shown is EConflict (so the
	// console can tell a reload from a stranger's link).
	ConsumeReveal(ctx context.Context, id string, sessionHash []byte, now time.Time) (Reveal, error)
}
