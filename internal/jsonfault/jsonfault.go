// Package jsonfault says, in JSON's terms, what was wrong with a value
// encoding/json could not read into its Go type — `"failOnErrors" must be
// an integer, not a string` — where json.UnmarshalTypeError's own message
// names the Go type and the struct it was read into, which mean nothing
// to the client that sent it. The SCIM Bulk parser and the product API
// say it alike.
package jsonfault

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// WrongType is te told the client: the value at field (as the client
// should read it: `"name"`, or "the body") must be of its Go type's JSON
// kind, not the kind sent.
func WrongType(te *json.UnmarshalTypeError, field string) string {
	return fmt.Sprintf("%s must be %s, not %s", field, Kind(te.Type), withArticle(te.Value))
}

// Describe says what is wrong with a body encoding/json could not read:
// a value of the wrong kind as WrongType tells it, at its field quoted,
// or at whole ("the body") when it is the body itself; any other fault
// as encoding/json words it, without its "json: " prefix.
func Describe(err error, whole string) string {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return WrongType(te, strconv.Quote(te.Field))
	case errors.As(err, &te):
		return WrongType(te, whole)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// Kind names the JSON value a Go type is read from.
func Kind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// withArticle puts "a" or "an" before an encoding/json value kind
// ("number", "array", "number 1.5").
func withArticle(kind string) string {
	if kind != "" && strings.IndexAny(kind[:1], "aeiou") == 0 {
		return "an " + kind
	}
	return "a " + kind
}
