#ifndef CSQLITE_ROUTINES_H
#define CSQLITE_ROUTINES_H

/// Makes every sqlite3_* call of the loadable extension go to the SQLite that
/// loaded it, through ROUTINES (the `const sqlite3_api_routines *` SQLite passes
/// to the extension's entry point, as SQLITE_EXTENSION_INIT2 does in C).
/// Returns SQLITE_OK, or SQLITE_ERROR with *ERROR_MESSAGE (when not NULL) set to
/// a message allocated by that SQLite: the routines are missing, that SQLite is
/// older than 3.25.0, or another SQLite library in this process loaded the
/// extension first.
int plexus_sqlite_adopt_routines(const void *routines, char **error_message);

#endif
