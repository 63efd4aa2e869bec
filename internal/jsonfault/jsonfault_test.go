package jsonfault

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
)

// WrongType says each kind of mismatch in JSON's terms, whatever Go type
// the value was read into.
func TestWrongType(t *testing.T) {
	var into struct {
		Name  string   `json:"name"`
		Count *int     `json:"count"`
		Ratio float64  `json:"ratio"`
		On    bool     `json:"on"`
		List  []string `json:"list"`
		Obj   struct{} `json:"obj"`
	}
	for body, want := range map[string]string{
		`{"name":5}`:     `"name" must be a string, not a number`,
		`{"count":"1"}`:  `"count" must be an integer, not a string`,
		`{"count":1.5}`:  `"count" must be an integer, not a number 1.5`,
		`{"ratio":true}`: `"ratio" must be a number, not a bool`,
		`{"on":"yes"}`:   `"on" must be true or false, not a string`,
		`{"list":{}}`:    `"list" must be an array, not an object`,
		`{"obj":[]}`:     `"obj" must be an object, not an array`,
		`{"list":[1]}`:   `"list" must be a string, not a number`,
	} {
		err := json.Unmarshal([]byte(body), &into)
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			t.Errorf("%s: %v is no type error", body, err)
			continue
		}
		if got := WrongType(te, strconv.Quote(te.Field)); got != want {
			t.Errorf("%s: %q; want %q", body, got, want)
		}
	}
}

// Describe names the field, or the whole body, and leaves other faults
// as encoding/json words them, without its prefix.
func TestDescribe(t *testing.T) {
	var into struct {
		Count int `json:"count"`
	}
	for body, want := range map[string]string{
		`{"count":"x"}`: `"count" must be an integer, not a string`,
		`"x"`:           `the body must be an object, not a string`,
		`{"count":1`:    `unexpected end of JSON input`,
	} {
		if got := Describe(json.Unmarshal([]byte(body), &into), "the body"); got != want {
			t.Errorf("%s: %q; want %q", body, got, want)
		}
	}
}
