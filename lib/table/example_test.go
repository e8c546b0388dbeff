package table_test

import (
	"fmt"

	"github.com/stark-dev/stark/lib/table"
)

// ReadCSV reads a table from CSV as data.csv does, each column typed from
// its values.
func ExampleReadCSV() {
	t, err := table.ReadCSV([]byte("city,temp,day\nOslo,4,2024-05-01\nRome,,2024-05-02\n"), table.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range t.Columns() {
		fmt.Println(name, t.ColumnType(j), t.JSONValue(j, 1))
	}
	// Output:
	// city string Rome
	// temp int <nil>
	// day time 2024-05-02T00:00:00Z
}
