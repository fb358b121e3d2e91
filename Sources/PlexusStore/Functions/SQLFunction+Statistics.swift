import Foundation
import PlexusNumerics

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
                name: "student_t_quantile", arities: [2], kind: .scalar { values in
                    let a = Arguments("student_t_quantile", values)
                    if a.hasNull { return .null }
                    guard let p = try? a.double(0), p > 0, p < 1 else {
                        throw SQLFunctionError("1st argument to student_t_quantile() is not a number strictly between 0 and 1")
                    }
                    guard let nu = try? a.double(1), nu > 0, nu.isFinite else {
                        throw SQLFunctionError("2nd argument to student_t_quantile() is not a positive finite number")
                    }
                    return .real(Statistics.studentTQuantile(p, degreesOfFreedom: nu))
                },
                summary: "Quantile (inverse CDF) of Student's t: student_t_quantile(p, df), e.g. student_t_quantile(0.975, 9).",
                documentation: """
                    student_t_quantile(P, DF) — scalar
                    1. Two arguments: a probability P and the degrees of freedom DF.
                    2. Either argument NULL: the result is NULL.
                    3. P must be a number strictly between 0 and 1, and DF a positive finite number
                       (not necessarily an integer: Welch's degrees of freedom are not); otherwise an
                       error naming the argument: 1st argument to student_t_quantile() is not a number
                       strictly between 0 and 1; 2nd argument to student_t_quantile() is not a
                       positive finite number.
                    4. Returns REAL: the t with P(T ≤ t) = P for Student's t with DF degrees of
                       freedom, the inverse of its CDF (scipy's t.ppf(P, DF)); negative below P = 0.5,
                       0 at 0.5, and symmetric: student_t_quantile(1 − P, DF) = −student_t_quantile(P, DF).
                       Within a relative 1e-10 of scipy for P from 1e-12 to 1 − 1e-12 and DF from 0.5
                       to 1e6, and closer to the exact value than scipy next to P = 0.5, where scipy
                       loses digits of P − 0.5. NULL only where the quantile is beyond the range of a
                       REAL (DF well below 1 with P within about 1e-12 of 0 or 1).
                    5. The inverse of the tail behind welch_t_p(): for DF degrees of freedom, a
                       two-sided p-value of α is reached at |t| = student_t_quantile(1 − α/2, DF).
                    Example, a 95% confidence interval of each cell's mean λ₂:
                        SELECT cell_id,
                               avg(algebraic_connectivity) - student_t_quantile(0.975, count(algebraic_connectivity) - 1)
                                   * stddev(algebraic_connectivity) / sqrt(count(algebraic_connectivity)) AS low,
                               avg(algebraic_connectivity) + student_t_quantile(0.975, count(algebraic_connectivity) - 1)
                                   * stddev(algebraic_connectivity) / sqrt(count(algebraic_connectivity)) AS high
                        FROM frame GROUP BY cell_id;
                    """),
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
            SQLFunction(
                name: "bootstrap_ci", arities: [3, 4, 5, 6], kind: .aggregate { BootstrapAggregate() },
                summary: "Percentile bootstrap interval of a two-group statistic, as JSON [low,high]: "
                    + "bootstrap_ci('cohens_d', value, group [, level [, resamples [, seed]]]).",
                documentation: """
                    bootstrap_ci(STATISTIC, X, GROUP [, LEVEL [, RESAMPLES [, SEED]]]) — aggregate comparing group 1 with group 0
                    1. Three to six arguments: STATISTIC, the name of a statistic of group 1 against
                       group 0 as text: 'cohens_d' and 'cliffs_delta' (as cohens_d() and cliffs_delta()),
                       'mean_difference' and 'median_difference' (group 1's mean or median minus
                       group 0's); an observation X and its GROUP, 0 or 1, as for cohens_d(); the
                       confidence LEVEL, default 0.95; the number of RESAMPLES, default 2000; the SEED
                       of the random numbers, default 1.
                    2. A row with X or GROUP NULL is skipped. The result is NULL when the statistic is
                       undefined on the data (cohens_d: a group with fewer than two values, or both
                       groups constant; the others: a group with no values), or when it is undefined on
                       more than half of the resamples: not computable, never a stand-in. No rows: NULL.
                    3. Errors name the argument: a STATISTIC other than the four names (1st argument
                       to bootstrap_ci() is not one of 'cohens_d', 'cliffs_delta', 'mean_difference',
                       'median_difference': 'd'); an X that is not a number, or is infinite; a GROUP
                       other than 0 or 1 (3rd argument to bootstrap_ci() is not 0 or 1: 2); a LEVEL not
                       strictly between 0 and 1; RESAMPLES not an integer from 100 to 1000000; a SEED
                       that is not an integer; STATISTIC, LEVEL, RESAMPLES or SEED differing between rows
                       (4th argument to bootstrap_ci() is not the same for all input rows).
                    4. The percentile bootstrap — not BCa, not the basic bootstrap — stratified by
                       group: each resample draws n₁ values with replacement from group 1's n₁, then n₀
                       from group 0's n₀, so the groups keep their sizes and never exchange values.
                       The statistic is computed on each resample as on the data; a resample where it
                       is undefined (cohens_d with both resampled groups constant) is left out.
                    5. Returns TEXT, a JSON array [low,high]: the (1 − LEVEL)/2 and (1 + LEVEL)/2
                       percentiles, as percentile() computes them (numpy's 'linear' method), of the
                       defined resampled statistics. Read them with ->> 0 and ->> 1. This is
                       scipy.stats.bootstrap((x1, x0), statistic, method='percentile',
                       confidence_level=LEVEL) up to Monte-Carlo error: with σ the spread of the
                       resampled statistic (a 95% interval is about 4σ wide), each bound of a 95%
                       interval has a standard error of about 2.7σ/√RESAMPLES, 0.06σ at the default
                       2000 resamples and 0.02σ at 20000 — use 20000 or more for bounds to report.
                    6. Reproducible: the random numbers are SplitMix64 seeded with SEED (a negative
                       SEED as its 64-bit two's complement), drawing for resample after resample the n₁
                       group 1 indices, then the n₀ group 0 indices, each by Lemire's multiply-and-reject
                       (SeededRandom.index(below:)), into each group's values sorted
                       ascending. So the same values give the same interval on every machine, in every
                       row order; a different SEED gives a different sample of resamples.
                       Time O(RESAMPLES · (n₁ + n₀)).
                    Example, toxin-treated cells (1) against controls (0) on the trend of λ₂ over time:
                        SELECT ci ->> 0 AS low, ci ->> 1 AS high
                        FROM (SELECT bootstrap_ci('cliffs_delta', s.connectivity_slope, v.condition = 'toxin', 0.95, 20000) AS ci
                              FROM (SELECT cell_id, slope(time_s, algebraic_connectivity) AS connectivity_slope
                                    FROM frame GROUP BY cell_id) AS s
                              JOIN cell ON cell.id = s.cell_id JOIN video AS v ON v.id = cell.video_id
                              WHERE v.condition IN ('control', 'toxin'));
                    """),
            SQLFunction(
                name: "wilcoxon_p", arities: [1], kind: .aggregate { SampleAggregate(function: "wilcoxon_p") {
                    Statistics.wilcoxonSignedRank($0)?.pValue
                } },
                summary: "Two-sided p-value of the Wilcoxon signed-rank test of paired differences: wilcoxon_p(after - before).",
                documentation: """
                    wilcoxon_p(D) — aggregate over paired differences
                    1. One argument: the difference D of one pair per row (e.g. after − before).
                    2. NULL values of D are skipped; no other values: the result is NULL.
                    3. A D that is not a number, or is infinite, raises an error naming the argument.
                    4. Returns REAL in (0, 1]: the two-sided p-value of the Wilcoxon signed-rank test
                       that the differences are symmetric about 0, as scipy.stats.wilcoxon(D) with its
                       defaults (zero_method='wilcox', correction=False, method='auto'): zeros are
                       dropped, |D| ranked with ties sharing their average rank; with N rows in all,
                       exact (every sign assignment counted) when N ≤ 50 and there are no ties and no
                       zeros, or when N ≤ 13; otherwise the normal approximation with the tie
                       correction and no continuity correction. Every D equal to 0: 1 (scipy: NaN).
                       One pair is a valid but weak test: the smallest p possible for n nonzero
                       differences is 2/2ⁿ (1 with one pair, 0.0625 with five).
                    Example, each cell's λ₂ slope before against after a treatment:
                        SELECT wilcoxon_p(a.algebraic_connectivity_slope - b.algebraic_connectivity_slope)
                        FROM cell_period AS b JOIN cell_period AS a ON a.cell_id = b.cell_id
                        WHERE b.period = 'before' AND a.period = 'after';
                    """),
            SQLFunction(
                name: "wilcoxon_rank_biserial", arities: [1], kind: .aggregate { SampleAggregate(function: "wilcoxon_rank_biserial") {
                    Statistics.wilcoxonSignedRank($0)?.rankBiserial
                } },
                summary: "Matched-pairs rank-biserial correlation of paired differences: wilcoxon_rank_biserial(after - before).",
                documentation: """
                    wilcoxon_rank_biserial(D) — aggregate over paired differences
                    1. One argument: the difference D of one pair per row.
                    2. NULL values of D are skipped; no other values, or every D equal to 0: the
                       result is NULL.
                    3. A D that is not a number, or is infinite, raises an error naming the argument.
                    4. Returns REAL in [−1, 1]: (W⁺ − W⁻) / (W⁺ + W⁻), W⁺ and W⁻ the sums of the ranks
                       of |D| over the positive and the negative differences (zeros dropped, ties
                       sharing their average rank), as wilcoxon_p() ranks them: the share of the
                       rank sum that is positive minus the share that is negative (Kerby's simple
                       difference formula). +1 when every nonzero D is positive.
                    """),
            SQLFunction(
                name: "bootstrap_median_ci", arities: [1, 2, 3, 4], kind: .aggregate { MedianBootstrapAggregate() },
                summary: "Percentile bootstrap interval of the median of one column, as JSON [low,high]: "
                    + "bootstrap_median_ci(x [, level [, resamples [, seed]]]).",
                documentation: """
                    bootstrap_median_ci(X [, LEVEL [, RESAMPLES [, SEED]]]) — aggregate
                    1. One to four arguments: the values X (e.g. paired differences after − before);
                       the confidence LEVEL, default 0.95; the number of RESAMPLES, default 2000; the
                       SEED of the random numbers, default 1.
                    2. NULL values of X are skipped; no other values: the result is NULL.
                    3. Errors name the argument: an X that is not a number, or is infinite; a LEVEL
                       not strictly between 0 and 1; RESAMPLES not an integer from 100 to 1000000; a
                       SEED that is not an integer; LEVEL, RESAMPLES or SEED differing between rows.
                    4. The percentile bootstrap: each resample draws n values with replacement from
                       the n values, and its median is taken as median() takes it.
                    5. Returns TEXT, a JSON array [low,high]: the (1 − LEVEL)/2 and (1 + LEVEL)/2
                       percentiles (numpy's 'linear' method) of the resampled medians; read them with
                       ->> 0 and ->> 1. scipy.stats.bootstrap((x,), numpy.median,
                       method='percentile') up to Monte-Carlo error. With few values the medians
                       take few distinct values, and so do the bounds.
                    6. Reproducible as bootstrap_ci(): SplitMix64 seeded with SEED, indices by
                       Lemire's multiply-and-reject into the values sorted ascending, so the same
                       values give the same interval in any row order. Time O(RESAMPLES · n).
                    """),
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

/// The (VALUE, GROUP) rows of a two-group aggregate, VALUE at argument
/// `valueArgument` and GROUP just after it: a row with either NULL is skipped,
/// a VALUE must be a finite number and a GROUP 0 or 1 (errors name the argument).
struct TwoGroupRows {
    let valueArgument: Int
    /// Group 0's values, then group 1's.
    private(set) var groups: [[Double]] = [[], []]

    init(valueArgument: Int = 0) {
        self.valueArgument = valueArgument
    }

    var group1: [Double] { groups[1] }
    var group0: [Double] { groups[0] }

    mutating func step(_ a: Arguments) throws {
        let value = try a.sample(valueArgument), group = try a.group(valueArgument + 1)
        guard let value, let group else { return }
        groups[group].append(value)
    }
}

/// (value, group) rows in; the statistic compares group 1 (first) with group 0.
final class TwoGroupAggregate: SQLAggregate {
    let function: String
    let statistic: ([Double], [Double]) -> Double?
    var rows = TwoGroupRows()

    init(function: String, _ statistic: @escaping ([Double], [Double]) -> Double?) {
        self.function = function
        self.statistic = statistic
    }

    func step(_ values: [SQLValue]) throws {
        try rows.step(Arguments(function, values))
    }

    func value() throws -> SQLValue {
        statistic(rows.group1, rows.group0).map(SQLValue.real) ?? .null
    }
}

/// bootstrap_ci(STATISTIC, X, GROUP [, LEVEL [, RESAMPLES [, SEED]]]): the
/// options checked on every row, as percentile() checks P; the rows as the
/// two-group aggregates read them.
final class BootstrapAggregate: SQLAggregate {
    static let function = "bootstrap_ci"
    static let defaultLevel = 0.95, defaultResamples = 2000, defaultSeed: Int64 = 1
    static let resampleRange = 100...1_000_000

    struct Options: Equatable {
        var statistic: Statistics.BootstrapStatistic
        var level = BootstrapAggregate.defaultLevel
        var resamples = BootstrapAggregate.defaultResamples
        var seed = BootstrapAggregate.defaultSeed
    }

    var rows = TwoGroupRows(valueArgument: 1)
    var options: Options?

    func step(_ values: [SQLValue]) throws {
        let a = Arguments(Self.function, values)
        var row = Options(statistic: try Self.statistic(a))
        try rows.step(a)
        if values.count > 3 { row.level = try Self.level(a) }
        if values.count > 4 { row.resamples = try Self.resamples(a) }
        if values.count > 5 { row.seed = try Self.seed(a) }
        if let options, options != row {
            let differing = options.statistic != row.statistic ? 0 : options.level != row.level ? 3
                : options.resamples != row.resamples ? 4 : 5
            throw SQLFunctionError("\(Arguments.ordinal(differing)) argument to \(Self.function)() is not the same for all input rows")
        }
        options = row
    }

    func value() throws -> SQLValue {
        guard let options,
              let interval = Statistics.bootstrapInterval(options.statistic, rows.group1, rows.group0,
                                                          level: options.level, resamples: options.resamples,
                                                          seed: UInt64(bitPattern: options.seed)) else { return .null }
        return .text("[\(interval.low),\(interval.high)]")
    }

    static func statistic(_ a: Arguments) throws -> Statistics.BootstrapStatistic {
        if case let .text(name) = a.values[0], let statistic = Statistics.BootstrapStatistic(rawValue: name) {
            return statistic
        }
        let names = Statistics.BootstrapStatistic.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let shown: String
        switch a.values[0] {
        case .null: shown = "NULL"
        case let .text(t): shown = "'\(t)'"
        case let .integer(v): shown = String(v)
        case let .real(v): shown = "\(v)"
        }
        throw SQLFunctionError("1st argument to \(function)() is not one of \(names): \(shown)")
    }

    static func level(_ a: Arguments) throws -> Double {
        guard let level = try? a.double(3), level > 0, level < 1 else {
            throw SQLFunctionError("4th argument to \(function)() is not a number strictly between 0 and 1")
        }
        return level
    }

    static func resamples(_ a: Arguments) throws -> Int {
        guard let count = try? a.double(4), count == count.rounded(),
              count >= Double(resampleRange.lowerBound), count <= Double(resampleRange.upperBound) else {
            throw SQLFunctionError("5th argument to \(function)() is not an integer from \(resampleRange.lowerBound) to \(resampleRange.upperBound)")
        }
        return Int(count)
    }

    /// Any 64-bit integer (as SQLite's INTEGER); a REAL or text only if it is one exactly.
    static func seed(_ a: Arguments) throws -> Int64 {
        switch a.values[5] {
        case let .integer(v): return v
        case let .real(v):
            if v == v.rounded(), let exact = Int64(exactly: v) { return exact }
        case let .text(t):
            if let v = Int64(t.trimmingCharacters(in: .whitespaces)) { return v }
        case .null: break
        }
        throw SQLFunctionError("6th argument to \(function)() is not an integer")
    }
}

/// bootstrap_median_ci(X [, LEVEL [, RESAMPLES [, SEED]]]): the options
/// checked on every row, as bootstrap_ci() checks its own.
final class MedianBootstrapAggregate: SQLAggregate {
    static let function = "bootstrap_median_ci"

    struct Options: Equatable {
        var level = BootstrapAggregate.defaultLevel
        var resamples = BootstrapAggregate.defaultResamples
        var seed = BootstrapAggregate.defaultSeed
    }

    var values: [Double] = []
    var options: Options?

    func step(_ row: [SQLValue]) throws {
        let a = Arguments(Self.function, row)
        var given = Options()
        if let x = try a.sample(0) { values.append(x) }
        if row.count > 1 {
            guard let level = try? a.double(1), level > 0, level < 1 else {
                throw SQLFunctionError("2nd argument to \(Self.function)() is not a number strictly between 0 and 1")
            }
            given.level = level
        }
        if row.count > 2 {
            let range = BootstrapAggregate.resampleRange
            guard let count = try? a.double(2), count == count.rounded(),
                  count >= Double(range.lowerBound), count <= Double(range.upperBound) else {
                throw SQLFunctionError("3rd argument to \(Self.function)() is not an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            given.resamples = Int(count)
        }
        if row.count > 3 {
            switch row[3] {
            case let .integer(v): given.seed = v
            case let .real(v) where v == v.rounded() && Int64(exactly: v) != nil: given.seed = Int64(v)
            case let .text(t) where Int64(t.trimmingCharacters(in: .whitespaces)) != nil:
                given.seed = Int64(t.trimmingCharacters(in: .whitespaces))!
            default: throw SQLFunctionError("4th argument to \(Self.function)() is not an integer")
            }
        }
        if let options, options != given {
            let differing = options.level != given.level ? 1 : options.resamples != given.resamples ? 2 : 3
            throw SQLFunctionError("\(Arguments.ordinal(differing)) argument to \(Self.function)() is not the same for all input rows")
        }
        options = given
    }

    func value() throws -> SQLValue {
        guard let options,
              let interval = Statistics.bootstrapMedianInterval(values, level: options.level, resamples: options.resamples,
                                                                seed: UInt64(bitPattern: options.seed)) else { return .null }
        return .text("[\(interval.low),\(interval.high)]")
    }
}
