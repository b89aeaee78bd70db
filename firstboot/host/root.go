package host

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/google/renameio/v2"
)

// Owner is a file's owner, group and permission bits, e.g.
// {"root", "keystone", 0o640}.
type Owner struct {
	User  string
	Group string
	Mode  fs.FileMode
}

// String is "root:keystone 0640".
func (o Owner) String() string {
	return fmt.Sprintf("%s:%s %04o", o.User, o.Group, o.Mode.Perm())
}

// Root is the machine's file system seen from Dir ("/" on a node, a
// temporary directory in tests, the output of `firstboot render`).
type Root struct {
	// Dir is the directory every host path is resolved under.
	Dir string
	// Chown applies owners and groups, looked up in Dir's /etc/passwd and
	// /etc/group. When false (tests, render) they are only recorded.
	Chown bool

	mu     sync.Mutex
	owners map[string]Owner
}

// NewRoot returns a Root at dir that records ownership instead of
// applying it; set Chown to apply it.
func NewRoot(dir string) *Root { return &Root{Dir: dir} }

// Path maps a host path to the file system, lexically confined to Dir.
func (r *Root) Path(p string) string {
	return filepath.Join(r.Dir, filepath.Clean("/"+p))
}

// ReadFile reads a host file; a missing file's error matches
// fs.ErrNotExist.
func (r *Root) ReadFile(p string) ([]byte, error) {
	b, err := os.ReadFile(r.Path(p))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", p, err)
	}
	return b, nil
}

// Exists reports whether the host path exists (as anything).
func (r *Root) Exists(p string) bool {
	_, err := os.Lstat(r.Path(p))
	return err == nil
}

// WriteFile writes a host file atomically (temporary file in the same
// directory, fsync, rename) with the given owner, group and mode, creating
// missing parent directories (0755).
func (r *Root) WriteFile(p string, data []byte, o Owner) error {
	full := r.Path(p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	f, err := renameio.NewPendingFile(full, renameio.WithPermissions(o.Mode.Perm()))
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	defer f.Cleanup() //nolint:errcheck // a no-op after CloseAtomicallyReplace
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	if err := r.own(f.Chown, p, o); err != nil {
		return err
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}

// Matches reports whether the host file holds exactly data with owner o.
func (r *Root) Matches(p string, data []byte, o Owner) bool {
	b, err := os.ReadFile(r.Path(p))
	if err != nil || !bytes.Equal(b, data) {
		return false
	}
	got, err := r.Owner(p)
	return err == nil && got == o
}

// Owner returns a file's owner: the recorded one when Chown is off, else
// the one on disk.
func (r *Root) Owner(p string) (Owner, error) {
	fi, err := os.Stat(r.Path(p))
	if err != nil {
		return Owner{}, fmt.Errorf("reading owner of %s: %w", p, err)
	}
	if !r.Chown {
		r.mu.Lock()
		defer r.mu.Unlock()
		o, ok := r.owners[p]
		if !ok {
			return Owner{}, fmt.Errorf("reading owner of %s: not recorded", p)
		}
		o.Mode = fi.Mode().Perm()
		return o, nil
	}
	return r.ownerOnDisk(fi)
}

// Symlink makes link point at target (an absolute host path, kept as is:
// it resolves on the node). An existing link to target is left alone;
// anything else at link is replaced atomically.
func (r *Root) Symlink(target, link string) error {
	full := r.Path(link)
	if got, err := os.Readlink(full); err == nil && got == target {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("linking %s: %w", link, err)
	}
	tmp := full + ".rockyiso-tmp"
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("linking %s: %w", link, err)
	}
	if err := os.Rename(tmp, full); err != nil {
		return fmt.Errorf("linking %s: %w", link, err)
	}
	return nil
}

// Readlink returns a symlink's target.
func (r *Root) Readlink(link string) (string, error) {
	t, err := os.Readlink(r.Path(link))
	if err != nil {
		return "", fmt.Errorf("reading link %s: %w", link, err)
	}
	return t, nil
}

func (r *Root) own(chown func(uid, gid int) error, p string, o Owner) error {
	if !r.Chown {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.owners == nil {
			r.owners = map[string]Owner{}
		}
		r.owners[p] = Owner{User: o.User, Group: o.Group}
		return nil
	}
	uid, err := r.lookup(Passwd, o.User)
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	gid, err := r.lookup(Group, o.Group)
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	if err := chown(uid, gid); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}

// ErrNoSuchName is returned for a user or group missing from the root's
// /etc/passwd or /etc/group.
var ErrNoSuchName = errors.New("host: no such user or group")

// idEntry is one line of passwd(5) or group(5): a name and its id.
type idEntry struct {
	name string
	id   int
}

// lookup finds name's id in a passwd(5)/group(5) file under the root.
func (r *Root) lookup(file, name string) (int, error) {
	es, err := r.ids(file)
	if err != nil {
		return 0, err
	}
	for _, e := range es {
		if e.name == name {
			return e.id, nil
		}
	}
	return 0, fmt.Errorf("looking up %s in %s: %w", name, file, ErrNoSuchName)
}

// nameOf is lookup's inverse; it falls back to the number.
func (r *Root) nameOf(file string, id int) string {
	es, _ := r.ids(file)
	for _, e := range es {
		if e.id == id {
			return e.name
		}
	}
	return strconv.Itoa(id)
}

func (r *Root) ids(file string) ([]idEntry, error) {
	b, err := r.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var es []idEntry
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), ":")
		if len(f) < 3 {
			continue
		}
		if id, err := strconv.Atoi(f[2]); err == nil {
			es = append(es, idEntry{f[0], id})
		}
	}
	return es, nil
}
