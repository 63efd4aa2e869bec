package httpapi_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"roster/internal/directory"
)

// A replay file is a recorded client conversation: requests in order, the
// status each must get and a subset of the JSON each response must hold.
// Values saved from a response ("save": {"user": "id"}) are substituted as
// ${user} in later paths, bodies and expectations; ${base} is the SCIM base
// URL.
type replayFile struct {
	Description string            `json:"description"`
	Headers     map[string]string `json:"headers"`
	// Attributes are company attributes an admin created beforehand.
	Attributes []struct {
		Name    string   `json:"name"`
		Type    string   `json:"type"`
		Aliases []string `json:"aliases"`
		Options []string `json:"options"`
	} `json:"attributes"`
	Steps []replayStep `json:"steps"`
}

type replayStep struct {
	Name        string            `json:"name"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	ContentType string            `json:"contentType"`
	Body        json.RawMessage   `json:"body"`
	Status      int               `json:"status"`
	Expect      json.RawMessage   `json:"expect"`
	Absent      []string          `json:"absent"`
	Save        map[string]string `json:"save"`
}

func TestReplayClients(t *testing.T) {
	files, err := filepath.Glob("../../testdata/clients/*/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no replay files found: %v", err)
	}
	for _, backend := range backends {
		for _, file := range files {
			name := strings.TrimSuffix(strings.TrimPrefix(file, "../../testdata/clients/"), ".json")
			t.Run(backend+"/"+name, func(t *testing.T) { replay(t, backend, file) })
		}
	}
}

func replay(t *testing.T, backend, file string) {
	e := newEnvOn(t, backend, nil)
	replayOn(t, e, e.token, readReplay(t, file))
}

func readReplay(t *testing.T, file string) replayFile {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rf replayFile
	if err := json.Unmarshal(raw, &rf); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return rf
}

// replayOn plays rf against e's server with the token.
func replayOn(t *testing.T, e *env, token string, rf replayFile) {
	for _, a := range rf.Attributes {
		e.newAttribute(a.Name, directory.AttributeType(a.Type), a.Aliases, a.Options)
	}
	vars := map[string]string{"base": e.srv.URL + "/scim/v2"}
	subst := func(s string) string {
		keys := make([]string, 0, len(vars))
		for k := range vars {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
		for _, k := range keys {
			s = strings.ReplaceAll(s, "${"+k+"}", vars[k])
		}
		return s
	}
	for i, step := range rf.Steps {
		ok := t.Run(fmt.Sprintf("%02d_%s", i+1, step.Name), func(t *testing.T) {
			header := map[string]string{}
			for k, v := range rf.Headers {
				header[k] = v
			}
			var body any
			if len(step.Body) > 0 {
				body = subst(string(step.Body))
				header["Content-Type"] = step.ContentType
			}
			r := e.doAs(token, step.Method, subst(step.Path), body, header)
			if body != nil && step.ContentType == "" {
				t.Fatalf("replay file: step with a body needs contentType")
			}
			if r.status != step.Status {
				t.Fatalf("%s %s: status %d, want %d; body %s", step.Method, step.Path, r.status, step.Status, r.raw)
			}
			for name, p := range step.Save {
				v, found := lookup(r.body, strings.Split(p, "/"))
				s, isString := v.(string)
				if !found || !isString {
					t.Fatalf("save %s: %s not a string in response %s", name, p, r.raw)
				}
				vars[name] = s
			}
			if len(step.Expect) > 0 {
				var want any
				if err := json.Unmarshal([]byte(subst(string(step.Expect))), &want); err != nil {
					t.Fatalf("replay file: expect: %v", err)
				}
				if err := subset(want, any(r.body), "$"); err != nil {
					t.Fatalf("%v\nresponse: %s", err, r.raw)
				}
			}
			for _, p := range step.Absent {
				if v, found := lookup(r.body, strings.Split(p, "/")); found {
					t.Errorf("%s is present (%v), want it absent", p, v)
				}
			}
		})
		if !ok {
			return // later steps depend on this one
		}
	}
}

// subset checks that got holds everything in want: objects may have more
// keys; arrays must have the same length, element by element.
func subset(want, got any, at string) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: got %v, want an object", at, got)
		}
		for k, wv := range w {
			gv, found := g[k]
			if !found {
				return fmt.Errorf("%s.%s: missing, want %v", at, k, wv)
			}
			if err := subset(wv, gv, at+"."+k); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: got %v, want an array", at, got)
		}
		if len(g) != len(w) {
			return fmt.Errorf("%s: got %d elements, want %d", at, len(g), len(w))
		}
		for i := range w {
			if err := subset(w[i], g[i], fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
		return nil
	default:
		if !equalJSON(want, got) {
			return fmt.Errorf("%s: got %v, want %v", at, got, want)
		}
		return nil
	}
}

func lookup(doc map[string]any, path []string) (any, bool) {
	var cur any = doc
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}
