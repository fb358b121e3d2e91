import Foundation

/// Sentences and cell texts shared by the HTML and Markdown reports.
enum ReportText {
    /// The false-discovery rate the summary calls a difference at.
    static let alpha = ConditionReport.significanceLevel

    static func title(_ report: ConditionReport) -> String {
        "Condition comparison: \(report.compared.joined(separator: ", ")) against \(report.baseline)"
    }

    /// "0.012 [0.004, 0.03]".
    static func interval(_ value: Double?, _ low: Double?, _ high: Double?) -> String {
        guard let value else { return "n/c" }
        guard let low, let high else { return SVG.number(value) }
        return "\(SVG.number(value)) [\(SVG.number(low)), \(SVG.number(high))]"
    }

    /// "1.2 (0.9–1.5)": the median and its interquartile range.
    static func median(_ median: Double?, _ q1: Double?, _ q3: Double?) -> String {
        guard let median else { return "–" }
        guard let q1, let q3 else { return SVG.number(median) }
        return "\(SVG.number(median)) (\(SVG.number(q1)), \(SVG.number(q3)))"
    }

    static func p(_ value: Double?) -> String { value.map(ReportPlots.pText) ?? "n/c" }

    /// One finding per compared condition, from the cell-level comparisons
    /// (and the replicate level when there is one).
    static func findings(_ report: ConditionReport) -> [String] {
        var lines: [String] = []
        for condition in report.compared {
            let rows = report.comparisons.filter { $0.condition == condition }
            let n = rows.map(\.n).max() ?? 0, baselineN = rows.map(\.baselineN).max() ?? 0
            let computable = rows.filter { $0.mannWhitneyPBH != nil }
            if computable.isEmpty {
                let note = rows.compactMap(\.note).first ?? "not computable"
                lines.append("\(condition) (\(n) cells) against \(report.baseline) (\(baselineN) cells): no test is computable (\(note)).")
                continue
            }
            let hits = computable.filter(\.isSignificant).sorted { ($0.mannWhitneyPBH ?? 1) < ($1.mannWhitneyPBH ?? 1) }
            var line = "\(condition) (\(n) cells) against \(report.baseline) (\(baselineN) cells): "
            if hits.isEmpty {
                line += "no feature differs at a Benjamini–Hochberg adjusted Mann–Whitney p < \(SVG.number(alpha)) (\(computable.count) features tested)."
            } else {
                line += "\(hits.count) of \(computable.count) features \(hits.count == 1 ? "differs" : "differ") (BH-adjusted Mann–Whitney p < \(SVG.number(alpha))): "
                line += hits.map { hit in
                    let direction = (hit.cliffsDelta ?? 0) > 0 ? "higher" : "lower"
                    return "\(FeatureLabels.label(hit.feature)) \(direction) (Cliff's δ \(interval(hit.cliffsDelta, hit.cliffsDeltaLow, hit.cliffsDeltaHigh)), p_BH \(p(hit.mannWhitneyPBH)))"
                }.joined(separator: "; ") + "."
            }
            let replicateRows = report.replicateComparisons.filter { $0.condition == condition }
            if !replicateRows.isEmpty {
                let replicateHits = replicateRows.filter(\.isSignificant).count
                let replicateComputable = replicateRows.filter { $0.mannWhitneyPBH != nil }.count
                let units = replicateRows.map(\.n).max() ?? 0, baselineUnits = replicateRows.map(\.baselineN).max() ?? 0
                if replicateComputable == 0 {
                    line += " On replicate means (\(units) against \(baselineUnits)) no test is computable."
                } else {
                    line += " On replicate means (\(units) against \(baselineUnits) replicates): \(replicateHits) of \(replicateComputable) features \(replicateHits == 1 ? "differs" : "differ")"
                    let floor = smallestMannWhitneyP(units, baselineUnits)
                    line += replicateHits == 0 && floor >= alpha
                        ? " (the smallest two-sided Mann–Whitney p that \(units) against \(baselineUnits) can give is \(SVG.number(floor)))."
                        : "."
                }
            }
            lines.append(line)
        }
        let classification = report.classification
        if let accuracy = classification.accuracy, let chance = classification.chance, let folds = classification.folds {
            lines.append("A logistic regression on \(classification.features.count) features tells the \(classification.classes.count) conditions apart with \(percent(accuracy)) cross-validated accuracy (\(folds) stratified folds; always guessing the largest condition: \(percent(chance))).")
        } else if let reason = classification.notComputable {
            lines.append("Classification not computable: \(reason)")
        }
        return lines
    }

    /// 2 / C(m + n, m): the exact two-sided Mann–Whitney p of complete separation,
    /// the smallest there is for m against n values.
    static func smallestMannWhitneyP(_ m: Int, _ n: Int) -> Double {
        var arrangements = 1.0
        for i in 0..<min(m, n) { arrangements = arrangements * Double(m + n - i) / Double(i + 1) }
        return min(1, 2 / arrangements)
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }

    static func methods(_ report: ConditionReport) -> [String] {
        let options = report.options
        return [
            "Per-cell features are summaries over each cell's fitted frames (query cell_features): means, and least-squares slopes per second (per frame without a frame interval).",
            "Components are born, die, split and merge over a video (the default preset), so consecutive frames are compared over the union of their components: the Laplacian gradient counts an absent component as a zero row and column, centrality drift is each component's slope over its own lifetime, and split and merge rates are events per live component per frame (Σ splits / Σ live components over the cell's frames). Under --preset ornet the components are fixed and these rates are 0.",
            "Each condition is compared with \(report.baseline) by the two-sided Mann–Whitney U test (exact for small samples without ties, normal approximation with tie correction otherwise) and Welch's t-test; p-values are adjusted by Benjamini–Hochberg (p_BH) across the features of each comparison whose test is computable (at most \(report.features.count)).",
            "Effect sizes are condition minus baseline: Cohen's d (pooled SD) and Cliff's δ (P(X > Y) − P(X < Y)), with \(Int((options.confidence * 100).rounded()))% percentile bootstrap intervals from \(options.resamples) resamples drawn within each group (seed \(options.seed)); intervals need at least 4 units a side, and when the groups separate completely every resample does too, so Cliff's δ's interval is then [±1, ±1].",
            "With replicates in the sample sheet, the same comparison is repeated on replicate means (cells without a replicate left out), so that cells from one replicate do not count as independent observations.",
            "Tests need at least two units on each side; below that they are reported as not computable (n/c), never as p = 1.",
            "Classification: multinomial logistic regression (L2, C = 1, features standardised within each training fold), stratified \(options.folds)-fold cross-validation (fewer folds when a condition has fewer cells) seeded with \(options.seed).",
            "Time courses: per frame, the mean over the condition's cells with a Student-t \(Int((options.confidence * 100).rounded()))% confidence interval of the mean (none below two cells).",
            "Representative cell: the cell nearest its condition's median over all features, distances scaled by each feature's interquartile range.",
            "Every number comes from the named queries conditions, feature_values (built on cell_features), condition_compare, condition_timecourse, frame_network and ingest_runs; plexus query --show NAME prints their SQL.",
        ]
    }
}
