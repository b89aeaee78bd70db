package integration_test

import (
	"database/sql"

	"github.com/rockyiso/rockyiso/firstboot/host"
)

func sqlOpen(dsn string) (*sql.DB, error) { return sql.Open("mysql", dsn) }

// rabbitCmd is a rabbitmqctl command for the test's node; a password
// third argument is redacted.
func rabbitCmd(e env, args ...string) host.Cmd {
	c := host.Cmd{Name: e.RabbitCtl, Env: e.RabbitEnv, Args: args}
	if len(args) == 3 && args[0] == "authenticate_user" {
		c.Redact = []string{args[2]}
	}
	return c
}
