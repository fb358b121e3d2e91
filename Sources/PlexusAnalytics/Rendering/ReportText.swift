import Foundation

/// Sentences and cell texts shared by the HTML and Markdown reports.
enum ReportText {
    /// The false-discovery rate the summary calls a difference at.
    static let alpha = ConditionReport.significanceLevel

    static func title(_ report: ConditionReport) -> String {
        guard !report.compared.isEmpty else {
            return report.treatmentComparisons.isEmpty ? "Report: \(report.baseline)" : "Before and after treatment: \(report.baseline)"
        }
        return "Condition comparison: \(report.compared.joined(separator: ", ")) against \(report.baseline)"
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
        if let reason = report.noComparison { lines.append("No comparison between conditions: \(reason).") }
        var treated: [String] = []
        for row in report.treatmentComparisons where !treated.contains(row.condition) { treated.append(row.condition) }
        for condition in treated {
            let rows = report.treatmentComparisons.filter { $0.condition == condition }
            let n = rows.map(\.n).max() ?? 0
            let computable = rows.filter { $0.wilcoxonPBH != nil }
            guard !computable.isEmpty else {
                lines.append("\(condition), after its treatment frame against before (\(n) cells with both): no test is computable (\(rows.compactMap(\.note).first ?? "not computable")).")
                continue
            }
            let hits = computable.filter(\.isSignificant).sorted { ($0.wilcoxonPBH ?? 1) < ($1.wilcoxonPBH ?? 1) }
            var line = "\(condition), after its treatment frame against before (\(n) cells with both): "
            if hits.isEmpty {
                line += "no feature changes at a BH-adjusted paired Wilcoxon p < \(SVG.number(alpha)) (\(computable.count) features tested"
                line += n < 6 ? "; with \(n) cells the smallest p possible is \(SVG.number(min(1, 2 / pow(2, Double(n)))))).": ")."
            } else {
                line += "\(hits.count) of \(computable.count) features \(hits.count == 1 ? "changes" : "change") (BH-adjusted paired Wilcoxon p < \(SVG.number(alpha))): "
                line += hits.map { hit in
                    let direction = (hit.medianDifference ?? 0) > 0 ? "rises" : "falls"
                    return "\(FeatureLabels.label(hit.feature)) \(direction) (median change \(interval(hit.medianDifference, hit.medianDifferenceLow, hit.medianDifferenceHigh)) \(FeatureLabels.unit(hit.feature, report.units)), p_BH \(p(hit.wilcoxonPBH)))"
                }.joined(separator: "; ") + "."
            }
            lines.append(line)
        }
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
        let options = report.options, units = report.units
        var lines = [
            "Per-cell features are summaries over each cell's fitted frames (query cell_features): means, and least-squares slopes per second (per frame without a frame interval).",
            "Units in this report: lengths in \(units.length) and areas in \(units.area) (\(report.calibration == .all ? "every video has a pixel size" : report.calibration == .none ? "no video has a pixel size, so they stay in pixels" : "some videos have a pixel size and some not, so these features mix units")); slopes and rates per \(units.time) (\(report.timing == .all ? "every video has a frame interval" : report.timing == .none ? "no video has a frame interval" : "some videos have a frame interval and some not")). Component means and covariances, and so the edge weights, are always in pixels.",
            "λ₂, the algebraic connectivity, is the second-smallest eigenvalue of the combinatorial Laplacian L = D − W_s of each frame's component network (W_s the symmetrised edge weights, D their row sums). It measures how well connected the network is: 0 when the network falls into separate pieces, larger when no small set of weak edges could cut it in two. Its unit is that of the edge weights: \(units.weight.map { "under the pdf affinity an edge weight is a Gaussian density in \($0), so λ₂ is in \($0) and its slope in \(units.rate(of: $0))" } ?? "the edge weights of these runs are unitless (Hellinger or KL affinity), or of different affinities, so λ₂ is given without a unit"). The spectral gap is λ₂ of the normalised Laplacian, which is unitless.",
            "Components are born, die, split and merge over a video (the default preset), so consecutive frames are compared over the union of their components: the Laplacian gradient counts an absent component as a zero row and column, centrality drift is each component's slope over its own lifetime, and split and merge rates are events per live component per frame (Σ splits / Σ live components over the cell's frames). Under --preset ornet the components are fixed and these rates are 0.",
            "Each condition is compared with \(report.baseline) by the two-sided Mann–Whitney U test (exact for small samples without ties, normal approximation with tie correction otherwise) and Welch's t-test; p-values are adjusted by Benjamini–Hochberg (p_BH) across the features of each comparison whose test is computable (at most \(report.features.count)).",
            "Effect sizes are condition minus baseline: Cohen's d (pooled SD) and Cliff's δ (P(X > Y) − P(X < Y)), with \(Int((options.confidence * 100).rounded()))% percentile bootstrap intervals from \(options.resamples) resamples drawn within each group (seed \(options.seed)); intervals need at least 4 units a side, and when the groups separate completely every resample does too, so Cliff's δ's interval is then [±1, ±1].",
            "With replicates in the sample sheet, the same comparison is repeated on replicate means (cells without a replicate left out), so that cells from one replicate do not count as independent observations.",
            "Tests need at least two units on each side; below that they are reported as not computable (n/c), never as p = 1.",
            "Classification: multinomial logistic regression (L2, C = 1, features standardised within each training fold), stratified \(options.folds)-fold cross-validation (fewer folds when a condition has fewer cells) seeded with \(options.seed).",
            "Time courses: per frame, the mean over the condition's cells with a Student-t \(Int((options.confidence * 100).rounded()))% confidence interval of the mean (none below two cells). Every metric drawn is non-negative (λ₂, the gap, densities, counts, rates, the Laplacian gradient, which is a norm, and lengths), so the band's lower bound is cut at 0, and edge density's upper bound at 1 (it is a fraction), in the query condition_timecourse, rather than drawn where no value can be.",
            "Representative cell: the cell nearest its condition's median over all features, distances scaled by each feature's interquartile range.",
            "Every number comes from the named queries conditions, feature_values and condition_summary (built on cell_features), condition_compare, treatment_compare, condition_timecourse, frame_network and ingest_runs; plexus query --show NAME prints their SQL.",
        ]
        if !report.treatmentComparisons.isEmpty {
            lines.insert("Before and after treatment: for each cell whose video has a treatment frame (sample sheet column treatment_frame), the features are computed as above over its fitted frames before that frame (t < treatment_frame) and from it on (t ≥ treatment_frame), each period on its own (query cell_period_features; the change across the treatment frame belongs to neither, and a feature over time needs two frames in a period). The paired differences after − before are tested with the two-sided Wilcoxon signed-rank test as scipy.stats.wilcoxon computes it by default: zero differences dropped, ties given average ranks; with N pairs, exact (all 2ⁿ sign assignments counted) when N ≤ 50 without ties or zeros, or N ≤ 13 with them; otherwise the normal approximation with tie correction and no continuity correction. p-values are Benjamini–Hochberg adjusted across the features of each condition. Effect sizes: the median of the paired differences with a \(Int((options.confidence * 100).rounded()))% percentile bootstrap interval (\(options.resamples) resamples of the cells, seed \(options.seed), from 4 cells on) and the matched-pairs rank-biserial correlation (W⁺ − W⁻)/(W⁺ + W⁻). With n cells the smallest two-sided p is 2/2ⁿ, so fewer than 6 cells cannot reach p < 0.05.", at: 3)
        }
        if report.noComparison != nil {
            lines.removeAll { $0.hasPrefix("Each condition is compared") || $0.hasPrefix("Effect sizes are condition") || $0.hasPrefix("With replicates") || $0.hasPrefix("Classification:") }
        }
        return lines
    }
}
