import Foundation

/// JSON text, written the same way every time: the one JSON writer of Plexus
/// (simulation ground truth, query results, the graph SQL functions' values).
///
/// Integers are written as integers. A `.number` has at most six decimals,
/// trailing zeros removed; a `.real` is the shortest text that reads back as the
/// same double (Swift's description). NaN and infinities, which JSON lacks, are
/// written as null. An `.object` lists its keys sorted by their UTF-8 bytes, so
/// that the same content gives the same bytes; `.fields` keeps its members in
/// the order given (a result row's columns, a vector over node ids).
///
/// Three layouts: `rendered` indents objects at the top levels and writes
/// objects inside arrays on one line each, so a per-frame table reads as one
/// frame per line; `line` is one line with a space after each `,` and `:`;
/// `tight` is one line without spaces.
package indirect enum JSONText: Equatable, Sendable {
    case integer(Int64)
    case unsigned(UInt64)
    case number(Double)
    case real(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([String: JSONText])
    case fields([Field])

    /// A member of `.fields`.
    package struct Field: Equatable, Sendable {
        package var key: String
        package var value: JSONText

        package init(_ key: String, _ value: JSONText) {
            self.key = key
            self.value = value
        }
    }

    package static func integer(_ value: Int) -> JSONText { .integer(Int64(value)) }

    /// The document, indented, ending with a newline.
    package var rendered: String {
        var output = ""
        write(to: &output, indent: 0, layout: .indented)
        output += "\n"
        return output
    }

    /// One line, a space after each separator: `{"a": 1, "b": [2, 3]}`.
    package var line: String {
        var output = ""
        write(to: &output, indent: 0, layout: .line)
        return output
    }

    /// One line without spaces: `{"a":1,"b":[2,3]}`.
    package var tight: String {
        var output = ""
        write(to: &output, indent: 0, layout: .tight)
        return output
    }

    private enum Layout { case indented, line, tight }

    private func write(to output: inout String, indent: Int, layout: Layout) {
        switch self {
        case let .integer(value): output += String(value)
        case let .unsigned(value): output += String(value)
        case let .number(value): output += Self.format(value)
        case let .real(value): output += value.isFinite ? "\(value)" : "null"
        case let .string(value): output += Self.quote(value)
        case let .bool(value): output += value ? "true" : "false"
        case .null: output += "null"
        case let .array(elements):
            if elements.isEmpty { output += "[]"; return }
            if layout != .indented {
                output += "["
                for (i, element) in elements.enumerated() {
                    if i > 0 { output += layout == .tight ? "," : ", " }
                    element.write(to: &output, indent: indent, layout: layout)
                }
                output += "]"
                return
            }
            let pad = String(repeating: " ", count: indent + 2)
            output += "[\n"
            for (i, element) in elements.enumerated() {
                output += pad
                element.write(to: &output, indent: indent + 2, layout: .line)
                output += i + 1 < elements.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "]"
        case let .object(members):
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            Self.fields(keys.map { Field($0, members[$0]!) }).write(to: &output, indent: indent, layout: layout)
        case let .fields(members):
            if members.isEmpty { output += "{}"; return }
            if layout != .indented {
                output += "{"
                for (i, member) in members.enumerated() {
                    if i > 0 { output += layout == .tight ? "," : ", " }
                    output += Self.quote(member.key) + (layout == .tight ? ":" : ": ")
                    member.value.write(to: &output, indent: indent, layout: layout)
                }
                output += "}"
                return
            }
            let pad = String(repeating: " ", count: indent + 2)
            output += "{\n"
            for (i, member) in members.enumerated() {
                output += pad + Self.quote(member.key) + ": "
                member.value.write(to: &output, indent: indent + 2, layout: .indented)
                output += i + 1 < members.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }

    /// A `.number`: at most six decimals, trailing zeros removed, null when not finite.
    package static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    package static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

/// CSV text (RFC 4180): the one CSV quoting of Plexus.
package enum CSVText {
    /// `text` as a field: quoted, with quotes doubled, when it holds a comma, a
    /// quote or a line break; as it is otherwise.
    package static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// One record: the fields joined by commas, ending with a newline.
    package static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}
