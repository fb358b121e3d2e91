/// A graph that cannot be built or analysed, and why.
package struct GraphError: Error, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
