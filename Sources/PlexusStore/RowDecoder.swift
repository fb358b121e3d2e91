/// Decodes a result row into a `Decodable` record by column name, as GRDB's
/// `FetchableRecord` does: each coding key names a column. A column the row
/// lacks is an error, for optional properties too (optional means the value may
/// be NULL, not that the column may be missing), and so is a value of the wrong
/// type, so that renaming a column in `queries/*.sql` fails loudly instead of
/// turning a number into a default.
///
/// Types: `Int` (and the other integers) from an integer, or from a real with
/// an integral value; `Double` and `Float` from an integer or a real; `String`
/// from text; `Bool` from the integers 0 and 1. NULL decodes only into an
/// optional. Nested records, arrays and dictionaries are refused: a row is flat.
package struct RowDecoder {
    /// The row's columns, in order.
    package let columns: [String]
    /// What the rows come from, for error messages ("the query conditions").
    package let source: String
    private let index: [String: Int]

    package init(columns: [String], source: String) {
        self.columns = columns
        self.source = source
        var index: [String: Int] = [:]
        for (i, name) in columns.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    /// `values` (one per column) as a `T`.
    package func decode<T: Decodable>(_ type: T.Type, from values: [SQLValue]) throws -> T {
        precondition(values.count == columns.count, "a row has one value per column")
        return try T(from: RowValues(decoder: self, values: values))
    }

    fileprivate func position(of key: CodingKey) throws -> Int {
        guard let position = index[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: [key],
                debugDescription: "\(source) has no column \(key.stringValue) (its columns: \(columns.joined(separator: ", ")))"))
        }
        return position
    }
}

/// One row under decoding: the `Decoder` a record's `init(from:)` is handed.
private struct RowValues: Decoder {
    let decoder: RowDecoder
    let values: [SQLValue]
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row of \(decoder.source) is a record, not a list"))
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row of \(decoder.source) is a record, not one value"))
    }
}

private struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: RowValues
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { row.decoder.columns.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { (try? row.decoder.position(of: key)) != nil }

    private func value(_ key: Key) throws -> SQLValue { row.values[try row.decoder.position(of: key)] }

    private func mismatch<T>(_ type: T.Type, _ key: Key, _ value: SQLValue) -> DecodingError {
        let found: String = switch value {
        case .null: "NULL"
        case let .integer(v): "the integer \(v)"
        case let .real(v): "the real \(v)"
        case let .text(v): "the text '\(v.prefix(40))'"
        }
        return DecodingError.typeMismatch(type, .init(
            codingPath: [key], debugDescription: "column \(key.stringValue) of \(row.decoder.source) holds \(found), not a \(type)"))
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        let v = try value(key)
        switch v {
        case .integer(0): return false
        case .integer(1): return true
        default: throw mismatch(type, key, v)
        }
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let v = try value(key)
        guard case let .text(text) = v else { throw mismatch(type, key, v) }
        return text
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        let v = try value(key)
        switch v {
        case let .integer(n): return Double(n)
        case let .real(x): return x
        default: throw mismatch(type, key, v)
        }
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        let v = try value(key)
        switch v {
        case let .integer(n): if let exact = T(exactly: n) { return exact }
        case let .real(x): if let exact = T(exactly: x) { return exact }
        default: break
        }
        throw mismatch(type, key, v)
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let v = try value(key)
        throw DecodingError.typeMismatch(type, .init(
            codingPath: [key], debugDescription: "column \(key.stringValue) of \(row.decoder.source) holds \(v), and a row decodes only into numbers, text and Bool, not \(type)"))
    }

    // Optional properties: the column must exist; NULL gives nil.
    private func optional<T>(_ key: Key, _ decode: () throws -> T) throws -> T? {
        try decodeNil(forKey: key) ? nil : try decode()
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(key) { try decode(type, forKey: key) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try optional(key) { try decode(type, forKey: key) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "a row of \(row.decoder.source) is flat: column \(key.stringValue) holds no record"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "a row of \(row.decoder.source) is flat: column \(key.stringValue) holds no list"))
    }

    func superDecoder() throws -> Decoder { row }
    func superDecoder(forKey key: Key) throws -> Decoder { row }
}

extension DecodingError {
    /// The message of a row decoding failure, for an error a user reads.
    package var rowMessage: String {
        switch self {
        case let .keyNotFound(_, context), let .typeMismatch(_, context), let .valueNotFound(_, context),
             let .dataCorrupted(context):
            context.debugDescription
        @unknown default:
            "\(self)"
        }
    }
}
