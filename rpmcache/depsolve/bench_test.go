package depsolve_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/site"
)

// BenchmarkResolveAllRoles indexes a generated universe of 10,000
// packages and resolves the closure of each of the four roles (with
// @core), as bench/closure.sh does with dnf.
func BenchmarkResolveAllRoles(b *testing.B) {
	u := fromSpecs(b, rpmgen.Universe(rpmgen.Options{Packages: 10000, Seed: 1}))
	var wants [][]string
	for _, r := range site.Roles {
		wants = append(wants, append(site.RolePackages(r, site.OpenVSwitch), rpmgen.CoreGroup...))
	}
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		s := depsolve.New(u, depsolve.Options{})
		for _, w := range wants {
			if _, err := s.Resolve(w); err != nil {
				b.Fatal(err)
			}
		}
	}
	// CPU time too: on a shared machine wall time measures the others.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
