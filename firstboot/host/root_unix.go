package host

import (
	"fmt"
	"io/fs"
	"syscall"
)

func (r *Root) ownerOnDisk(fi fs.FileInfo) (Owner, error) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return Owner{}, fmt.Errorf("reading owner of %s: no stat data", fi.Name())
	}
	return Owner{
		User:  r.nameOf(Passwd, int(st.Uid)),
		Group: r.nameOf(Group, int(st.Gid)),
		Mode:  fi.Mode().Perm(),
	}, nil
}
