/// A rendering failure, with a message that names what to fix.
package struct RenderError: Error, CustomStringConvertible, Equatable {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
