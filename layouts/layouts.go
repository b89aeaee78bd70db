// Package layouts says what goes where on each role's install media and on
// the installed node, so that the kickstarts, the ISO writer and the PXE
// tree agree on one set of paths. Subpackages pack the media (iso).
package layouts

// Paths on the install media (ISO root, OEMDRV volume or PXE tree root).
const (
	// Dir holds everything rockyiso adds to the base media.
	Dir = "rockyiso"
	// RepoDir is the role's yum repository (with repodata/).
	RepoDir = Dir + "/repo"
	// FirstbootBin is the static firstboot binary.
	FirstbootBin = Dir + "/firstboot"
	// NodesDir holds one node bundle per host: NodesDir/<host>.json.
	NodesDir = Dir + "/nodes"
	// Kickstart is the role kickstart's name, at the media root and at the
	// root of the initrd overlay (booted with inst.ks=file:/ks.cfg).
	Kickstart = "ks.cfg"
)

// Paths on the installed node.
const (
	// NodeFirstboot is where %post installs the firstboot binary.
	NodeFirstboot = "/usr/local/sbin/rockyiso-firstboot"
	// NodeBundle is the node's bundle (mode 0600).
	NodeBundle = "/etc/rockyiso/node.json"
	// NodeUnit is the systemd unit that runs firstboot once.
	NodeUnit = "rockyiso-firstboot.service"
	// NodeState is firstboot's journal.
	NodeState = "/var/lib/rockyiso/firstboot.json"
	// InstallRepo is where anaconda mounts the install media.
	InstallRepo = "/run/install/repo"
)
