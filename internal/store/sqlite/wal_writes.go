package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/sqlite/lib"
)

// The writer's WAL frames are written in one system call per commit (of
// up to 31 frames).
//
// SQLite writes each frame of a commit to the WAL as two pwrite(2)
// calls, its 24-byte header and its page: a sync's commit of some 30
// pages made 60 system calls, 18 % of the writer's CPU (profiled during
// an Entra-style sync; the writer is what a sync waits for). The VFS
// walWritesVFS is SQLite's own "unix" one but for the WAL file's
// writes: it gathers the writes that follow one another in the file and
// writes them together when SQLite next needs them written — before it
// syncs the file (a commit, with synchronous=FULL, syncs before it is
// visible to anyone), reads it, truncates it, asks its size or closes it,
// or when a write does not follow the ones gathered.
//
// A write gathered and not yet written is one SQLite has not synced, so
// nothing depends on it having reached the file: with synchronous=FULL
// (roster's writer, Open) a commit syncs before it is visible, and the
// sync writes what was gathered first. A commit that is not synced
// (synchronous NORMAL or OFF, as the store's benchmarks seed) is visible
// to readers as soon as SQLite updates the WAL index after writing its
// last frame, which it marks as the commit's in the frame's header: the
// write of that frame's page writes what was gathered.
//
// A frame is written as its 24-byte header and then its page; bytes 4–7
// of a commit frame's header (the database's size in pages after the
// commit) are not zero, and are zero in every other frame's.

// walWritesVFS is the name the VFS is registered under.
const walWritesVFS = "roster-wal-writes"

// maxGathered bounds what one WAL file gathers before writing it: SQLite's
// unix VFS writes at most 128 KiB - 1 a call (seekAndWriteFd masks the
// length with 0x1ffff), 31 frames of 4 KiB pages.
const maxGathered = 0x1ffff

var (
	registerOnce sync.Once
	registerErr  error

	// The VFS and the WAL file's methods: Go globals, whose addresses
	// SQLite keeps. walMethods is the first WAL file's methods with the
	// gathering ones put in; each file's own are kept (walFile.methods)
	// and what is gathered is passed on to them.
	walVFS     lib.Tsqlite3_vfs
	walMethods lib.Tsqlite3_io_methods

	// unixVFS is SQLite's own VFS, to which everything is passed on.
	unixVFS uintptr

	// gathering holds each open WAL file's gathered writes, by the
	// address of its sqlite3_file.
	gatheringMu sync.Mutex
	gathering   = map[uintptr]*walFile{}

	// walWrites counts the writes SQLite asked for and walWritten those
	// made (tests).
	walWrites, walWritten atomic.Int64
)

// The signatures of the VFS's functions that are passed on.
type (
	openFunc     = func(tls *libc.TLS, vfs, name, file uintptr, flags int32, outFlags uintptr) int32
	closeFunc    = func(tls *libc.TLS, file uintptr) int32
	readFunc     = func(tls *libc.TLS, file, data uintptr, n int32, off int64) int32 // xRead and xWrite
	truncateFunc = func(tls *libc.TLS, file uintptr, size int64) int32
	syncFunc     = func(tls *libc.TLS, file uintptr, flags int32) int32
	sizeFunc     = func(tls *libc.TLS, file, size uintptr) int32
	controlFunc  = func(tls *libc.TLS, file uintptr, op int32, arg uintptr) int32
)

// cMemory is what p, an address SQLite gave (of memory it allocated,
// outside Go's heap), points to.
func cMemory[T any](p uintptr) *T { return *(**T)(unsafe.Pointer(&p)) }

// cFunc is the Go function p, a function pointer of SQLite's, is: the
// form modernc's SQLite calls them in.
func cFunc[F any](p uintptr) F { return *(*F)(unsafe.Pointer(&p)) }

// setCFunc stores f in slot, a function pointer of SQLite's. f must be a
// top-level function: SQLite's memory holds it where Go's collector does
// not look.
func setCFunc[F any](slot *uintptr, f F) { *(*F)(unsafe.Pointer(slot)) = f }

// walFile is a WAL file's gathered writes: buf is to be written at off.
type walFile struct {
	methods *lib.Tsqlite3_io_methods // SQLite's own for the file
	off     int64
	buf     []byte
	// commitPage: the last write was a commit frame's header; its page,
	// next, is written with all gathered before it.
	commitPage bool
}

// frameHeaderSize is the size of a WAL frame's header.
const frameHeaderSize = 24

// registerWALWrites registers the VFS, once.
func registerWALWrites() error {
	registerOnce.Do(func() {
		tls := libc.NewTLS()
		defer tls.Close()
		unixVFS = lib.Xsqlite3_vfs_find(tls, 0)
		if unixVFS == 0 {
			registerErr = errors.New("sqlite: no default VFS")
			return
		}
		walVFS = *cMemory[lib.Tsqlite3_vfs](unixVFS)
		walVFS.FpNext = 0
		name, err := libc.CString(walWritesVFS)
		if err != nil {
			registerErr = err
			return
		}
		walVFS.FzName = name
		setCFunc[openFunc](&walVFS.FxOpen, walOpen)
		if rc := lib.Xsqlite3_vfs_register(tls, uintptr(unsafe.Pointer(&walVFS)), 0); rc != lib.SQLITE_OK {
			registerErr = fmt.Errorf("sqlite: registering the VFS: code %d", rc)
		}
	})
	return registerErr
}

// walOpen opens a file through SQLite's own VFS; a WAL file's writes are
// then gathered.
func walOpen(tls *libc.TLS, _, name, file uintptr, flags int32, outFlags uintptr) int32 {
	rc := cFunc[openFunc](cMemory[lib.Tsqlite3_vfs](unixVFS).FxOpen)(tls, unixVFS, name, file, flags, outFlags)
	f := cMemory[lib.Tsqlite3_file](file)
	if rc != lib.SQLITE_OK || flags&lib.SQLITE_OPEN_WAL == 0 || f.FpMethods == 0 {
		return rc
	}
	methods := cMemory[lib.Tsqlite3_io_methods](f.FpMethods)
	gatheringMu.Lock()
	if walMethods.FxClose == 0 {
		walMethods = *methods
		setCFunc[closeFunc](&walMethods.FxClose, walClose)
		setCFunc[readFunc](&walMethods.FxRead, walRead)
		setCFunc[readFunc](&walMethods.FxWrite, walWrite)
		setCFunc[truncateFunc](&walMethods.FxTruncate, walTruncate)
		setCFunc[syncFunc](&walMethods.FxSync, walSync)
		setCFunc[sizeFunc](&walMethods.FxFileSize, walFileSize)
		setCFunc[controlFunc](&walMethods.FxFileControl, walFileControl)
	}
	gathering[file] = &walFile{methods: methods}
	gatheringMu.Unlock()
	f.FpMethods = uintptr(unsafe.Pointer(&walMethods))
	return rc
}

// gatheredFor is the open WAL file at file.
func gatheredFor(file uintptr) *walFile {
	gatheringMu.Lock()
	defer gatheringMu.Unlock()
	return gathering[file]
}

// walFileOf is the open WAL file at file, with what it gathered written:
// what SQLite does with it next must find them in the file.
func walFileOf(tls *libc.TLS, file uintptr) (*walFile, int32) {
	w := gatheredFor(file)
	return w, w.write(tls, file)
}

// write writes what w gathered.
func (w *walFile) write(tls *libc.TLS, file uintptr) int32 {
	if len(w.buf) == 0 {
		return lib.SQLITE_OK
	}
	walWritten.Add(1)
	rc := cFunc[readFunc](w.methods.FxWrite)(tls, file, uintptr(unsafe.Pointer(&w.buf[0])), int32(len(w.buf)), w.off)
	w.buf = w.buf[:0]
	return rc
}

func walWrite(tls *libc.TLS, file, data uintptr, n int32, off int64) int32 {
	walWrites.Add(1)
	w := gatheredFor(file)
	if len(w.buf) > 0 && (off != w.off+int64(len(w.buf)) || len(w.buf)+int(n) > maxGathered) {
		if rc := w.write(tls, file); rc != lib.SQLITE_OK {
			return rc
		}
	}
	if len(w.buf) == 0 {
		w.off = off
	}
	written := unsafe.Slice(cMemory[byte](data), n)
	w.buf = append(w.buf, written...)
	if w.commitPage {
		w.commitPage = false
		return w.write(tls, file)
	}
	w.commitPage = n == frameHeaderSize && binary.BigEndian.Uint32(written[4:8]) != 0
	return lib.SQLITE_OK
}

func walRead(tls *libc.TLS, file, data uintptr, n int32, off int64) int32 {
	w, rc := walFileOf(tls, file)
	if rc != lib.SQLITE_OK {
		return rc
	}
	return cFunc[readFunc](w.methods.FxRead)(tls, file, data, n, off)
}

func walTruncate(tls *libc.TLS, file uintptr, size int64) int32 {
	w, rc := walFileOf(tls, file)
	if rc != lib.SQLITE_OK {
		return rc
	}
	return cFunc[truncateFunc](w.methods.FxTruncate)(tls, file, size)
}

func walSync(tls *libc.TLS, file uintptr, flags int32) int32 {
	w, rc := walFileOf(tls, file)
	if rc != lib.SQLITE_OK {
		return rc
	}
	return cFunc[syncFunc](w.methods.FxSync)(tls, file, flags)
}

func walFileSize(tls *libc.TLS, file, size uintptr) int32 {
	w, rc := walFileOf(tls, file)
	if rc != lib.SQLITE_OK {
		return rc
	}
	return cFunc[sizeFunc](w.methods.FxFileSize)(tls, file, size)
}

func walFileControl(tls *libc.TLS, file uintptr, op int32, arg uintptr) int32 {
	w, rc := walFileOf(tls, file)
	if rc != lib.SQLITE_OK {
		return rc
	}
	return cFunc[controlFunc](w.methods.FxFileControl)(tls, file, op, arg)
}

func walClose(tls *libc.TLS, file uintptr) int32 {
	w, rc := walFileOf(tls, file)
	gatheringMu.Lock()
	delete(gathering, file)
	gatheringMu.Unlock()
	if closed := cFunc[closeFunc](w.methods.FxClose)(tls, file); rc == lib.SQLITE_OK {
		rc = closed
	}
	return rc
}
