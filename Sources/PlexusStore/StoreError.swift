/// A failure talking to SQLite, naming the database and what was being done.
package struct StoreError: Error, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
