package loadgen

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ProcessRSS returns a reader of process pid's resident memory (VmRSS in
// /proc, Linux).
func ProcessRSS(pid int) func() (int64, error) {
	return func() (int64, error) {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			return 0, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				return kb << 10, err
			}
		}
		return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
}
