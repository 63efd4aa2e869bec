package directory

import "context"

// CallerCheck asks a store to read a token's caller again together with
// a read that a request makes: in the same transaction and, on
// PostgreSQL, in the same round trip. A request that runs with a caller
// remembered from an earlier one needs to know, before it answers,
// that the caller is still the same; read with the request's own read,
// that costs no round trip of its own.
//
// A store that reads it sets Read, and Caller and Err as
// CallerByTokenHash would return them. One that does not leaves Read
// false, and the request must ask CallerByTokenHash itself.
type CallerCheck struct {
	TokenHash []byte

	Read   bool
	Caller Caller
	Err    error
}

// CallerChecker is a store that honours a CallerCheck in its reads'
// context (WithCallerCheck) — where doing so saves a round trip.
type CallerChecker interface {
	ChecksCallers() bool
}

type callerCheckKey struct{}

// WithCallerCheck returns ctx carrying c: the first read made with it
// reads the caller too.
func WithCallerCheck(ctx context.Context, c *CallerCheck) context.Context {
	return context.WithValue(ctx, callerCheckKey{}, c)
}

// CallerCheckOf returns the check ctx carries that no read has done yet,
// or nil.
func CallerCheckOf(ctx context.Context) *CallerCheck {
	c, _ := ctx.Value(callerCheckKey{}).(*CallerCheck)
	if c == nil || c.Read {
		return nil
	}
	return c
}
