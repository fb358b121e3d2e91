extension SQLFunction {
    /// Statistics SQLite lacks, as aggregates: over one column, over (x, y)
    /// pairs, or over (value, group) rows comparing group 1 with group 0. The
    /// numbers are those of numpy and scipy.stats (see `Statistics`).
    static var statistics: [SQLFunction] {
        [
            SQLFunction(
                name: "median", arities: [1], kind: .window { MedianAggregate() },
                summary: "Median of the non-NULL values; also a window function: median(x) OVER (…).",
                documentation: """
                    median(X) — aggregate and window function
                    1. One argument.
                    2. NULL values of X are skipped; no other values: the result is NULL.
                    3. An X that is not a number, or is infinite, raises an error naming the
                       argument: 1st argument to median() is not a number: 'abc'.
                    4. Returns REAL: the middle value, or the mean of the two middle values for
                       an even count (numpy's median).
                    5. As a window function the frame may slide: each row that enters or leaves
                       costs O(w) for a frame of w rows.
                    Example: SELECT t, median(algebraic_connectivity) OVER (ORDER BY t ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)
                             FROM frame WHERE cell_id = 1;
                    """),
            SQLFunction(
                name: "percentile", arities: [2], kind: .aggregate { PercentileAggregate() },
                summary: "The P-th percentile (0–100, linear interpolation) of the non-NULL values: percentile(x, p).",
                documentation: """
                    percentile(X, P) — aggregate
                    1. Two arguments: the values X and the percentile P.
                    2. NULL values of X are skipped; no other values: the result is NULL. One
                       value: the result is that value.
                    3. P must be a number from 0.0 to 100.0, the same on every row; otherwise an
                       error: 2nd argument to percentile() is not a number between 0.0 and 100.0,
                       or … is not the same for all input rows. An X that is not a number, or is
                       infinite, raises an error naming the 1st argument.
                    4. Returns REAL: with the N values sorted, the height at position P/100·(N − 1)
                       of the line through them (numpy's default 'linear' method, and SQLite's
                       percentile extension). percentile(X, 50) = median(X).
                    Example: SELECT cell_id, percentile(eigenvector_centrality, 90) FROM node_metric GROUP BY cell_id;
                    """),
            SQLFunction(
                name: "stddev", arities: [1], kind: .aggregate { SampleAggregate(function: "stddev", Statistics.sampleStandardDeviation) },
                summary: "Sample standard deviation (n − 1 in the denominator) of the non-NULL values.",
                documentation: """
                    stddev(X) — aggregate
                    1. One argument.
                    2. NULL values of X are skipped; fewer than two other values: the result is NULL.
                    3. An X that is not a number, or is infinite, raises an error naming the argument.
                    4. Returns REAL ≥ 0: √(Σ(x − x̄)² / (n − 1)) (numpy's std(ddof=1)).
                    Example: SELECT cell_id, stddev(algebraic_connectivity) FROM frame GROUP BY cell_id;
                    """),
            SQLFunction(
                name: "slope", arities: [2], kind: .aggregate { PairedAggregate(function: "slope") { Statistics.slope(x: $0, y: $1) } },
                summary: "Least-squares slope of y on x: slope(x, y), e.g. slope(time_s, centrality).",
                documentation: pairedDocumentation("slope", """
                    4. Returns REAL: Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², the slope of the least-squares line
                       y = a + b·x, in units of y per unit of x (scipy's linregress slope). NULL
                       below two points or when every X is the same.
                    Example: SELECT cell_id, slope(time_s, algebraic_connectivity) FROM frame GROUP BY cell_id;
                    """)),
            SQLFunction(
                name: "pearson", arities: [2], kind: .aggregate { PairedAggregate(function: "pearson", Statistics.pearson) },
                summary: "Pearson correlation of x and y: pearson(x, y).",
                documentation: pairedDocumentation("pearson", """
                    4. Returns REAL in [−1, 1]: Pearson's r (scipy's pearsonr). NULL below two points
                       or when X or Y is constant.
                    Example: SELECT pearson(strength_in, pagerank) FROM node_metric WHERE cell_id = 1;
                    """)),
            SQLFunction(
                name: "spearman", arities: [2], kind: .aggregate { PairedAggregate(function: "spearman", Statistics.spearman) },
                summary: "Spearman rank correlation of x and y (average ranks for ties): spearman(x, y).",
                documentation: pairedDocumentation("spearman", """
                    4. Returns REAL in [−1, 1]: Pearson's r of the ranks, tied values sharing their
                       average rank (scipy's spearmanr). NULL below two points or when X or Y is
                       constant.
                    Example: SELECT spearman(eigenvector_centrality, pagerank) FROM node_metric WHERE cell_id = 1;
                    """)),
            SQLFunction(
                name: "mann_whitney_u", arities: [2], kind: .aggregate { TwoGroupAggregate(function: "mann_whitney_u") {
                    Statistics.mannWhitney($0, $1)?.u
                } },
                summary: "Mann–Whitney U of group 1 against group 0: mann_whitney_u(value, group).",
                documentation: twoGroupDocumentation("mann_whitney_u", minimum: 1, """
                    4. Returns REAL in [0, n₁n₀]: U of group 1, the pairs (group 1, group 0) whose group 1
                       value is larger, ties counting ½ (scipy's mannwhitneyu(x1, x0).statistic).
                       n₁n₀ − U is group 0's. NULL when a group has no values.
                    """)),
            SQLFunction(
                name: "mann_whitney_p", arities: [2], kind: .aggregate { TwoGroupAggregate(function: "mann_whitney_p") {
                    Statistics.mannWhitney($0, $1)?.pValue
                } },
                summary: "Two-sided p-value of the Mann–Whitney U test, group 1 against group 0: mann_whitney_p(value, group).",
                documentation: twoGroupDocumentation("mann_whitney_p", minimum: 1, """
                    4. Returns REAL in (0, 1]: the two-sided p-value as scipy's
                       mannwhitneyu(x1, x0, alternative='two-sided', method='auto'): exact when a
                       group has at most 8 values and no two values are equal, else the normal
                       approximation with tie correction and continuity correction. NULL when a
                       group has no values. A group of one is a valid but weak test: the smallest
                       p possible is 2/C(n₁ + n₀, n₀) (1 with one value a side).
                    """)),
            SQLFunction(
                name: "welch_t_p", arities: [2], kind: .aggregate { TwoGroupAggregate(function: "welch_t_p") {
                    Statistics.welch($0, $1)?.pValue
                } },
                summary: "Two-sided p-value of Welch's t-test, group 1 against group 0: welch_t_p(value, group).",
                documentation: twoGroupDocumentation("welch_t_p", minimum: 2, """
                    4. Returns REAL in [0, 1]: the two-sided p-value of Welch's unequal-variance t-test
                       with Welch–Satterthwaite degrees of freedom (scipy's
                       ttest_ind(x1, x0, equal_var=False).pvalue). NULL when a group has fewer than
                       two values, or when both groups are constant (t is undefined there; scipy
                       says 0 for two different constants).
                    """)),
            SQLFunction(
                name: "cohens_d", arities: [2], kind: .aggregate { TwoGroupAggregate(function: "cohens_d", Statistics.cohensD) },
                summary: "Cohen's d, group 1 against group 0 with the pooled standard deviation: cohens_d(value, group).",
                documentation: twoGroupDocumentation("cohens_d", minimum: 2, """
                    4. Returns REAL: (mean₁ − mean₀) / s, s² = ((n₁ − 1)s₁² + (n₀ − 1)s₀²) / (n₁ + n₀ − 2),
                       s₁², s₀² the sample variances. Positive when group 1 is larger. NULL when a group
                       has fewer than two values or both groups are constant.
                    """)),
            SQLFunction(
                name: "cliffs_delta", arities: [2], kind: .aggregate { TwoGroupAggregate(function: "cliffs_delta", Statistics.cliffsDelta) },
                summary: "Cliff's delta P(x₁ > x₀) − P(x₁ < x₀), group 1 against group 0: cliffs_delta(value, group).",
                documentation: twoGroupDocumentation("cliffs_delta", minimum: 1, """
                    4. Returns REAL in [−1, 1]: over all pairs of a group 1 value x₁ and a group 0
                       value x₀, the fraction with x₁ > x₀ minus the fraction with x₁ < x₀. NULL when a
                       group has no values.
                    """)),
        ]
    }

    static func pairedDocumentation(_ name: String, _ rest: String) -> String {
        """
        \(name)(X, Y) — aggregate over (x, y) pairs
        1. Two arguments: X and Y of one observation per row.
        2. A row with X or Y NULL is skipped; no other rows: the result is NULL.
        3. An X or Y that is not a number, or is infinite, raises an error naming the
           argument: 2nd argument to \(name)() is not a number: 'abc'.
        \(rest)
        """
    }

    static func twoGroupDocumentation(_ name: String, minimum: Int, _ rest: String) -> String {
        """
        \(name)(VALUE, GROUP) — aggregate comparing group 1 with group 0
        1. Two arguments: an observation VALUE and its GROUP, 0 or 1 (a boolean
           expression such as condition = 'toxin' will do).
        2. A row with VALUE or GROUP NULL is skipped. Each group needs at least \(minimum)
           value\(minimum == 1 ? "" : "s"); otherwise the result is NULL: not computable, never a stand-in.
        3. A VALUE that is not a number, or is infinite, raises an error naming the 1st
           argument; a GROUP other than 0 or 1 raises: 2nd argument to \(name)() is not 0 or 1: 2.
        \(rest)
        Example, toxin-treated cells (1) against controls (0) on the trend of λ₂ over time:
            SELECT \(name)(s.connectivity_slope, v.condition = 'toxin')
            FROM (SELECT cell_id, slope(time_s, algebraic_connectivity) AS connectivity_slope
                  FROM frame GROUP BY cell_id) AS s
            JOIN cell ON cell.id = s.cell_id JOIN video AS v ON v.id = cell.video_id
            WHERE v.condition IN ('control', 'toxin');
        """
    }
}

// MARK: - Reading rows

extension Arguments {
    /// The `i`th argument as a finite number; nil when NULL.
    func sample(_ i: Int) throws -> Double? {
        if values[i] == .null { return nil }
        let value = try double(i)
        guard value.isFinite else {
            throw SQLFunctionError("\(Self.ordinal(i)) argument to \(function)() is not a finite number: \(value)")
        }
        return value
    }

    /// The `i`th argument as group 0 or 1; nil when NULL.
    func group(_ i: Int) throws -> Int? {
        if values[i] == .null { return nil }
        let value = try double(i)
        guard value == 0 || value == 1 else {
            let shown = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            throw SQLFunctionError("\(Self.ordinal(i)) argument to \(function)() is not 0 or 1: \(shown)")
        }
        return Int(value)
    }
}

// MARK: - Aggregates

/// median(X): a sorted multiset that the window can add to and take from.
final class MedianAggregate: SQLWindowAggregate {
    var sample = Statistics.SortedSample()

    func step(_ values: [SQLValue]) throws {
        if let x = try Arguments("median", values).sample(0) { sample.insert(x) }
    }

    func inverse(_ values: [SQLValue]) throws {
        if let x = try Arguments("median", values).sample(0) { sample.remove(x) }
    }

    func value() throws -> SQLValue {
        sample.median().map(SQLValue.real) ?? .null
    }
}

/// percentile(X, P): P checked on every row, as SQLite's percentile extension does.
final class PercentileAggregate: SQLAggregate {
    var sample = Statistics.SortedSample()
    var percent: Double?

    func step(_ values: [SQLValue]) throws {
        let a = Arguments("percentile", values)
        let p = try? a.double(1)
        guard let p, p >= 0, p <= 100 else {
            throw SQLFunctionError("2nd argument to percentile() is not a number between 0.0 and 100.0")
        }
        if let percent, percent != p {
            throw SQLFunctionError("2nd argument to percentile() is not the same for all input rows")
        }
        percent = p
        if let x = try a.sample(0) { sample.insert(x) }
    }

    func value() throws -> SQLValue {
        guard let percent else { return .null }
        return sample.percentile(percent).map(SQLValue.real) ?? .null
    }
}

/// One column in, one number out.
final class SampleAggregate: SQLAggregate {
    let function: String
    let statistic: ([Double]) -> Double?
    var samples: [Double] = []

    init(function: String, _ statistic: @escaping ([Double]) -> Double?) {
        self.function = function
        self.statistic = statistic
    }

    func step(_ values: [SQLValue]) throws {
        if let x = try Arguments(function, values).sample(0) { samples.append(x) }
    }

    func value() throws -> SQLValue {
        statistic(samples).map(SQLValue.real) ?? .null
    }
}

/// (x, y) rows in, one number out; a row missing either is skipped.
final class PairedAggregate: SQLAggregate {
    let function: String
    let statistic: ([Double], [Double]) -> Double?
    var x: [Double] = []
    var y: [Double] = []

    init(function: String, _ statistic: @escaping ([Double], [Double]) -> Double?) {
        self.function = function
        self.statistic = statistic
    }

    func step(_ values: [SQLValue]) throws {
        let a = Arguments(function, values)
        // Both read before either is kept, so a bad Y is reported even beside a NULL X.
        let first = try a.sample(0), second = try a.sample(1)
        guard let first, let second else { return }
        x.append(first)
        y.append(second)
    }

    func value() throws -> SQLValue {
        statistic(x, y).map(SQLValue.real) ?? .null
    }
}

/// (value, group) rows in; the statistic compares group 1 (first) with group 0.
final class TwoGroupAggregate: SQLAggregate {
    let function: String
    let statistic: ([Double], [Double]) -> Double?
    var groups: [[Double]] = [[], []]

    init(function: String, _ statistic: @escaping ([Double], [Double]) -> Double?) {
        self.function = function
        self.statistic = statistic
    }

    func step(_ values: [SQLValue]) throws {
        let a = Arguments(function, values)
        let value = try a.sample(0), group = try a.group(1)
        guard let value, let group else { return }
        groups[group].append(value)
    }

    func value() throws -> SQLValue {
        statistic(groups[1], groups[0]).map(SQLValue.real) ?? .null
    }
}
