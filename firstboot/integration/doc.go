// Package integration holds the controller's service integration tests
// (issue 4, "Tests"): the database, RabbitMQ and identity operations of
// the whole reference guide, run against real MariaDB, RabbitMQ and
// Keystone from Debian's packages (started by internal/svctest), run
// again to show that nothing changes, and run after a kill in the middle
// to show that a rerun converges; and firstboot's own controller steps,
// in the guide's order, with the same clients. It has no code of its own.
package integration
