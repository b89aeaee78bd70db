// Package repodata writes rpm-md repository metadata for a directory of
// RPMs, as createrepo_c does: repodata/repomd.xml, primary, filelists and
// other as .xml.gz, the yum sqlite caches (.sqlite.bz2, schema version 10)
// and, given a comps file, the group (uncompressed, which EL7 yum and
// anaconda need) and group_gz records. It follows the createrepo metadata
// schema and matches createrepo_c 0.17 field for field: header ranges,
// which files go in primary, pre="1" requires, rpmlib() filtering, the
// last ten changelog entries.
//
// Output is deterministic: Options.Now stamps repomd.xml, the gzip headers
// and clamps package file times, and packages are written in createrepo_c's
// order. The new repodata is assembled in .repodata.tmp/ and renamed over
// repodata/ only when complete.
package repodata
