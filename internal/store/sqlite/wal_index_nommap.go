//go:build !unix

package sqlite

import "os"

// mapShared maps nothing where there is no mmap: the WAL index's header
// is read with pread.
func mapShared(*os.File, int) []byte { return nil }

// unmap undoes mapShared.
func unmap([]byte) error { return nil }
