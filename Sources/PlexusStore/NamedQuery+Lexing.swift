/// The few pieces of SQL lexing the splicing needs: comments, quotes and the final `;`.
extension NamedQuery {
    /// `text` after its leading white space and comments (-- … and /* … */).
    static func skippingTrivia(_ text: Substring) -> Substring {
        var rest = text
        while true {
            rest = rest.drop(while: { $0.isWhitespace })
            if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return rest[rest.endIndex...] }
                rest = rest[end.upperBound...]
            } else {
                return rest
            }
        }
    }

    /// `text` without its final `;` when only white space and comments follow it
    /// (a statement that is to become a common table expression). Quotes and
    /// comments are skipped, so a ';' inside them is not taken for the end.
    static func withoutTerminator(_ text: Substring) -> Substring {
        var index = text.startIndex
        var semicolon: Substring.Index?, lastCode: Substring.Index?
        while index < text.endIndex {
            let character = text[index]
            let rest = text[index...]
            if rest.hasPrefix("--") {
                index = rest.firstIndex(of: "\n") ?? text.endIndex
                continue
            }
            if rest.hasPrefix("/*") {
                index = rest.range(of: "*/")?.upperBound ?? text.endIndex
                continue
            }
            if let close: Character = ["'": "'", "\"": "\"", "`": "`", "[": "]"][character] {
                lastCode = index
                let after = text.index(after: index)
                index = text[after...].firstIndex(of: close).map { text.index(after: $0) } ?? text.endIndex
                continue
            }
            if character == ";" {
                semicolon = index
            } else if !character.isWhitespace {
                lastCode = index
            }
            index = text.index(after: index)
        }
        if let semicolon, lastCode.map({ $0 < semicolon }) ?? true { return text[..<semicolon] }
        return text
    }
}
