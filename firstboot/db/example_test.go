package db_test

import (
	"context"
	"fmt"

	"github.com/rockyiso/rockyiso/firstboot/db"
)

// A plan Client records the statements a fresh CentOS 7 MariaDB would
// get, passwords hidden.
func ExampleNewPlan() {
	c := db.NewPlan("")
	ctx := context.Background()
	if err := c.Apply(ctx, []db.Database{{Name: "keystone", User: "keystone", Password: "KEYSTONE_DBPASS"}}); err != nil {
		panic(err)
	}
	for _, s := range c.Plan() {
		fmt.Println(s)
	}
	// Output:
	// CREATE DATABASE IF NOT EXISTS `keystone`
	// CREATE USER IF NOT EXISTS 'keystone'@'localhost' IDENTIFIED BY '******'
	// GRANT ALL PRIVILEGES ON `keystone`.* TO 'keystone'@'localhost'
	// CREATE USER IF NOT EXISTS 'keystone'@'%' IDENTIFIED BY '******'
	// GRANT ALL PRIVILEGES ON `keystone`.* TO 'keystone'@'%'
}
