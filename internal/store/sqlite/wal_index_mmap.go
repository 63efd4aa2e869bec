//go:build unix

package sqlite

import (
	"os"
	"syscall"
)

// mapShared maps the first size bytes of f, shared and read only; nil if
// it cannot.
func mapShared(f *os.File, size int) []byte {
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil
	}
	return m
}

// unmap undoes mapShared.
func unmap(m []byte) error { return syscall.Munmap(m) }
