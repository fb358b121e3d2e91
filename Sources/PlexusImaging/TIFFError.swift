/// A failure reading or writing a TIFF, naming the file and, where known, the page.
public struct TIFFError: Error, CustomStringConvertible, Equatable {
    public let path: String
    /// 0-based page index, or nil when the failure is about the whole file.
    public let page: Int?
    public let message: String

    public init(path: String, page: Int? = nil, _ message: String) {
        self.path = path
        self.page = page
        self.message = message
    }

    public var description: String {
        if let page { return "\(path): page \(page): \(message)" }
        return "\(path): \(message)"
    }
}
