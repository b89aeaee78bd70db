package iso

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// node is one file, directory or symbolic link of an image.
type node struct {
	name     string // Rock Ridge name; "" for the root
	mode     fs.FileMode
	link     string // symlink target
	children []*node
	data     *content // nil for directories and links
	parent   *node

	// Set by layout.
	ident   string // ISO 9660 identifier
	number  int    // path table number (directories)
	lba     uint32
	entries []dirEntry
	sectors uint32 // directory extent length in sectors
}

func (n *node) isDir() bool { return n.mode.IsDir() }

// content is what a file holds: pieces of the base image, of local files or
// of memory, one after the other.
type content struct {
	parts []part
	size  int64
}

// part is a run of bytes from r (at off) or from data.
type part struct {
	r    io.ReaderAt
	file string // opened at write time when r is nil and data is nil
	off  int64
	n    int64
	data []byte
}

func dataContent(b []byte) *content {
	return &content{parts: []part{{data: b, n: int64(len(b))}}, size: int64(len(b))}
}

func (c *content) add(p part) {
	c.parts = append(c.parts, p)
	c.size += p.n
}

// maxFileSize is the largest file a single ISO 9660 extent can describe.
const maxFileSize = 1<<32 - 1

// lookup finds the node at slash-separated path p, or nil.
func (n *node) lookup(p string) *node {
	cur := n
	for _, elem := range splitPath(p) {
		cur = cur.child(elem)
		if cur == nil {
			return nil
		}
	}
	return cur
}

func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

func splitPath(p string) []string {
	p = strings.Trim(path.Clean("/"+p), "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// put places a file at path p, creating parent directories and replacing
// whatever was there.
func (n *node) put(p string, mode fs.FileMode, c *content) (*node, error) {
	elems := splitPath(p)
	if len(elems) == 0 {
		return nil, fmt.Errorf("placing a file at the image root %q: a file needs a name", p)
	}
	if c.size > maxFileSize {
		return nil, fmt.Errorf("adding %s: %d bytes: %w", p, c.size, ErrTooLarge)
	}
	dir, err := n.mkdirAll(elems[:len(elems)-1])
	if err != nil {
		return nil, fmt.Errorf("adding %s: %w", p, err)
	}
	name := elems[len(elems)-1]
	dir.remove(name)
	f := &node{name: name, mode: mode.Perm(), data: c, parent: dir}
	dir.children = append(dir.children, f)
	return f, nil
}

func (n *node) mkdirAll(elems []string) (*node, error) {
	cur := n
	for _, e := range elems {
		next := cur.child(e)
		if next == nil {
			next = &node{name: e, mode: fs.ModeDir | 0o555, parent: cur}
			cur.children = append(cur.children, next)
		}
		if !next.isDir() {
			return nil, fmt.Errorf("%s is a file, not a directory", e)
		}
		cur = next
	}
	return cur, nil
}

func (n *node) remove(name string) {
	n.children = slices.DeleteFunc(n.children, func(c *node) bool { return c.name == name })
}

// walk visits n and everything below it, parents first.
func (n *node) walk(fn func(*node)) {
	fn(n)
	for _, c := range n.children {
		c.walk(fn)
	}
}

// clone copies the tree structure; contents are shared.
func (n *node) clone(parent *node) *node {
	c := *n
	c.parent = parent
	c.children = make([]*node, len(n.children))
	for i, ch := range n.children {
		c.children[i] = ch.clone(&c)
	}
	return &c
}

// pathOf is n's slash-separated path from the root.
func (n *node) pathOf() string {
	if n.parent == nil {
		return "/"
	}
	return path.Join(n.parent.pathOf(), n.name)
}
