/// A failure of one input, naming the file and where in it (page, row, column).
package struct IngestError: Error, CustomStringConvertible {
    package let path: String
    package let message: String

    package init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
