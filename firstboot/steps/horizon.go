package steps

import (
	"github.com/rockyiso/rockyiso/firstboot/host"
)

// horizon appends the guide's settings to local_settings (Python: a later
// assignment wins, so the packaged ones stay as they are) and the WSGI
// application group to openstack-dashboard.conf.
func (b *builder) horizon() Step {
	settings := []string{
		`OPENSTACK_HOST = "` + b.ctrl + `"`,
		`ALLOWED_HOSTS = ['*']`,
		`SESSION_ENGINE = 'django.contrib.sessions.backends.cache'`,
		`CACHES = {`,
		`    'default': {`,
		`        'BACKEND': 'django.core.cache.backends.memcached.MemcachedCache',`,
		`        'LOCATION': '` + b.memcachedServers() + `',`,
		`    }`,
		`}`,
		`OPENSTACK_KEYSTONE_URL = "http://%s:5000/v3" % OPENSTACK_HOST`,
		`OPENSTACK_KEYSTONE_MULTIDOMAIN_SUPPORT = True`,
		`OPENSTACK_API_VERSIONS = {`,
		`    "identity": 3,`,
		`    "image": 2,`,
		`    "volume": 2,`,
		`}`,
		`OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = "Default"`,
		`OPENSTACK_KEYSTONE_DEFAULT_ROLE = "user"`,
		`TIME_ZONE = "` + b.site.Timezone + `"`,
	}
	return newStep("horizon",
		blockFile(host.DashboardSettings, serviceOwner("apache"), block{lines: settings}),
		blockFile(host.DashboardHttpd, public, block{lines: []string{"WSGIApplicationGroup %{GLOBAL}"}}),
		restart("httpd.service", "memcached.service"))
}
