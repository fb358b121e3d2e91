/// Statistics SQLite lacks, for the SQL functions of `SQLFunction+Statistics.swift`
/// and for reports written in Swift.
///
/// Every function takes plain finite `Double`s (the SQL layer drops NULLs and
/// rejects the rest) and returns nil where the statistic is undefined — too few
/// values, zero variance — rather than a number that would look like a result.
/// The definitions are those of numpy and scipy.stats, so that a query and a
/// notebook agree; `Benchmarks/scipy_fixtures.py` records the reference values.
package enum Statistics {}
