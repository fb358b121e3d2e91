import CSQLite
import PlexusStore

/// The entry point SQLite calls when the library is loaded
/// (`.load ./libplexus_sqlite` in the sqlite3 shell, `load_extension` in
/// Python): installs every Plexus SQL function on the connection.
///
/// The functions call the process's libsqlite3 directly rather than through
/// the `pApi` routines, so the host must use the shared system SQLite (as the
/// sqlite3 shell and Python do on Debian); a host with its own statically
/// linked SQLite cannot load it.
@_cdecl("sqlite3_extension_init")
public func sqlite3ExtensionInit(_ db: OpaquePointer?, _ errorMessage: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                 _ api: UnsafeRawPointer?) -> Int32 {
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
