// The sqlite3_* functions that the Plexus Swift code calls, defined for the
// loadable extension only: each forwards to the SQLite that loaded it, through
// the routines table that SQLite hands to the entry point. An extension written
// in C gets the same from sqlite3ext.h's macros (sqlite3_value_type becomes
// sqlite3_api->value_type); Swift cannot use those macros, so the calls are
// redirected here at link time instead, and PlexusStore's function code stays
// the same for the plexus program (linked to libsqlite3 directly) and for the
// extension (linked to these, never to libsqlite3). A host with its own SQLite
// built in (RSQLite, any program linked with libsqlite3.a) then runs the
// functions on its SQLite, not on a second, uninitialised copy.
//
// Hidden: the definitions bind the extension's own calls at link time, and are
// not exported, so they never stand in for sqlite3_* in anything else loaded
// in the process. The list is every sqlite3_* function the extension's code
// refers to (`nm -D --undefined-only libplexus_sqlite.so` lists none;
// LoadableExtensionTests checks it).
#pragma GCC visibility push(hidden)
#define SQLITE_CORE 1 // the routines table, without the macros that rename sqlite3_* to it
#include <sqlite3ext.h>
#include "CSQLiteRoutines.h"

/// The host's routines, set once by plexus_sqlite_adopt_routines.
static const sqlite3_api_routines *host;

static inline const sqlite3_api_routines *routines(void) {
    return __atomic_load_n(&host, __ATOMIC_ACQUIRE);
}

int plexus_sqlite_adopt_routines(const void *given, char **error_message) {
    const sqlite3_api_routines *offered = given;
    if (!offered) return SQLITE_ERROR;
    // The table only grows: a host older than the newest entry used here
    // (create_window_function, 3.25.0) has a shorter one.
    if (offered->libversion_number() < 3025000) {
        if (error_message)
            *error_message = offered->mprintf("plexus extension: needs SQLite 3.25.0 or later, this program has %s",
                                              offered->libversion());
        return SQLITE_ERROR;
    }
    const sqlite3_api_routines *expected = 0;
    if (!__atomic_compare_exchange_n(&host, &expected, offered, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
        && expected != offered) {
        // One copy of the extension serves one SQLite: its functions could not tell the two apart.
        if (error_message)
            *error_message = offered->mprintf("plexus extension: already loaded by another SQLite library "
                                              "in this process (SQLite %s)", expected->libversion());
        return SQLITE_ERROR;
    }
    return SQLITE_OK;
}

// In alphabetical order, as nm lists them.
void *sqlite3_aggregate_context(sqlite3_context *context, int bytes) {
    return routines()->aggregate_context(context, bytes);
}
int sqlite3_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int count, void (*destructor)(void *)) {
    return routines()->bind_blob(statement, index, bytes, count, destructor);
}
int sqlite3_bind_double(sqlite3_stmt *statement, int index, double value) {
    return routines()->bind_double(statement, index, value);
}
int sqlite3_bind_int64(sqlite3_stmt *statement, int index, sqlite3_int64 value) {
    return routines()->bind_int64(statement, index, value);
}
int sqlite3_bind_null(sqlite3_stmt *statement, int index) {
    return routines()->bind_null(statement, index);
}
int sqlite3_bind_parameter_count(sqlite3_stmt *statement) {
    return routines()->bind_parameter_count(statement);
}
const char *sqlite3_bind_parameter_name(sqlite3_stmt *statement, int index) {
    return routines()->bind_parameter_name(statement, index);
}
int sqlite3_bind_parameter_index(sqlite3_stmt *statement, const char *name) {
    return routines()->bind_parameter_index(statement, name);
}
int sqlite3_bind_text(sqlite3_stmt *statement, int index, const char *text, int count, void (*destructor)(void *)) {
    return routines()->bind_text(statement, index, text, count, destructor);
}
int sqlite3_bind_zeroblob(sqlite3_stmt *statement, int index, int count) {
    return routines()->bind_zeroblob(statement, index, count);
}
int sqlite3_busy_timeout(sqlite3 *db, int milliseconds) {
    return routines()->busy_timeout(db, milliseconds);
}
int sqlite3_clear_bindings(sqlite3_stmt *statement) {
    return routines()->clear_bindings(statement);
}
int sqlite3_close_v2(sqlite3 *db) {
    return routines()->close_v2(db);
}
const void *sqlite3_column_blob(sqlite3_stmt *statement, int column) {
    return routines()->column_blob(statement, column);
}
int sqlite3_column_bytes(sqlite3_stmt *statement, int column) {
    return routines()->column_bytes(statement, column);
}
int sqlite3_column_count(sqlite3_stmt *statement) {
    return routines()->column_count(statement);
}
double sqlite3_column_double(sqlite3_stmt *statement, int column) {
    return routines()->column_double(statement, column);
}
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *statement, int column) {
    return routines()->column_int64(statement, column);
}
const char *sqlite3_column_name(sqlite3_stmt *statement, int column) {
    return routines()->column_name(statement, column);
}
const unsigned char *sqlite3_column_text(sqlite3_stmt *statement, int column) {
    return routines()->column_text(statement, column);
}
int sqlite3_column_type(sqlite3_stmt *statement, int column) {
    return routines()->column_type(statement, column);
}
int sqlite3_create_function_v2(sqlite3 *db, const char *name, int arity, int flags, void *data,
                               void (*call)(sqlite3_context *, int, sqlite3_value **),
                               void (*step)(sqlite3_context *, int, sqlite3_value **),
                               void (*final)(sqlite3_context *), void (*destroy)(void *)) {
    return routines()->create_function_v2(db, name, arity, flags, data, call, step, final, destroy);
}
int sqlite3_create_window_function(sqlite3 *db, const char *name, int arity, int flags, void *data,
                                   void (*step)(sqlite3_context *, int, sqlite3_value **),
                                   void (*final)(sqlite3_context *), void (*value)(sqlite3_context *),
                                   void (*inverse)(sqlite3_context *, int, sqlite3_value **),
                                   void (*destroy)(void *)) {
    return routines()->create_window_function(db, name, arity, flags, data, step, final, value, inverse, destroy);
}
const char *sqlite3_db_filename(sqlite3 *db, const char *schema) {
    return routines()->db_filename(db, schema);
}
int sqlite3_errcode(sqlite3 *db) {
    return routines()->errcode(db);
}
const char *sqlite3_errmsg(sqlite3 *db) {
    return routines()->errmsg(db);
}
const char *sqlite3_errstr(int code) {
    return routines()->errstr(code);
}
int sqlite3_exec(sqlite3 *db, const char *sql, sqlite3_callback callback, void *argument, char **error_message) {
    return routines()->exec(db, sql, callback, argument, error_message);
}
int sqlite3_extended_result_codes(sqlite3 *db, int on) {
    return routines()->extended_result_codes(db, on);
}
int sqlite3_finalize(sqlite3_stmt *statement) {
    return routines()->finalize(statement);
}
void sqlite3_free(void *memory) {
    routines()->free(memory);
}
/* changes64 joined the routines in SQLite 3.37.0; an older host has only changes. */
sqlite3_int64 sqlite3_changes64(sqlite3 *db) {
    return routines()->libversion_number() >= 3037000 ? routines()->changes64(db) : routines()->changes(db);
}
sqlite3_int64 sqlite3_last_insert_rowid(sqlite3 *db) {
    return routines()->last_insert_rowid(db);
}
void *sqlite3_malloc(int bytes) {
    return routines()->malloc(bytes);
}
int sqlite3_open_v2(const char *path, sqlite3 **db, int flags, const char *vfs) {
    return routines()->open_v2(path, db, flags, vfs);
}
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **statement, const char **tail) {
    return routines()->prepare_v2(db, sql, bytes, statement, tail);
}
int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned int flags, sqlite3_stmt **statement,
                       const char **tail) {
    return routines()->prepare_v3(db, sql, bytes, flags, statement, tail);
}
int sqlite3_reset(sqlite3_stmt *statement) {
    return routines()->reset(statement);
}
void sqlite3_result_double(sqlite3_context *context, double value) {
    routines()->result_double(context, value);
}
void sqlite3_result_error(sqlite3_context *context, const char *message, int bytes) {
    routines()->result_error(context, message, bytes);
}
void sqlite3_result_error_nomem(sqlite3_context *context) {
    routines()->result_error_nomem(context);
}
void sqlite3_result_int64(sqlite3_context *context, sqlite3_int64 value) {
    routines()->result_int64(context, value);
}
void sqlite3_result_null(sqlite3_context *context) {
    routines()->result_null(context);
}
void sqlite3_result_text(sqlite3_context *context, const char *text, int bytes, void (*destructor)(void *)) {
    routines()->result_text(context, text, bytes, destructor);
}
const char *sqlite3_sql(sqlite3_stmt *statement) {
    return routines()->sql(statement);
}
int sqlite3_step(sqlite3_stmt *statement) {
    return routines()->step(statement);
}
int sqlite3_stmt_readonly(sqlite3_stmt *statement) {
    return routines()->stmt_readonly(statement);
}
void *sqlite3_user_data(sqlite3_context *context) {
    return routines()->user_data(context);
}
double sqlite3_value_double(sqlite3_value *value) {
    return routines()->value_double(value);
}
sqlite3_int64 sqlite3_value_int64(sqlite3_value *value) {
    return routines()->value_int64(value);
}
const unsigned char *sqlite3_value_text(sqlite3_value *value) {
    return routines()->value_text(value);
}
int sqlite3_value_type(sqlite3_value *value) {
    return routines()->value_type(value);
}

#pragma GCC visibility pop
