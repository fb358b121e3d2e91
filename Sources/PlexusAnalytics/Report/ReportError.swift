/// Why a report cannot be written; the message says what to do instead.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
