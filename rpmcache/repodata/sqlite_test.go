package repodata_test

import (
	"compress/bzip2"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// TestSqliteParityWithCreaterepoC compares the yum sqlite caches that EL7
// yum reads: same schema, same rows (filelist rows sorted, since
// createrepo_c writes them in hash order).
func TestSqliteParityWithCreaterepoC(t *testing.T) {
	dir := copyRPMs(t, fixture.Path(t, "el7/rpms"))
	ref := createrepoC(t, dir)
	if _, err := repodata.Create(context.Background(), dir, repodata.Options{Workers: 2, Now: now}); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"primary_db", "filelists_db", "other_db"} {
		t.Run(typ, func(t *testing.T) {
			want, got := openDB(t, ref, typ), openDB(t, dir, typ)
			if n := len(rows(t, got, "SELECT pkgId FROM packages")); n != 43 {
				t.Fatalf("%d packages in %s, want 43", n, typ)
			}
			for _, q := range queries(t, want) {
				if diff := cmp.Diff(rows(t, want, q), rows(t, got, q)); diff != "" {
					t.Errorf("%s differs (-createrepo_c +ours):\n%.3000s", q, diff)
				}
			}
		})
	}
}

// queries lists one query per table of db, and the schema itself.
func queries(t *testing.T, db *sql.DB) []string {
	t.Helper()
	qs := []string{"SELECT type, name, tbl_name, sql FROM sqlite_master", "SELECT dbversion FROM db_info"}
	for _, r := range rows(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'db_info'") {
		qs = append(qs, "SELECT * FROM "+r[0])
	}
	return qs
}

func openDB(t *testing.T, dir, typ string) *sql.DB {
	t.Helper()
	md, err := os.Open(filepath.Join(dir, "repodata", "repomd.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer md.Close()
	r, err := repomd.ParseRepomd(md)
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := r.Record(typ)
	if !ok {
		t.Fatalf("%s: no %s record", dir, typ)
	}
	f, err := os.Open(filepath.Join(dir, rec.Location))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	raw := filepath.Join(t.TempDir(), typ+".sqlite")
	out, err := os.Create(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, bzip2.NewReader(f)); err != nil {
		t.Fatal(err)
	}
	out.Close()
	db, err := sql.Open("sqlite", raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rows returns a query's rows as strings (NULL as "<nil>"), sorted.
func rows(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	rs, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = fmt.Sprint(v)
		}
		out = append(out, row)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], "\x00") < strings.Join(out[j], "\x00") })
	return out
}
