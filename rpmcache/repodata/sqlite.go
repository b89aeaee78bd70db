package repodata

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// dbVersion is the yum sqlite cache schema version (db_info.dbversion).
const dbVersion = 10

var depTables = []string{"requires", "provides", "conflicts", "obsoletes", "suggests", "enhances", "recommends", "supplements"}

// Schemas of the yum metadata caches, as createrepo_c's sqlite.c creates
// them.
var (
	dbInfoSchema  = []string{`CREATE TABLE db_info (dbversion INTEGER, checksum TEXT)`}
	primarySchema = append(append([]string{
		`CREATE TABLE packages (  pkgKey INTEGER PRIMARY KEY,  pkgId TEXT,  name TEXT,  arch TEXT,  version TEXT,  epoch TEXT,  release TEXT,  summary TEXT,  description TEXT,  url TEXT,  time_file INTEGER,  time_build INTEGER,  rpm_license TEXT,  rpm_vendor TEXT,  rpm_group TEXT,  rpm_buildhost TEXT,  rpm_sourcerpm TEXT,  rpm_header_start INTEGER,  rpm_header_end INTEGER,  rpm_packager TEXT,  size_package INTEGER,  size_installed INTEGER,  size_archive INTEGER,  location_href TEXT,  location_base TEXT,  checksum_type TEXT)`,
		`CREATE TABLE files (  name TEXT,  type TEXT,  pkgKey INTEGER)`,
	}, depSchemas()...),
		`CREATE TRIGGER removals AFTER DELETE ON packages  BEGIN    DELETE FROM files WHERE pkgKey = old.pkgKey;    DELETE FROM requires WHERE pkgKey = old.pkgKey;    DELETE FROM provides WHERE pkgKey = old.pkgKey;    DELETE FROM conflicts WHERE pkgKey = old.pkgKey;    DELETE FROM obsoletes WHERE pkgKey = old.pkgKey;    DELETE FROM suggests WHERE pkgKey = old.pkgKey;    DELETE FROM enhances WHERE pkgKey = old.pkgKey;    DELETE FROM recommends WHERE pkgKey = old.pkgKey;    DELETE FROM supplements WHERE pkgKey = old.pkgKey;  END;`)
	filelistsSchema = []string{
		`CREATE TABLE packages (  pkgKey INTEGER PRIMARY KEY,  pkgId TEXT)`,
		`CREATE TABLE filelist (  pkgKey INTEGER,  dirname TEXT,  filenames TEXT,  filetypes TEXT)`,
		`CREATE TRIGGER remove_filelist AFTER DELETE ON packages  BEGIN    DELETE FROM filelist WHERE pkgKey = old.pkgKey;  END;`,
	}
	otherSchema = []string{
		`CREATE TABLE packages (  pkgKey INTEGER PRIMARY KEY,  pkgId TEXT)`,
		`CREATE TABLE changelog (  pkgKey INTEGER,  author TEXT,  date INTEGER,  changelog TEXT)`,
		`CREATE TRIGGER remove_changelogs AFTER DELETE ON packages  BEGIN    DELETE FROM changelog WHERE pkgKey = old.pkgKey;  END;`,
	}
	primaryIndexes = append([]string{
		`CREATE INDEX IF NOT EXISTS packagename ON packages (name)`,
		`CREATE INDEX IF NOT EXISTS packageId ON packages (pkgId)`,
		`CREATE INDEX IF NOT EXISTS filenames ON files (name)`,
		`CREATE INDEX IF NOT EXISTS pkgfiles ON files (pkgKey)`,
	}, depIndexes()...)
	filelistsIndexes = []string{
		`CREATE INDEX IF NOT EXISTS keyfile ON filelist (pkgKey)`,
		`CREATE INDEX IF NOT EXISTS pkgId ON packages (pkgId)`,
		`CREATE INDEX IF NOT EXISTS dirnames ON filelist (dirname)`,
	}
	otherIndexes = []string{
		`CREATE INDEX IF NOT EXISTS keychange ON changelog (pkgKey)`,
		`CREATE INDEX IF NOT EXISTS pkgId ON packages (pkgId)`,
	}
)

func depSchemas() []string {
	var out []string
	for _, t := range depTables {
		pre := ""
		if t == "requires" {
			pre = ", pre BOOLEAN DEFAULT FALSE"
		}
		out = append(out, fmt.Sprintf(`CREATE TABLE %s (  name TEXT,  flags TEXT,  epoch TEXT,  version TEXT,  release TEXT,  pkgKey INTEGER %s)`, t, pre))
	}
	return out
}

func depIndexes() []string {
	var out []string
	for i, t := range depTables {
		out = append(out, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS pkg%s on %s (pkgKey)`, t, t))
		if i < 2 {
			out = append(out, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %sname ON %s (name)`, t, t))
		}
	}
	return out
}

// db is one sqlite cache being filled inside a single transaction. It
// talks to the modernc.org/sqlite driver directly: database/sql's locking
// and argument conversion cost more than the inserts themselves.
type db struct {
	conn    driver.Conn
	tx      driver.Tx
	stmts   map[string]*stmt
	indexes []string
	key     int64
}

// stmt is a prepared insert; Exec binds its arguments in order.
type stmt struct {
	s    driver.Stmt
	args []driver.NamedValue
}

func (s *stmt) Exec(args ...any) (driver.Result, error) {
	s.args = s.args[:0]
	for i, a := range args {
		s.args = append(s.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return s.s.(driver.StmtExecContext).ExecContext(context.Background(), s.args)
}

func openDB(path string, schema, indexes []string, inserts map[string]string) (*db, error) {
	c, err := (&sqlite.Driver{}).Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	d := &db{conn: c, indexes: indexes, stmts: map[string]*stmt{}}
	if err := d.init(schema, inserts); err != nil {
		d.close()
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	return d, nil
}

func (d *db) exec(q string, args ...any) error {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	if _, err := d.conn.(driver.ExecerContext).ExecContext(context.Background(), q, nv); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

func (d *db) init(schema []string, inserts map[string]string) error {
	// No journal and no locking: the database is new, private to this run
	// and deleted if anything fails.
	pragmas := []string{"PRAGMA synchronous = OFF", "PRAGMA journal_mode = OFF", "PRAGMA locking_mode = EXCLUSIVE", "PRAGMA temp_store = MEMORY", "PRAGMA secure_delete = ON"}
	for _, q := range append(append(pragmas, dbInfoSchema...), schema...) {
		if err := d.exec(q); err != nil {
			return err
		}
	}
	var err error
	if d.tx, err = d.conn.(driver.ConnBeginTx).BeginTx(context.Background(), driver.TxOptions{}); err != nil {
		return err
	}
	for name, q := range inserts {
		s, err := d.conn.Prepare(q)
		if err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		d.stmts[name] = &stmt{s: s}
	}
	return nil
}

// finish indexes the tables (after the inserts, as createrepo_c does),
// records the XML checksum and closes.
func (d *db) finish(xmlChecksum string) error {
	for _, q := range d.indexes {
		if err := d.exec(q); err != nil {
			return err
		}
	}
	if err := d.exec(`INSERT INTO db_info (dbversion, checksum) VALUES (?, ?)`, int64(dbVersion), xmlChecksum); err != nil {
		return err
	}
	if err := d.closeStmts(); err != nil {
		return err
	}
	err := d.tx.Commit()
	d.tx = nil
	if err != nil {
		return err
	}
	return d.conn.Close()
}

func (d *db) closeStmts() error {
	var errs []error
	for _, s := range d.stmts {
		errs = append(errs, s.s.Close())
	}
	d.stmts = nil
	return errors.Join(errs...)
}

func (d *db) close() {
	_ = d.closeStmts()
	if d.tx != nil {
		_ = d.tx.Rollback()
	}
	_ = d.conn.Close()
}

// sqlBool is how createrepo_c stores requires.pre.
func sqlBool(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var primaryInserts = func() map[string]string {
	m := map[string]string{
		"package": `INSERT INTO packages (  pkgId, name, arch, version, epoch, release, summary, description,  url, time_file, time_build, rpm_license, rpm_vendor, rpm_group,  rpm_buildhost, rpm_sourcerpm, rpm_header_start, rpm_header_end,  rpm_packager, size_package, size_installed, size_archive,  location_href, location_base, checksum_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,  ?, ?, ?, ?, ?, ?, ?)`,
		"file":    `INSERT INTO files (name, type, pkgKey) VALUES (?, ?, ?)`,
	}
	for _, t := range depTables {
		if t == "requires" {
			m[t] = `INSERT INTO requires (name, flags, epoch, version, release, pkgKey, pre) VALUES (?, ?, ?, ?, ?, ?, ?)`
			continue
		}
		m[t] = fmt.Sprintf(`INSERT INTO %s (name, flags, epoch, version, release, pkgKey) VALUES (?, ?, ?, ?, ?, ?)`, t)
	}
	return m
}()

var (
	filelistsInserts = map[string]string{
		"package":  `INSERT INTO packages (pkgId) VALUES (?)`,
		"filelist": `INSERT INTO filelist (pkgKey, dirname, filenames, filetypes)  VALUES (?, ?, ?, ?)`,
	}
	otherInserts = map[string]string{
		"package":   `INSERT INTO packages (pkgId) VALUES (?)`,
		"changelog": `INSERT INTO changelog (pkgKey, author, date, changelog)  VALUES (?, ?, ?, ?)`,
	}
)

func (d *db) addPrimary(p *repomd.Package) error {
	d.key++
	_, err := d.stmts["package"].Exec(p.Checksum.Value, p.Name, p.Arch, p.Version, p.Epoch, p.Release,
		p.Summary, p.Description, nullIfEmpty(p.URL), p.TimeFile, p.TimeBuild, p.License, p.Vendor,
		p.Group, p.BuildHost, p.SourceRPM, p.HeaderStart, p.HeaderEnd, nullIfEmpty(p.Packager),
		p.SizePackage, p.SizeInstalled, p.SizeArchive, p.Location, nullIfEmpty(p.LocationBase), p.Checksum.Type)
	if err != nil {
		return err
	}
	rels := [...]struct {
		table string
		deps  []repomd.Dep
	}{{"provides", p.Provides}, {"conflicts", p.Conflicts}, {"obsoletes", p.Obsoletes}, {"requires", p.Requires},
		{"suggests", p.Suggests}, {"enhances", p.Enhances}, {"recommends", p.Recommends}, {"supplements", p.Supplements}}
	for _, r := range rels {
		if err := d.addDeps(r.table, r.deps); err != nil {
			return err
		}
	}
	return d.addPrimaryFiles(p.Files)
}

func (d *db) addDeps(table string, deps []repomd.Dep) error {
	st := d.stmts[table]
	for _, dep := range deps {
		var err error
		if table != "requires" {
			_, err = st.Exec(dep.Name, nullIfEmpty(dep.Flags), nullIfEmpty(dep.Epoch), nullIfEmpty(dep.Version), nullIfEmpty(dep.Release), d.key)
		} else {
			_, err = st.Exec(dep.Name, nullIfEmpty(dep.Flags), nullIfEmpty(dep.Epoch), nullIfEmpty(dep.Version), nullIfEmpty(dep.Release), d.key, sqlBool(dep.Pre))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *db) addPrimaryFiles(files []repomd.File) error {
	for _, f := range files {
		if !repomd.IsPrimaryFile(f.Path) {
			continue
		}
		typ := f.Type
		if typ == "" {
			typ = "file"
		}
		if _, err := d.stmts["file"].Exec(f.Path, typ, d.key); err != nil {
			return err
		}
	}
	return nil
}

func (d *db) addID(p *repomd.Package) error {
	d.key++
	_, err := d.stmts["package"].Exec(p.Checksum.Value)
	return err
}

// addFilelist stores the files grouped by directory, in the order the
// directories first appear: "/" separated names and one type letter each.
func (d *db) addFilelist(p *repomd.Package) error {
	if err := d.addID(p); err != nil {
		return err
	}
	type enc struct{ names, types strings.Builder }
	byDir := map[string]*enc{}
	var order []string
	for _, f := range p.Files {
		dir, name := splitPath(f.Path)
		e := byDir[dir]
		if e == nil {
			e = &enc{}
			byDir[dir] = e
			order = append(order, dir)
		}
		if e.names.Len() > 0 {
			e.names.WriteByte('/')
		}
		if name == "" {
			name = "/"
		}
		e.names.WriteString(name)
		e.types.WriteByte(typeLetter(f.Type))
	}
	for _, dir := range order {
		if _, err := d.stmts["filelist"].Exec(d.key, dbDirname(dir), byDir[dir].names.String(), byDir[dir].types.String()); err != nil {
			return err
		}
	}
	return nil
}

func splitPath(p string) (dir, name string) {
	i := strings.LastIndexByte(p, '/')
	return p[:i+1], p[i+1:]
}

func dbDirname(dir string) string {
	for len(dir) > 1 && dir[len(dir)-1] == '/' {
		dir = dir[:len(dir)-1]
	}
	if dir == "" {
		return "."
	}
	return dir
}

func typeLetter(t string) byte {
	switch t {
	case "dir":
		return 'd'
	case "ghost":
		return 'g'
	}
	return 'f'
}

func (d *db) addOther(p *repomd.Package) error {
	if err := d.addID(p); err != nil {
		return err
	}
	for _, c := range p.Changelogs {
		if _, err := d.stmts["changelog"].Exec(d.key, c.Author, c.Date, c.Text); err != nil {
			return err
		}
	}
	return nil
}
