/// The report's tables as Markdown (the plots are in the HTML form only).
struct MarkdownReport {
    let report: ConditionReport

    init(_ report: ConditionReport) { self.report = report }

    func render() -> String {
        var text = "# \(ReportText.title(report))\n\n"
        text += "Database `\(report.database)`, generated \(report.generated) by plexus \(report.toolVersion); \(report.cells.count) cells in \(report.reportedConditions.count) conditions.\n\n"
        text += "## Summary\n\n" + report.warnings.map { "> \($0)\n\n" }.joined()
            + ReportText.findings(report).map { "- \($0)\n" }.joined() + "\n"
        text += "## Data\n\n" + table(["condition", "role", "videos", "cells", "replicates", "fitted frames"], report.conditions.map { c in
            [c.name, report.role(of: c.name),
             String(c.videos), String(c.cells), String(c.replicates), String(c.fittedFrames)]
        }) + "\n"
        if !report.missingFeatures.isEmpty {
            text += "Not in this database: \(report.missingFeatures.joined(separator: ", ")).\n\n"
        }
        text += "## Before and after treatment\n\n"
        if report.treatmentComparisons.isEmpty {
            text += "No video of this report has a treatment frame.\n\n"
        } else {
            text += table(["condition", "feature (unit)", "n", "before median (IQR)", "after median (IQR)", "median difference [CI]",
                           "Wilcoxon p", "p_BH", "rank-biserial r", "note"], report.treatmentComparisons.map { row in
                let name = FeatureLabels.label(row.feature, report.units)
                return [row.condition, row.isSignificant ? "**\(name)**" : name, String(row.n),
                        ReportText.median(row.beforeMedian, row.beforeQ1, row.beforeQ3),
                        ReportText.median(row.afterMedian, row.afterQ1, row.afterQ3),
                        ReportText.interval(row.medianDifference, row.medianDifferenceLow, row.medianDifferenceHigh),
                        ReportText.p(row.wilcoxonP), ReportText.p(row.wilcoxonPBH),
                        row.rankBiserial.map { SVG.number($0) } ?? "n/c", row.note ?? ""]
            }) + "\n"
        }
        text += "## Cells against the baseline\n\n"
        text += report.noComparison.map { "No comparison between conditions: \($0).\n\n" } ?? comparisons(report.comparisons)
        text += "## Replicate means against the baseline\n\n"
        text += report.replicateComparisons.isEmpty ? "No replicates in the sample sheet.\n\n" : comparisons(report.replicateComparisons)
        text += "## Classification\n\n"
        let result = report.classification
        if let accuracy = result.accuracy, let confusion = result.confusion, let chance = result.chance, let folds = result.folds {
            text += "Logistic regression, \(folds)-fold stratified cross-validation over \(result.cells) cells: accuracy \(ReportText.percent(accuracy)) (chance \(ReportText.percent(chance))). Features: \(result.features.joined(separator: ", ")).\n\n"
            text += table(["true \\ predicted"] + result.classes, confusion.enumerated().map { i, row in [result.classes[i]] + row.map(String.init) }) + "\n"
        } else {
            text += "Not computable: \(result.notComputable ?? "no result")\n\n"
        }
        text += "## Phenotype space\n\n" + phenotypes()
        text += "## Parameters\n\n" + table(["setting", "value"], [
            ["baseline", report.baseline], ["compared", report.compared.joined(separator: ", ")],
            ["features", report.features.joined(separator: ", ")], ["confidence", SVG.number(report.options.confidence)],
            ["bootstrap resamples", String(report.options.resamples)], ["seed", String(report.options.seed)],
            ["folds (requested)", String(report.options.folds)],
        ]) + "\n"
        text += table(["run", "started", "status", "version", "videos", "cells", "command line", "parameters"], report.runs.map { run in
            [String(run.id), run.startedAt, run.status, run.toolVersion, String(run.videos), String(run.cells),
             "`\(run.commandLine)`", "`\(run.parametersJSON)`"]
        }) + "\n"
        text += "## Methods\n\n" + ReportText.methods(report).map { "- \($0)\n" }.joined()
        return text
    }

    /// The phenotype space's tables (its scatter and the cells' paths are in the HTML form).
    func phenotypes() -> String {
        guard let space = report.phenotypes else {
            return "No phenotype space: \(report.phenotypesNotComputable ?? "not computable").\n\n"
        }
        func n(_ value: Double?) -> String { value.map { SVG.number($0) } ?? "n/c" }
        let ratios = space.components.explainedVarianceRatio
        var text = space.notes.map { "> \($0)\n\n" }.joined()
        text += "\(space.cells.count) cells in the space of \(space.features.count) standardised features; PC1 explains \(SVG.number(100 * ratios[0])) %"
        text += ratios.count > 1 ? ", PC2 \(SVG.number(100 * ratios[1])) %" : ""
        text += "; \(space.parallelAnalysis.retained) component\(space.parallelAnalysis.retained == 1 ? " stands" : "s stand") above noise (parallel analysis). The scatter, with each cell's path frame by frame, is in the HTML form.\n\n"
        if !space.dropped.isEmpty {
            text += "Left out: " + space.dropped.map { "\($0.feature) (\($0.reason))" }.joined(separator: "; ") + ".\n\n"
        }
        let level = Int((space.options.confidence * 100).rounded())
        for (name, title) in [("cell", "Shift of each condition's cells"), ("replicate", "Shift of replicate means")] {
            let rows = space.shifts.filter { $0.level == name }
            guard !rows.isEmpty else { continue }
            text += "### \(title)\n\n" + table(["condition", "from", "n", "distance", "\(level) % interval", "spread of reference",
                                                "Mahalanobis", "permutation p", "p_BH"], rows.map { shift in
                guard shift.notComputable == nil else {
                    return [shift.condition, shift.reference, "\(shift.n) / \(shift.referenceN)",
                            "not computable: \(shift.notComputable!)", "", "", "", "", ""]
                }
                let significant = (shift.pBH ?? 1) < ConditionReport.significanceLevel
                return [significant ? "**\(shift.condition)**" : shift.condition, shift.reference, "\(shift.n) / \(shift.referenceN)",
                        n(shift.euclideanDistance), "\(n(shift.distanceLow)) – \(n(shift.distanceHigh))", n(shift.referenceSpread),
                        n(shift.mahalanobisDistance) + (shift.mahalanobisRegularized == true ? " (shrunk)" : ""),
                        n(shift.p), n(shift.pBH)]
            }) + "\n"
        }
        text += "### Classifiers side by side\n\n" + table(["classifier", "folds", "accuracy", "balanced accuracy", "label-permutation p"],
                                                            space.classifications.map { c in
            c.notComputable.map { [c.classifier.title, "not computable: \($0)", "", "", ""] }
                ?? [c.classifier.title, c.folds.map(String.init) ?? "", n(c.accuracy), n(c.balancedAccuracy), n(c.permutationP)]
        }) + "\n"
        let clustering = space.clustering, conditions = space.known + space.unknown
        text += "### Phenotypes without labels\n\nk-means in the \(space.parallelAnalysis.retained) component\(space.parallelAnalysis.retained == 1 ? "" : "s") above noise: \(clustering.choice).\n\n"
        text += table(["cluster"] + conditions + ["features furthest from the mean (standardised)"], clustering.clusters.map { cluster in
            let distinctive = cluster.standardizedMeans.indices
                .sorted { abs(cluster.standardizedMeans[$0]) > abs(cluster.standardizedMeans[$1]) }.prefix(3)
            return [String(cluster.index + 1)] + conditions.map { String(cluster.composition[$0] ?? 0) }
                + [distinctive.map { "\(space.features[$0]) \(SVG.number(cluster.standardizedMeans[$0]))" }.joined(separator: "; ")]
        }) + "\n"
        return text
    }

    func comparisons(_ rows: [ConditionReport.Comparison]) -> String {
        var text = ""
        for condition in report.compared {
            let selected = rows.filter { $0.condition == condition }
            guard !selected.isEmpty else { continue }
            text += "### \(condition) against \(report.baseline)\n\n"
            text += table(["feature", "n", "\(report.baseline) median (IQR)", "\(condition) median (IQR)", "Mann–Whitney p", "p_BH",
                           "Welch p", "p_BH", "Cohen's d [CI]", "Cliff's δ [CI]", "note"], selected.map { row in
                let label = "\(row.feature) (\(FeatureLabels.unit(row.feature, report.units)))"
                let name = row.isSignificant ? "**\(label)**" : label
                return [name, "\(row.baselineN) / \(row.n)", ReportText.median(row.baselineMedian, row.baselineQ1, row.baselineQ3),
                        ReportText.median(row.median, row.q1, row.q3), ReportText.p(row.mannWhitneyP), ReportText.p(row.mannWhitneyPBH),
                        ReportText.p(row.welchTP), ReportText.p(row.welchTPBH),
                        ReportText.interval(row.cohensD, row.cohensDLow, row.cohensDHigh),
                        ReportText.interval(row.cliffsDelta, row.cliffsDeltaLow, row.cliffsDeltaHigh), row.note ?? ""]
            }) + "\n"
        }
        return text
    }

    func table(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: " | ") + " |\n"
        }
        return line(header) + line(header.map { _ in "---" }) + rows.map(line).joined()
    }
}
