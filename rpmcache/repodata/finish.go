package repodata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// finish closes the XML files, stamps and compresses the databases, adds
// the comps records and writes repomd.xml into tmp.
func (s *sinks) finish(tmp string, prev *previous, opt Options) (*repomd.Repomd, error) {
	md := &repomd.Repomd{Revision: strconv.FormatInt(opt.Now.Unix(), 10)}
	xmlRecs, err := s.finishXML(opt)
	if err != nil {
		s.abort()
		return nil, err
	}
	md.Records = append(md.Records, xmlRecs[:]...)
	opt.Log.Debug("xml metadata finished")
	bg := s.syncLater(tmp, xmlRecs[:])
	dbRecs, err := s.finishDBs(tmp, xmlRecs, prev, opt)
	if err := errors.Join(err, bg()); err != nil {
		return nil, err
	}
	md.Records = append(md.Records, dbRecs[:]...)
	opt.Log.Debug("databases finished")
	if opt.Groups != nil {
		recs, err := writeGroups(tmp, opt)
		if err != nil {
			return nil, err
		}
		md.Records = append(md.Records, recs...)
	}
	md.SortRecords()
	return md, writeRepomd(tmp, md)
}

func (s *sinks) finishXML(opt Options) ([3]repomd.Record, error) {
	var recs [3]repomd.Record
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i, o := range s.xml {
		wg.Add(1)
		go func(i int, o *output) {
			defer wg.Done()
			if _, err := io.WriteString(o, xmlTails[i]); err != nil {
				errs[i] = fmt.Errorf("writing %s: %w", o.name, err)
				return
			}
			recs[i], errs[i] = o.finish(opt.Now)
		}(i, o)
	}
	wg.Wait()
	return recs, errors.Join(errs...)
}

// syncLater fsyncs the records' files in the background, overlapping the
// disk flush with the database compression; the returned func waits.
func (s *sinks) syncLater(tmp string, recs []repomd.Record) func() error {
	errs := make([]error, len(recs))
	var wg sync.WaitGroup
	for i, r := range recs {
		wg.Add(1)
		go func(i int, name string) {
			defer wg.Done()
			errs[i] = syncFile(name)
		}(i, filepath.Join(tmp, path.Base(r.Location)))
	}
	return func() error {
		wg.Wait()
		return errors.Join(errs...)
	}
}

// finishDBs records each XML file's checksum in its database (yum checks
// it), then compresses the three databases at once.
func (s *sinks) finishDBs(tmp string, xmlRecs [3]repomd.Record, prev *previous, opt Options) ([3]repomd.Record, error) {
	var recs [3]repomd.Record
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i, d := range s.dbs {
		wg.Add(1)
		go func(i int, d *db) {
			defer wg.Done()
			if err := d.finish(xmlRecs[i].Checksum.Value); err != nil {
				errs[i] = fmt.Errorf("finishing %s: %w", s.raw[i], err)
				return
			}
			recs[i], errs[i] = compressDB(s.raw[i], tmp, xmlTypes[i]+"_db", prev, opt.Now)
			recs[i].DatabaseVersion = dbVersion
		}(i, d)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return recs, err
		}
	}
	return recs, nil
}

// writeGroups checks the comps file and writes it twice: plain for the
// group record, which EL7 yum and anaconda read, and gzipped for group_gz.
func writeGroups(tmp string, opt Options) ([]repomd.Record, error) {
	data, err := io.ReadAll(opt.Groups)
	if err != nil {
		return nil, fmt.Errorf("reading the comps file: %w", err)
	}
	if _, err := repomd.ParseComps(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("checking the comps file: %w", err)
	}
	var recs []repomd.Record
	for _, g := range []struct{ typ, name string }{{"group", "comps.xml"}, {"group_gz", "comps.xml.gz"}} {
		o, err := newOutput(tmp, g.typ, g.name, opt.Now)
		if err != nil {
			return nil, err
		}
		if _, err := o.Write(data); err != nil {
			o.abort()
			return nil, fmt.Errorf("writing %s: %w", g.name, err)
		}
		rec, err := o.finish(opt.Now)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	return recs, nil
}

func writeRepomd(tmp string, md *repomd.Repomd) error {
	var b bytes.Buffer
	b.WriteString(xmlDecl + `<repomd xmlns="` + nsRepo + `" xmlns:rpm="` + nsRPM + "\">\n")
	b.WriteString("  <revision>" + md.Revision + "</revision>\n")
	for _, r := range md.Records {
		writeRecord(&b, r)
	}
	b.WriteString("</repomd>\n")
	path := filepath.Join(tmp, "repomd.xml")
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		_ = f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

func writeRecord(b *bytes.Buffer, r repomd.Record) {
	w := xw{b}
	w.s("  <data")
	w.attr("type", r.Type)
	w.s(">\n    <checksum type=\"" + r.Checksum.Type + "\">" + r.Checksum.Value + "</checksum>\n")
	if r.OpenChecksum.Value != "" {
		w.s("    <open-checksum type=\"" + r.OpenChecksum.Type + "\">" + r.OpenChecksum.Value + "</open-checksum>\n")
	}
	w.s("    <location")
	w.attr("href", r.Location)
	w.s("/>\n    <timestamp>" + itoa(r.Timestamp) + "</timestamp>\n")
	w.s("    <size>" + itoa(r.Size) + "</size>\n")
	if r.OpenChecksum.Value != "" {
		w.s("    <open-size>" + itoa(r.OpenSize) + "</open-size>\n")
	}
	if r.DatabaseVersion != 0 {
		w.s("    <database_version>" + strconv.Itoa(r.DatabaseVersion) + "</database_version>\n")
	}
	w.s("  </data>\n")
}
