/// A failure reading or writing a TIFF, naming the file and, where known, the page.
package struct TIFFError: Error, CustomStringConvertible, Equatable {
    package let path: String
    /// 0-based page index, or nil when the failure is about the whole file.
    package let page: Int?
    package let message: String

    package init(path: String, page: Int? = nil, _ message: String) {
        self.path = path
        self.page = page
        self.message = message
    }

    package var description: String {
        if let page { return "\(path): page \(page): \(message)" }
        return "\(path): \(message)"
    }
}
