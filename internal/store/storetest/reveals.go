package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// revealEnv is a signed-in session with a new connection's token to show.
type revealEnv struct {
	sess   directory.Session
	conn   directory.Connection
	token  string
	reveal *directory.Reveal
	key    []byte
}

// newReveal stores the reveal of a new connection's token, created at now.
func (e *env) newReveal(now time.Time) revealEnv {
	e.t.Helper()
	c := e.company("Acme")
	a := e.admin(c.ID, "ada@"+c.ID+".example")
	r := revealEnv{sess: e.session(a.ID, now.Add(time.Hour))}
	r.token, _ = directory.NewToken()
	r.conn = e.connection(c.ID, "Okta")
	r.reveal, r.key = directory.NewReveal(r.sess.TokenHash, r.conn.ID, r.token, now)
	if err := e.s.CreateReveal(e.ctx, r.reveal, now); err != nil {
		e.t.Fatalf("CreateReveal: %v", err)
	}
	return r
}

// revealTests: a new token is shown once, to the session that made it,
// before it expires (directory.RevealStore).
var revealTests = []test{
	{"ConsumeOnce", func(t *testing.T, e *env) {
		now := time.Now().UTC().Truncate(time.Microsecond)
		r := e.newReveal(now)
		got, err := e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if token, err := got.Open(r.key); err != nil || token != r.token {
			t.Errorf("opened %q, %v; want the token", token, err)
		}
		if got.ConnectionID != r.conn.ID || got.Rotated() || !got.Created.Equal(now) || !got.Expires.Equal(now.Add(directory.RevealLifetime)) || !got.Shown.Equal(now.Add(time.Minute)) {
			t.Errorf("consumed reveal = %+v", got)
		}
		_, err = e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now.Add(2*time.Minute))
		wantCode(t, err, directory.EConflict)
	}},
	{"Rotation", func(t *testing.T, e *env) {
		now := time.Now().UTC().Truncate(time.Microsecond)
		c := e.company("Acme")
		sess := e.session(e.admin(c.ID, "ada@acme.example").ID, now.Add(time.Hour))
		rv, _ := directory.NewReveal(sess.TokenHash, e.connection(c.ID, "Okta").ID, "rst_x", now)
		rv.OldUntil = now.Add(24 * time.Hour)
		if err := e.s.CreateReveal(e.ctx, rv, now); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.ConsumeReveal(e.ctx, rv.ID, sess.TokenHash, now)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Rotated() || !got.OldUntil.Equal(rv.OldUntil) {
			t.Errorf("OldUntil = %v; want %v", got.OldUntil, rv.OldUntil)
		}
	}},
	{"OtherSessionNotFound", func(t *testing.T, e *env) {
		now := time.Now()
		r := e.newReveal(now)
		other := e.newReveal(now)
		_, err := e.s.ConsumeReveal(e.ctx, r.reveal.ID, other.sess.TokenHash, now)
		wantCode(t, err, directory.ENotFound)
		_, err = e.s.ConsumeReveal(e.ctx, directory.NewID(), r.sess.TokenHash, now)
		wantCode(t, err, directory.ENotFound)
		// The stranger's attempt did not use it up.
		if _, err := e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now); err != nil {
			t.Errorf("the session's own reveal after a stranger's attempt: %v", err)
		}
	}},
	{"ExpiredNotFound", func(t *testing.T, e *env) {
		now := time.Now()
		r := e.newReveal(now)
		_, err := e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now.Add(directory.RevealLifetime))
		wantCode(t, err, directory.ENotFound)
	}},
	{"ExpiredArePurged", func(t *testing.T, e *env) {
		now := time.Now()
		r := e.newReveal(now)
		e.newReveal(now.Add(directory.RevealLifetime)) // deletes r's row
		_, err := e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now)
		wantCode(t, err, directory.ENotFound)
	}},
	{"GoWithTheSession", func(t *testing.T, e *env) {
		now := time.Now()
		r := e.newReveal(now)
		if err := e.s.DeleteSession(e.ctx, r.sess.TokenHash); err != nil {
			t.Fatal(err)
		}
		_, err := e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now)
		wantCode(t, err, directory.ENotFound)
	}},
	{"Refused", func(t *testing.T, e *env) {
		now := time.Now()
		r := e.newReveal(now)
		_, hash := directory.NewToken()
		unknown, _ := directory.NewReveal(hash, r.conn.ID, "rst_x", now)
		wantCode(t, e.s.CreateReveal(e.ctx, unknown, now), directory.ENotFound)
		empty := *r.reveal
		empty.ID, empty.Sealed = directory.NewID(), nil
		wantCode(t, e.s.CreateReveal(e.ctx, &empty, now), directory.EInvalid)
		wantCode(t, e.s.CreateReveal(e.ctx, r.reveal, now), directory.EConflict)
	}},
	{"ConcurrentConsumersOneGetsIt", func(t *testing.T, e *env) {
		now := time.Now()
		r := e.newReveal(now)
		errs := make([]error, 4)
		Concurrently(len(errs), func(i int) {
			_, errs[i] = e.s.ConsumeReveal(e.ctx, r.reveal.ID, r.sess.TokenHash, now)
		})
		shown := 0
		for _, err := range errs {
			switch directory.ErrorCode(err) {
			case "":
				if err != nil {
					t.Errorf("concurrent consume: %v", err)
				}
				shown++
			case directory.EConflict:
			default:
				t.Errorf("concurrent consume: %v; want EConflict", err)
			}
		}
		if shown != 1 {
			t.Errorf("the token was handed out %d times; want once", shown)
		}
	}},
}
