package site

import (
	"encoding/json"
	"fmt"
)

// NodeVersion is the version of the node bundle format.
const NodeVersion = 1

// Node is the bundle firstboot reads on a node (node.json): the whole site
// (every node's configuration names the others), the host it runs on and
// only the secrets that host's roles need.
type Node struct {
	Version int     `json:"version"`
	Host    string  `json:"host"`
	Site    *Site   `json:"site"`
	Secrets Secrets `json:"secrets"`
}

// NewNode builds the bundle for host name, filtering the secrets.
func NewNode(s *Site, name string, all Secrets) (*Node, error) {
	h := s.Host(name)
	if h == nil {
		return nil, fmt.Errorf("building node bundle: no host %q in site %s", name, s.Name)
	}
	sec, err := all.ForRoles(h.Roles)
	if err != nil {
		return nil, fmt.Errorf("building node bundle for %s: %w", name, err)
	}
	return &Node{Version: NodeVersion, Host: name, Site: s, Secrets: sec}, nil
}

// Self returns the node's own host entry.
func (n *Node) Self() *Host { return n.Site.Host(n.Host) }

// MarshalIndent encodes the bundle as indented JSON with a final newline.
func (n *Node) MarshalIndent() ([]byte, error) {
	b, err := json.MarshalIndent(n, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding node bundle: %w", err)
	}
	return append(b, '\n'), nil
}

// MarshalJSON writes the secrets' values: node.json is the one place they
// travel, as a 0600 file.
func (s Secrets) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string(s))
}

// ParseNode decodes node.json.
func ParseNode(data []byte) (*Node, error) {
	var n Node
	if err := json.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("parsing node bundle: %w", err)
	}
	if n.Version != NodeVersion {
		return nil, fmt.Errorf("parsing node bundle: version %d, want %d", n.Version, NodeVersion)
	}
	if n.Site == nil || n.Self() == nil {
		return nil, fmt.Errorf("parsing node bundle: host %q is not in its site", n.Host)
	}
	return &n, nil
}
