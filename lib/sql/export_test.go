package sql

// SQLiteDriver is stark's SQLite driver, for tests that register SQL
// functions on it.
var SQLiteDriver = sqliteDriver
