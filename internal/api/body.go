package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"roster/internal/jsonfault"
	"roster/internal/jsonstring"
)

// bodyDecoder reads the request's body, at most maxBody bytes, and
// returns a decoder of it that refuses unknown fields. A body that is not
// UTF-8, or whose strings escape a lone surrogate, is refused first: the
// decoder would read either as U+FFFD, and a survey would be named with a
// character its client never sent.
func bodyDecoder(w http.ResponseWriter, r *http.Request) (*json.Decoder, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	if err := jsonstring.CheckText(body); err != nil {
		return nil, fmt.Errorf("the body is not valid JSON text: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec, nil
}

// writeBodyProblem answers a body bodyDecoder or its decoding refused:
// 413 for one over maxBody, else 400 saying what the body must be (want)
// and what is wrong with it in the client's terms — the JSON field and
// the kind of value, never the Go type it was read into.
func writeBodyProblem(w http.ResponseWriter, err error, want string) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeProblem(w, http.StatusRequestEntityTooLarge, "the body is larger than the limit of %d bytes", tooLarge.Limit)
		return
	}
	writeProblem(w, http.StatusBadRequest, "the body must be %s: %s", want, jsonfault.Describe(err, "it"))
}
