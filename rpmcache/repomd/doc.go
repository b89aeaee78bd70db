// Package repomd reads rpm-md repository metadata: repomd.xml, the
// primary, filelists and other XML files (plain, gzip, bzip2 or xz), and
// comps group files. It follows the createrepo metadata schema
// (http://linux.duke.edu/metadata/{repo,common,rpm,filelists,other}) as
// written by createrepo 0.9.9 and createrepo_c, and the comps DTD of
// yum/anaconda.
//
// The package is pure: it takes readers and returns values. Every metadata
// file is checked against the checksums and sizes its repomd.xml record
// names (Record.Open), and every location href is confined to the
// repository (SafeHref).
package repomd
