package depsolve_test

import (
	"fmt"

	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

func ExampleResolve() {
	dep := func(s string) depsolve.Dep {
		d, err := depsolve.ParseDep(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	pkg := func(name, evr, arch string, requires ...string) *depsolve.Package {
		e := rpmver.Parse(evr)
		p := &depsolve.Package{Name: name, Epoch: e.Epoch, Version: e.Version, Release: e.Release,
			Arch: arch, Repo: "openstack-rocky", Priority: 99}
		for _, r := range requires {
			p.Requires = append(p.Requires, dep(r))
		}
		return p
	}
	universe := []*depsolve.Package{
		pkg("openstack-nova-compute", "1:18.3.0-1.el7", "noarch", "python-nova = 1:18.3.0-1.el7"),
		pkg("python-nova", "1:18.3.0-1.el7", "noarch", "python2-os-vif >= 1.9.0"),
		pkg("python2-os-vif", "1.11.1-1.el7", "noarch"),
		pkg("python2-os-vif", "1.9.0-1.el7", "noarch"),
	}
	closure, err := depsolve.Resolve(universe, []string{"openstack-nova-compute"}, depsolve.Options{})
	if err != nil {
		panic(err)
	}
	for _, p := range closure {
		fmt.Println(p.NEVRA())
	}

	_, err = depsolve.Resolve(universe[:2], []string{"openstack-nova-compute"}, depsolve.Options{})
	fmt.Println(err)
	// Output:
	// openstack-nova-compute-1:18.3.0-1.el7.noarch
	// python-nova-1:18.3.0-1.el7.noarch
	// python2-os-vif-1.11.1-1.el7.noarch
	// openstack-nova-compute -> python-nova -> python2-os-vif >= 1.9.0: nothing provides
}
