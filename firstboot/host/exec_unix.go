package host

import (
	"os/exec"
	"syscall"
	"time"
)

// killGroup runs the command in its own process group and, when its
// context ends, kills the whole group: `su -c "nova-manage ..."` leaves no
// orphan behind a step's timeout.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
}
