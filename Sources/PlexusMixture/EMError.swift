/// An EM fit that cannot start or cannot go on, and why.
package struct EMError: Error, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
