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
