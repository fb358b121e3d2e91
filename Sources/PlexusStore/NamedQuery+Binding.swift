import Foundation
import PlexusNumerics

/// The values bound to a query's :parameters.
extension NamedQuery {
    /// The values to bind: defaults, overridden by `given` (text as typed after
    /// --param, parsed into a number, NULL or text) and by `typed` (values bound
    /// as they are: a condition named "007" stays text); an unknown or a missing
    /// required parameter, or a value outside the listed choices, is an error
    /// naming it.
    package func values(_ given: [String: String], typed: [String: SQLValue] = [:]) throws -> [String: SQLValue] {
        for name in Set(given.keys).union(typed.keys) where !parameters.contains(where: { $0.name == name }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw StoreError("query \(self.name) has no parameter \(name) (it takes: \(known.isEmpty ? "none" : known))")
        }
        var values: [String: SQLValue] = [:]
        for parameter in parameters {
            let value: SQLValue, text: String
            if let bound = typed[parameter.name] {
                (value, text) = (bound, ResultWriter.plain(bound.json))
            } else if let written = given[parameter.name] ?? parameter.defaultValue {
                (value, text) = (QueryRunner.value(parsing: written), written)
            } else {
                throw StoreError("query \(name) needs --param \(parameter.name)=VALUE (\(parameter.help))")
            }
            if !parameter.choices.isEmpty && !parameter.choices.contains(text) {
                throw StoreError("query \(name): --param \(parameter.name) must be one of \(parameter.choices.joined(separator: ", ")), not '\(text)'")
            }
            values[parameter.name] = value
        }
        return values
    }
}
