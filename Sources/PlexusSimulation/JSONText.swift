import Foundation

/// JSON written the same way every time: keys sorted, numbers in one fixed
/// format, so that the same simulation gives the same bytes.
///
/// Integers are written as integers; other numbers with at most six decimals,
/// trailing zeros removed (NaN and infinities, which JSON lacks, as null). Objects
/// at the top levels are indented; objects inside arrays take one line each, so a
/// per-frame table reads as one frame per line.
public indirect enum JSONText: Equatable, Sendable {
    case integer(Int64)
    case unsigned(UInt64)
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([String: JSONText])

    public static func integer(_ value: Int) -> JSONText { .integer(Int64(value)) }

    /// The document, ending with a newline.
    public var rendered: String {
        var output = ""
        write(to: &output, indent: 0, compact: false)
        output += "\n"
        return output
    }

    private func write(to output: inout String, indent: Int, compact: Bool) {
        switch self {
        case let .integer(value): output += String(value)
        case let .unsigned(value): output += String(value)
        case let .number(value): output += Self.format(value)
        case let .string(value): output += Self.quote(value)
        case let .bool(value): output += value ? "true" : "false"
        case .null: output += "null"
        case let .array(elements):
            if elements.isEmpty { output += "[]"; return }
            if compact {
                output += "["
                for (i, element) in elements.enumerated() {
                    if i > 0 { output += ", " }
                    element.write(to: &output, indent: indent, compact: true)
                }
                output += "]"
                return
            }
            let pad = String(repeating: " ", count: indent + 2)
            output += "[\n"
            for (i, element) in elements.enumerated() {
                output += pad
                element.write(to: &output, indent: indent + 2, compact: true)
                output += i + 1 < elements.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "]"
        case let .object(members):
            if members.isEmpty { output += "{}"; return }
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            if compact {
                output += "{"
                for (i, key) in keys.enumerated() {
                    if i > 0 { output += ", " }
                    output += Self.quote(key) + ": "
                    members[key]?.write(to: &output, indent: indent, compact: true)
                }
                output += "}"
                return
            }
            let pad = String(repeating: " ", count: indent + 2)
            output += "{\n"
            for (i, key) in keys.enumerated() {
                output += pad + Self.quote(key) + ": "
                members[key]?.write(to: &output, indent: indent + 2, compact: false)
                output += i + 1 < keys.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    static func quote(_ text: String) -> String {
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
