extension String {
    /// The UTF-8 text of a C character buffer up to its first NUL (all of it
    /// when there is none), as a C function such as gethostname or vsnprintf
    /// fills it; invalid bytes become U+FFFD.
    package init(nulTerminated buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
