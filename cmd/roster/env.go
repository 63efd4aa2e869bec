package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"time"
)

// Every flag of roster's commands may be set from the environment: its
// usage names the variable, "(env ROSTER_ADDR)". fromEnv reads each
// variable through its flag, before the command line is parsed (which
// overrides it), so that a value the flag would refuse on the command
// line is refused from the environment too — an operator's
// ROSTER_REQUEST_TIMEOUT=30 (no unit) or ROSTER_RATE_LIMIT=0.5 must not
// silently become the default.

// envInUsage finds the variable a flag's usage names.
var envInUsage = regexp.MustCompile(`\(env (ROSTER_[A-Z0-9_]+)`)

// envName is the environment variable of flag f, or "".
func envName(f *flag.Flag) string {
	if m := envInUsage.FindStringSubmatch(f.Usage); m != nil {
		return m[1]
	}
	return ""
}

// envOr returns the environment variable's value, or def when unset or
// empty: for values a command reads other than through a flag.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// fromEnv sets each flag of fs whose variable is set, and not empty, to
// the variable's value; a value the flag refuses is a usage error naming
// the variable.
func fromEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f)
		v := envOr(name, "")
		if err != nil || name == "" || v == "" {
			return
		}
		if fs.Set(f.Name, v) != nil {
			err = usageError{fmt.Sprintf("%s=%q is not a value of --%s, which takes %s", name, v, f.Name, valueKind(f))}
		}
	})
	return err
}

// valueKind says what values flag f takes, for people.
func valueKind(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return "another value"
	}
	switch g.Get().(type) {
	case time.Duration:
		return "a duration with its unit, such as 30s or 2m"
	case int, int64:
		return "a whole number"
	case float64:
		return "a number, such as 100 or 0.5"
	case bool:
		return "true or false"
	}
	return "another value"
}
