import Foundation

/// Writes query results as an aligned table, CSV or JSON.
public enum ResultFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// Accumulates or streams one or more result sets to `write`.
public final class ResultWriter {
    let format: ResultFormat
    let write: (String) -> Void
    private var names: [String] = []
    private var buffered: [[String]] = []
    private var sets = 0
    private var rowsInSet = 0

    public init(format: ResultFormat, write: @escaping (String) -> Void) {
        self.format = format
        self.write = write
    }

    public func begin(_ columns: QueryRunner.Columns) {
        flush()
        names = columns.names
        rowsInSet = 0
        switch format {
        case .table: if sets > 0 { write("\n") }
        case .csv:
            if sets > 0 { write("\n") }
            write(names.map(Self.csvField).joined(separator: ",") + "\n")
        case .json: write(sets == 0 ? "[" : ",\n[")
        }
        sets += 1
    }

    public func row(_ values: [SQLValue]) {
        switch format {
        case .table:
            // One line per row: line breaks inside a value are shown as \n.
            buffered.append(values.map { Self.plain($0).replacingOccurrences(of: "\r", with: "\\r")
                .replacingOccurrences(of: "\n", with: "\\n") })
        case .csv: write(values.map { Self.csvField(Self.plain($0)) }.joined(separator: ",") + "\n")
        case .json:
            let fields = zip(names, values).map { "\(Self.jsonString($0)): \(Self.json($1))" }
            write((rowsInSet == 0 ? "\n  {" : ",\n  {") + fields.joined(separator: ", ") + "}")
        }
        rowsInSet += 1
    }

    /// Ends the current result set.
    public func flush() {
        guard sets > 0 else { return }
        switch format {
        case .table:
            guard !names.isEmpty else { return }
            var widths = names.map(\.count)
            for row in buffered { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            write(line(names) + "\n")
            write(line(widths.map { String(repeating: "-", count: $0) }) + "\n")
            for row in buffered { write(line(row) + "\n") }
            buffered.removeAll()
            names = []
        case .csv: break
        case .json:
            if !names.isEmpty { write(rowsInSet == 0 ? "]" : "\n]") }
            names = []
        }
    }

    /// Finishes the output.
    public func finish() {
        flush()
        if format == .json && sets > 0 { write("\n") }
    }

    public static func plain(_ value: SQLValue) -> String {
        switch value {
        case .null: ""
        case let .integer(v): "\(v)"
        case let .real(v): "\(v)"
        case let .text(v): v
        }
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func json(_ value: SQLValue) -> String {
        switch value {
        case .null: "null"
        case let .integer(v): "\(v)"
        case let .real(v): v.isFinite ? "\(v)" : "null"
        case let .text(v): jsonString(v)
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
