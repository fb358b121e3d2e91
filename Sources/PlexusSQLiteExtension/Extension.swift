import CSQLite
import CSQLiteRoutines
import PlexusStore

/// The entry point SQLite calls when the library is loaded
/// (`.load ./libplexus_sqlite` in the sqlite3 shell, `load_extension` in
/// Python, `SELECT load_extension(…)` in R): installs every Plexus SQL function
/// on the connection.
///
/// Every sqlite3_* call of the extension — registering the functions, and
/// reading arguments, setting results and errors, allocating while they run —
/// goes through `api`, the routines of the SQLite that loaded it (the
/// library does not link libsqlite3: see CSQLiteRoutines). So it works in hosts
/// that use the shared system SQLite (the sqlite3 shell, Python on Debian) and
/// in hosts with their own SQLite built in (R's RSQLite, a program linked with
/// libsqlite3.a), provided that SQLite is 3.25.0 or later and allows loading
/// extensions. One process can have it loaded by one SQLite library only.
@_cdecl("sqlite3_extension_init")
public func sqlite3ExtensionInit(_ db: OpaquePointer?, _ errorMessage: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                 _ api: UnsafeRawPointer?) -> Int32 {
    // First: before it, a sqlite3_* call would have no SQLite to go to.
    let adopted = plexus_sqlite_adopt_routines(api, errorMessage)
    guard adopted == SQLITE_OK else { return adopted }
    guard let db else { return SQLITE_ERROR }
    do {
        try SQLiteConnection(borrowing: db).installFunctions()
        return SQLITE_OK
    } catch {
        if let errorMessage {
            // SQLite frees the message with sqlite3_free, so it must come from sqlite3_malloc.
            let bytes = Array("plexus extension: \(error)".utf8CString)
            if let buffer = sqlite3_malloc(Int32(bytes.count))?.assumingMemoryBound(to: CChar.self) {
                bytes.withUnsafeBufferPointer { buffer.initialize(from: $0.baseAddress!, count: bytes.count) }
                errorMessage.pointee = buffer
            }
        }
        return SQLITE_ERROR
    }
}

/// The name SQLite derives from the file name libplexus_sqlite.so.
@_cdecl("sqlite3_plexussqlite_init")
public func sqlite3PlexusSQLiteInit(_ db: OpaquePointer?, _ errorMessage: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                    _ api: UnsafeRawPointer?) -> Int32 {
    sqlite3ExtensionInit(db, errorMessage, api)
}
