package directory_test

import (
	"bytes"
	"testing"
	"time"

	"roster/internal/directory"
)

// TestRevealSeal: only the key opens the sealed token, only in its own
// reveal, and the sealed bytes do not hold the token.
func TestRevealSeal(t *testing.T) {
	token, _ := directory.NewToken()
	now := time.Now()
	r, key := directory.NewReveal([]byte("session"), "conn-1", token, now)
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(r.Sealed, []byte(token)) || bytes.Contains(r.Sealed, []byte(token[4:])) {
		t.Fatal("the sealed token holds the token in clear")
	}
	if got, err := r.Open(key); err != nil || got != token {
		t.Fatalf("Open = %q, %v; want the token", got, err)
	}
	if !r.Expires.Equal(now.Add(directory.RevealLifetime)) || r.Rotated() {
		t.Errorf("reveal = %+v", r)
	}
	other, otherKey := directory.NewReveal([]byte("session"), "conn-1", token, now)
	if bytes.Equal(key, otherKey) || other.ID == r.ID {
		t.Fatal("two reveals share a key or an id")
	}
	moved := *r
	moved.ConnectionID = "conn-2"
	flipped := *r
	flipped.Sealed = bytes.Clone(r.Sealed)
	flipped.Sealed[len(flipped.Sealed)-1] ^= 1
	shown := *r
	shown.Sealed = nil
	for name, c := range map[string]struct {
		r   *directory.Reveal
		key []byte
	}{
		"WrongKey":        {r, otherKey},
		"NoKey":           {r, nil},
		"OtherConnection": {&moved, key},
		"Altered":         {&flipped, key},
		"Shown":           {&shown, key},
	} {
		if got, err := c.r.Open(c.key); directory.ErrorCode(err) != directory.EInvalid || got != "" {
			t.Errorf("%s: Open = %q, %v; want EInvalid", name, got, err)
		}
	}
}
