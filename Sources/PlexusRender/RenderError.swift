/// A rendering failure, with a message that names what to fix.
public struct RenderError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
