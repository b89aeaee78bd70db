package ini_test

import (
	"fmt"

	"github.com/rockyiso/rockyiso/firstboot/ini"
)

func ExampleFile_Set() {
	f := ini.Parse([]byte(`[database]
# The SQLAlchemy connection string. (string value)
#connection = <None>

[token]
#provider = fernet
`))
	f.Set("database", "connection", "mysql+pymysql://keystone:KEYSTONE_DBPASS@controller/keystone")
	f.Set("token", "provider", "fernet")
	fmt.Print(string(f.Bytes()))
	// Output:
	// [database]
	// # The SQLAlchemy connection string. (string value)
	// #connection = <None>
	// connection = mysql+pymysql://keystone:KEYSTONE_DBPASS@controller/keystone
	//
	// [token]
	// #provider = fernet
	// provider = fernet
}
