package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"roster/internal/directory"
)

// PasswordParams is the cost of argon2id (RFC 9106).
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultPasswordParams is OWASP's first recommended argon2id
// configuration (19 MiB, 2 passes, 1 lane): about 30 ms on one core.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// MinPasswordLength is the shortest password accepted, in characters;
	// length matters more than character classes (NIST SP 800-63B).
	MinPasswordLength = 10
	maxPasswordLength = 1024
)

// CheckPassword returns an EInvalid error for a password too short or
// too long to accept.
func CheckPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		return directory.Invalid("the password must be at least %d characters long", MinPasswordLength)
	}
	if len(pw) > maxPasswordLength {
		return directory.Invalid("the password may hold at most %d bytes", maxPasswordLength)
	}
	return nil
}

// HashPassword returns pw's argon2id hash in PHC string form:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(pw string, p PasswordParams) string {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		panic("web: no randomness: " + err.Error())
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// VerifyPassword reports whether pw matches the PHC hash, using the cost
// recorded in the hash (so that a changed default keeps old hashes valid).
func VerifyPassword(pw, hash string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	// Bounds keep a corrupt hash from asking for gigabytes.
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 10 || p.Threads == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewAdmin checks the password and returns a new admin of the company
// with the password hashed, ready for Store.CreateAdmin.
func NewAdmin(companyID, email, password string, p PasswordParams) (*directory.Admin, error) {
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	a := &directory.Admin{ID: directory.NewID(), CompanyID: companyID, Email: strings.TrimSpace(email)}
	a.PasswordHash = "$pending" // Validate checks the email first; hashing is the slow part
	if err := a.Validate(); err != nil {
		return nil, err
	}
	a.PasswordHash = HashPassword(password, p)
	return a, nil
}
