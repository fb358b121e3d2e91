import CSQLite
import Foundation

/// An error raised inside a SQL function; its text becomes the SQL error, so it
/// names the function and the argument, for the person typing SQL.
package struct SQLFunctionError: Error, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// The state of one aggregate (or window) evaluation: one group, or one window.
package protocol SQLAggregate: AnyObject {
    func step(_ arguments: [SQLValue]) throws
    /// The result for the rows stepped so far (called once for a plain
    /// aggregate, once per row for a window).
    func value() throws -> SQLValue
}

/// An aggregate that can also remove rows, so SQLite can slide a window over it.
package protocol SQLWindowAggregate: SQLAggregate {
    func inverse(_ arguments: [SQLValue]) throws
}

/// A Swift function callable from SQL, documented in the style of SQLite's own
/// extensions: arity, NULL handling, errors, result type.
package struct SQLFunction: Sendable {
    package enum Kind: Sendable {
        case scalar(@Sendable ([SQLValue]) throws -> SQLValue)
        case aggregate(@Sendable () -> SQLAggregate)
        case window(@Sendable () -> SQLWindowAggregate)
    }

    package let name: String
    /// The accepted argument counts.
    package let arities: [Int32]
    package let kind: Kind
    /// One line for `plexus functions`.
    package let summary: String
    /// The numbered specification (arity, NULLs, errors, result, example).
    package let documentation: String

    package init(name: String, arities: [Int32], kind: Kind, summary: String, documentation: String) {
        self.name = name
        self.arities = arities
        self.kind = kind
        self.summary = summary
        self.documentation = documentation
    }

    package var signature: String {
        let kindName: String
        switch kind {
        case .scalar: kindName = "scalar"
        case .aggregate: kindName = "aggregate"
        case .window: kindName = "aggregate, window"
        }
        let counts = arities.map(String.init).joined(separator: " or ")
        return "\(name) (\(kindName), \(counts) argument\(arities == [1] ? "" : "s"))"
    }
}

extension SQLFunction {
    /// Every Plexus SQL function, in the order `plexus functions` lists them.
    package static let all: [SQLFunction] = gaussian + statistics + graph
}

// MARK: - Registration through the C API

/// Boxes handed to SQLite as the function's user data.
private final class ScalarBox {
    let body: @Sendable ([SQLValue]) throws -> SQLValue
    init(_ body: @escaping @Sendable ([SQLValue]) throws -> SQLValue) { self.body = body }
}

private final class AggregateBox {
    let make: @Sendable () -> SQLAggregate
    init(_ make: @escaping @Sendable () -> SQLAggregate) { self.make = make }
}

/// Holds the Swift aggregate of one group; SQLite's aggregate context stores
/// a pointer to it.
private final class AggregateSlot {
    var aggregate: SQLAggregate?
}

func sqlArguments(_ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) -> [SQLValue] {
    (0..<Int(count)).map { i in
        guard let value = values?[i] else { return .null }
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return .real(sqlite3_value_double(value))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_value_text(value) else { return .null }
            return .text(String(cString: text))
        }
    }
}

func setResult(_ context: OpaquePointer?, _ value: SQLValue) {
    switch value {
    case .null: sqlite3_result_null(context)
    case let .integer(v): sqlite3_result_int64(context, v)
    case let .real(v): v.isFinite ? sqlite3_result_double(context, v) : sqlite3_result_null(context)
    case let .text(v): sqlite3_result_text(context, v, -1, sqliteTransient)
    }
}

func setError(_ context: OpaquePointer?, _ error: Error) {
    sqlite3_result_error(context, "\(error)", -1)
}

private func slot(_ context: OpaquePointer?, create: Bool) -> AggregateSlot? {
    let size = Int32(create ? MemoryLayout<UnsafeMutableRawPointer?>.size : 0)
    guard let memory = sqlite3_aggregate_context(context, size) else { return nil }
    let pointer = memory.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
    if let existing = pointer.pointee {
        return Unmanaged<AggregateSlot>.fromOpaque(existing).takeUnretainedValue()
    }
    guard create else { return nil }
    let fresh = AggregateSlot()
    pointer.pointee = Unmanaged.passRetained(fresh).toOpaque()
    return fresh
}

private func aggregate(_ context: OpaquePointer?) -> SQLAggregate? {
    guard let slot = slot(context, create: true) else { return nil }
    if slot.aggregate == nil {
        let box = Unmanaged<AggregateBox>.fromOpaque(sqlite3_user_data(context)!).takeUnretainedValue()
        slot.aggregate = box.make()
    }
    return slot.aggregate
}

private let scalarCall: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, count, values in
    let box = Unmanaged<ScalarBox>.fromOpaque(sqlite3_user_data(context)!).takeUnretainedValue()
    do { setResult(context, try box.body(sqlArguments(count, values))) } catch { setError(context, error) }
}

private let stepCall: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, count, values in
    guard let state = aggregate(context) else { return sqlite3_result_error_nomem(context) }
    do { try state.step(sqlArguments(count, values)) } catch { setError(context, error) }
}

private let inverseCall: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, count, values in
    guard let state = aggregate(context) as? SQLWindowAggregate else { return }
    do { try state.inverse(sqlArguments(count, values)) } catch { setError(context, error) }
}

private let valueCall: @convention(c) (OpaquePointer?) -> Void = { context in
    guard let state = aggregate(context) else { return sqlite3_result_error_nomem(context) }
    do { setResult(context, try state.value()) } catch { setError(context, error) }
}

private let finalCall: @convention(c) (OpaquePointer?) -> Void = { context in
    // An aggregate over no rows still has a value (NULL for most): make one.
    guard let slot = slot(context, create: true) else { return sqlite3_result_error_nomem(context) }
    defer {
        if let memory = sqlite3_aggregate_context(context, 0) {
            let pointer = memory.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            if let stored = pointer.pointee { Unmanaged<AggregateSlot>.fromOpaque(stored).release() }
            pointer.pointee = nil
        }
    }
    if slot.aggregate == nil {
        let box = Unmanaged<AggregateBox>.fromOpaque(sqlite3_user_data(context)!).takeUnretainedValue()
        slot.aggregate = box.make()
    }
    do { setResult(context, try slot.aggregate!.value()) } catch { setError(context, error) }
}

private let releaseBox: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
    if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
}

extension SQLiteConnection {
    /// Installs every Plexus SQL function on this connection.
    package func installFunctions() throws {
        for function in SQLFunction.all { try install(function) }
    }

    package func install(_ function: SQLFunction) throws {
        for arity in function.arities {
            let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
            let code: Int32
            switch function.kind {
            case let .scalar(body):
                let box = Unmanaged.passRetained(ScalarBox(body) as AnyObject).toOpaque()
                code = sqlite3_create_function_v2(handle, function.name, arity, flags, box, scalarCall, nil, nil, releaseBox)
            case let .aggregate(make):
                let box = Unmanaged.passRetained(AggregateBox(make) as AnyObject).toOpaque()
                code = sqlite3_create_function_v2(handle, function.name, arity, flags, box, nil, stepCall, finalCall, releaseBox)
            case let .window(make):
                let box = Unmanaged.passRetained(AggregateBox(make) as AnyObject).toOpaque()
                code = sqlite3_create_window_function(handle, function.name, arity, flags, box, stepCall, finalCall,
                                                      valueCall, inverseCall, releaseBox)
            }
            guard code == SQLITE_OK else {
                throw StoreError("\(path): cannot register SQL function \(function.name): \(errorMessage)")
            }
        }
    }
}

// MARK: - Argument helpers for function bodies

/// Reads numeric arguments with messages in the style of SQLite's extensions.
struct Arguments {
    let function: String
    let values: [SQLValue]

    init(_ function: String, _ values: [SQLValue]) {
        self.function = function
        self.values = values
    }

    static func ordinal(_ i: Int) -> String {
        let n = i + 1
        let suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][n % 10]
        return "\(n)\(suffix)"
    }

    var hasNull: Bool { values.contains(.null) }

    func double(_ i: Int) throws -> Double {
        switch values[i] {
        case let .integer(v): return Double(v)
        case let .real(v): return v
        case let .text(t):
            if let v = Double(t.trimmingCharacters(in: .whitespaces)) { return v }
            throw SQLFunctionError("\(Self.ordinal(i)) argument to \(function)() is not a number: '\(t)'")
        case .null:
            throw SQLFunctionError("\(Self.ordinal(i)) argument to \(function)() is NULL")
        }
    }

    func integer(_ i: Int) throws -> Int {
        let v = try double(i)
        guard v == v.rounded(), abs(v) < 9e15 else {
            throw SQLFunctionError("\(Self.ordinal(i)) argument to \(function)() is not an integer: \(v)")
        }
        return Int(v)
    }

    func text(_ i: Int) throws -> String {
        if case let .text(t) = values[i] { return t }
        throw SQLFunctionError("\(Self.ordinal(i)) argument to \(function)() must be text")
    }
}
