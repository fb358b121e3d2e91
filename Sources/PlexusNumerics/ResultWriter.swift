import Foundation

/// How query results are written: an aligned table, CSV or JSON.
package enum ResultFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// Accumulates or streams one or more result sets to `write`.
package final class ResultWriter {
    let format: ResultFormat
    let write: (String) -> Void
    private var names: [String] = []
    private var buffered: [[String]] = []
    private var sets = 0
    private var rowsInSet = 0

    package init(format: ResultFormat, write: @escaping (String) -> Void) {
        self.format = format
        self.write = write
    }

    /// Starts a result set with these column names.
    package func begin(_ columns: [String]) {
        flush()
        names = columns
        rowsInSet = 0
        switch format {
        case .table: if sets > 0 { write("\n") }
        case .csv:
            if sets > 0 { write("\n") }
            write(CSVText.record(names))
        case .json: write(sets == 0 ? "[" : ",\n[")
        }
        sets += 1
    }

    /// One row of the current result set, a scalar per column.
    package func row(_ values: [JSONText]) {
        switch format {
        case .table:
            // One line per row: line breaks inside a value are shown as \n.
            buffered.append(values.map { Self.plain($0).replacingOccurrences(of: "\r", with: "\\r")
                .replacingOccurrences(of: "\n", with: "\\n") })
        case .csv: write(CSVText.record(values.map(Self.plain)))
        case .json:
            write((rowsInSet == 0 ? "\n  " : ",\n  ") + JSONText.fields(zip(names, values).map { JSONText.Field($0, $1) }).line)
        }
        rowsInSet += 1
    }

    /// Ends the current result set.
    package func flush() {
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
    package func finish() {
        flush()
        if format == .json && sets > 0 { write("\n") }
    }

    /// A scalar as plain text: nothing for null, numbers as JSON writes them, text as it is.
    package static func plain(_ value: JSONText) -> String {
        switch value {
        case .null: ""
        case let .string(text): text
        case let .real(number): "\(number)"
        default: value.line
        }
    }
}
