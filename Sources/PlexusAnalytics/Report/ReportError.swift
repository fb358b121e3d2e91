/// Why a report cannot be written; the message says what to do instead.
package struct ReportError: Error, CustomStringConvertible, Equatable {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
