package integration_test

import (
	"database/sql"

	"github.com/rockyiso/rockyiso/firstboot/host"
)

func sqlOpen(dsn string) (*sql.DB, error) { return sql.Open("mysql", dsn) }

func hostCmd(args ...string) host.Cmd {
	c := host.Cmd{Name: "rabbitmqctl", Args: args}
	if len(args) == 3 && args[0] == "authenticate_user" {
		c.Redact = []string{args[2]}
	}
	return c
}
