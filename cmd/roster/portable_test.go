package main

import (
	"os"
	"os/exec"
	"testing"
)

// roster builds for the systems a developer may run its quick start on,
// not only this one: a file that uses a unix system call without its
// build constraint broke the Windows build once (the WAL index's mapped
// page). Each build is a few seconds once Go's build cache holds the
// dependencies, under a minute without.
func TestBuildsForOtherSystems(t *testing.T) {
	if testing.Short() {
		t.Skip("builds roster for other systems")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build with")
	}
	for _, target := range []struct{ goos, goarch string }{
		{"windows", "amd64"},
		{"darwin", "arm64"},
	} {
		t.Run(target.goos+"/"+target.goarch, func(t *testing.T) {
			cmd := exec.Command(goTool, "build", "-o", os.DevNull, ".")
			cmd.Env = append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("roster does not build for %s/%s: %v\n%s", target.goos, target.goarch, err, out)
			}
		})
	}
}
