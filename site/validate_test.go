package site_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/site"
	"gopkg.in/yaml.v3"
)

var dump = flag.Bool("dump", false, "print the errors each case gets, to review new cases")

// base is a valid 4-node site; each case edits it with replacements.
const base = `version: 1
name: lab
domain: lab.local
timezone: Asia/Shanghai
ntp: [ntp.aliyun.com]
dns: [192.168.222.2]
neutron:
  driver: linuxbridge
networks:
  management:
    cidr: 192.168.222.0/24
    gateway: 192.168.222.2
  overlay:
    cidr: 172.16.0.0/24
    vni_range: "1:1000"
  provider:
    physnet: provider
hosts:
  - name: controller
    roles: [controller]
    interfaces:
      - {name: ens33, network: management, address: 192.168.222.5}
      - {name: ens34, network: overlay, address: 172.16.0.5}
  - name: neutron
    roles: [network]
    interfaces:
      - {name: ens33, network: management, address: 192.168.222.6, mac: "00:0C:29:69:01:40"}
      - {name: ens34, network: overlay, address: 172.16.0.6}
      - {name: ens35, network: provider}
  - name: compute
    roles: [compute]
    interfaces:
      - {name: ens33, network: management, address: 192.168.222.10, mac: "00:0C:29:8C:82:4C"}
      - {name: ens34, network: overlay, address: 172.16.0.10}
  - name: block
    roles: [block]
    disk: sda
    cinder_disk: sdb
    interfaces:
      - {name: ens33, network: management, address: 192.168.222.20}
      - {name: ens34, network: overlay, address: 172.16.0.20}
`

// edit applies old, new pairs to base; each old must occur exactly once.
func edit(t *testing.T, pairs []string) string {
	t.Helper()
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(s, pairs[i]); n != 1 {
			t.Fatalf("edit %q occurs %d times in base, want once", pairs[i], n)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func TestParseBase(t *testing.T) {
	s, err := site.Parse("lab.yaml", []byte(base))
	if err != nil {
		t.Fatalf("Parse(base): %v", err)
	}
	if got := s.Controller().Name; got != "controller" {
		t.Errorf("controller = %q, want controller", got)
	}
	if s.Region != "RegionOne" || s.Hosts[0].Disk != "sda" {
		t.Errorf("defaults not applied: region %q, disk %q", s.Region, s.Hosts[0].Disk)
	}
}

type parseCase struct {
	name  string
	edits []string // old, new pairs applied to base
	doc   string   // the whole file instead, when whole is set
	whole bool
	want  []string
}

func TestParseErrors(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			if !tc.whole {
				doc = edit(t, tc.edits)
			}
			_, err := site.Parse("lab.yaml", []byte(doc))
			got := messages(t, err)
			if *dump {
				fmt.Printf("\t{name: %q, edits: %#v, want: []string{\n", tc.name, tc.edits)
				for _, m := range got {
					fmt.Printf("\t\t%#v,\n", m)
				}
				fmt.Printf("\t}},\n")
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// messages returns the text of each error of an ErrorList.
func messages(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var l site.ErrorList
	if !errors.As(err, &l) {
		t.Fatalf("error %v is a %T, want a site.ErrorList", err, err)
	}
	var ms []string
	for _, e := range l.Errors() {
		ms = append(ms, e.Error())
	}
	if strings.Join(ms, "\n") != err.Error() {
		t.Errorf("Error() = %q, want the errors one per line", err.Error())
	}
	return ms
}

func TestValidateInMemory(t *testing.T) {
	s, err := site.Parse("lab.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	s.Hosts[2].Roles = append(s.Hosts[2].Roles, site.Controller)
	s.Hosts[1].Interfaces[0].MAC = "00:0C:29:8C:82"
	got := messages(t, s.Validate())
	want := []string{
		`hosts[1].interfaces[0].mac: "00:0C:29:8C:82" is not a MAC address; expected six colon-separated hex pairs such as 00:0C:29:8C:82:4C`,
		"hosts[2].roles[1]: a second controller (hosts[0] is one); expected exactly one controller, the reference guide's design",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Validate errors (-want +got):\n%s", diff)
	}
}

func TestExamplesParse(t *testing.T) {
	for _, name := range []string{"lab-4node", "esxi-3node"} {
		t.Run(name, func(t *testing.T) {
			if _, err := site.Load("../examples/" + name + ".yaml"); err != nil {
				t.Fatalf("Load: %v", err)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	data := []byte(base)
	for b.Loop() {
		if _, err := site.Parse("lab.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLDecode is the reference for BenchmarkParse: yaml.v3's own
// strict decode into the same types, with no positions or validation.
func BenchmarkYAMLDecode(b *testing.B) {
	data := []byte(base)
	for b.Loop() {
		var s site.Site
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&s); err != nil {
			b.Fatal(err)
		}
	}
}
