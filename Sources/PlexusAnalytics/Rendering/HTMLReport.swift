import Foundation
import PlexusRender

/// The report as one self-contained HTML page: styles inline, plots as inline
/// SVG, no scripts, nothing fetched. The markup is also well-formed XML, so
/// that tests (and XML tools) can parse it.
struct HTMLReport {
    let report: ConditionReport
    let colours: [String: String]
    /// The cells drawn on their videos; nil: networks drawn on their own.
    let figures: CellFigures?

    init(_ report: ConditionReport, figures: CellFigures? = nil) {
        self.report = report
        self.figures = figures
        colours = SVG.colours(report.reportedConditions)
    }

    /// The sections, by id, in order: the table of contents and the tests use it.
    static let sections = [
        ("summary", "Summary"), ("data", "Data"), ("treatment", "Before and after treatment"),
        ("comparisons", "Cells against the baseline"),
        ("replicates", "Replicate means against the baseline"), ("classification", "Classification"),
        ("phenotypes", "Phenotype space"),
        ("time-courses", "Time courses"), ("distributions", "Per-cell distributions"),
        ("networks", "Cells and their networks"), ("parameters", "Parameters"), ("methods", "Methods"),
    ]

    func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="plexus \(e(report.toolVersion))"/>
            <title>\(e(ReportText.title(report)))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>\(e(ReportText.title(report)))</h1>
            <p class="meta">Database <code>\(e(report.database))</code> · generated \(e(report.generated)) by plexus \(e(report.toolVersion)) · \(report.cells.count) cells in \(report.reportedConditions.count) condition\(report.reportedConditions.count == 1 ? "" : "s")</p>
            <nav><ol>\(Self.sections.map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined())</ol></nav>
            </header>
            <main>

            """
        html += section("summary") {
            report.warnings.map { "<p class=\"warning\">\(e($0))</p>" }.joined()
                + "<ul class=\"findings\">" + ReportText.findings(report).map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        html += section("data") { data() }
        html += section("treatment") { treatment() }
        html += section("comparisons") {
            report.noComparison.map { "<p class=\"not-computable\">No comparison between conditions: \(e($0)).</p>" }
                ?? comparisonTables(report.comparisons, unit: "cells")
        }
        html += section("replicates") {
            report.noComparison != nil
                ? "<p class=\"not-computable\">No comparison between conditions (see above).</p>"
                : report.replicateComparisons.isEmpty
                ? "<p>The sample sheet gives no replicates for these cells, so there is no replicate-level comparison.</p>"
                : "<p>Each replicate is the mean of its cells; n counts replicates. Cells without a replicate in the sample sheet are left out here.</p>" + comparisonTables(report.replicateComparisons, unit: "replicates")
        }
        html += section("classification") { classification() }
        html += section("phenotypes") {
            report.phenotypes.map { PhenotypeHTML($0).body() }
                ?? "<p class=\"not-computable\">No phenotype space: \(e(report.phenotypesNotComputable ?? "not computable")).</p>"
        }
        html += section("time-courses") { timeCourses() }
        html += section("distributions") { distributions() }
        html += section("networks") { networks() }
        html += section("parameters") { parameters() }
        html += section("methods") { "<ul>" + ReportText.methods(report).map { "<li>\(e($0))</li>" }.joined() + "</ul>" }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    func e(_ text: String) -> String { SVG.escape(text) }

    func section(_ id: String, _ body: () -> String) -> String {
        let title = Self.sections.first { $0.0 == id }!.1
        return "<section id=\"\(id)\">\n<h2>\(e(title))</h2>\n\(body())\n</section>\n"
    }

    func swatch(_ condition: String) -> String {
        "<span class=\"swatch\" style=\"background:\(colours[condition] ?? "#000")\"></span>\(e(condition))"
    }

    func data() -> String {
        var rows = ""
        for condition in report.conditions {
            let role = report.role(of: condition.name)
            rows += "<tr><td>\(swatch(condition.name))</td><td>\(role)</td><td class=\"num\">\(condition.videos)</td><td class=\"num\">\(condition.cells)</td><td class=\"num\">\(condition.replicates)</td><td class=\"num\">\(condition.fittedFrames)</td></tr>"
        }
        var text = "<table><thead><tr><th>condition</th><th>role</th><th>videos</th><th>cells</th><th>replicates</th><th>fitted frames</th></tr></thead><tbody>\(rows)</tbody></table>"
        text += "<p>Features compared: " + report.features.map { "<abbr title=\"\(e(FeatureLabels.meaning($0)))\">\(e(FeatureLabels.label($0)))</abbr>" }.joined(separator: ", ") + ".</p>"
        if !report.missingFeatures.isEmpty {
            text += "<p class=\"note\">Not in this database (no cell has them): \(e(report.missingFeatures.map(FeatureLabels.label).joined(separator: ", "))). Slopes and gradients need at least two frames; morphology features need an ingest without --no-morphology.</p>"
        }
        return text
    }

    func comparisonTables(_ comparisons: [ConditionReport.Comparison], unit: String) -> String {
        var text = ""
        for condition in report.compared {
            let rows = comparisons.filter { $0.condition == condition }
            guard !rows.isEmpty else { continue }
            text += "<h3>\(swatch(condition)) against \(e(report.baseline))</h3>"
            text += "<div class=\"table-wrap\"><table class=\"comparison\" data-condition=\"\(e(condition))\" data-level=\"\(e(rows[0].level))\"><thead><tr><th>feature</th><th>n</th><th>\(e(report.baseline)) median (IQR)</th><th>\(e(condition)) median (IQR)</th><th>Mann–Whitney p / p_BH</th><th>Welch p / p_BH</th><th>Cohen's d [CI]</th><th>Cliff's δ [CI]</th></tr></thead><tbody>"
            // A note every row shares is said once, under the table.
            let shared = rows.allSatisfy { $0.note != nil && $0.note == rows[0].note } ? rows[0].note : nil
            for row in rows {
                let mark = row.isSignificant ? " class=\"significant\"" : ""
                let note = shared == nil ? row.note.map { "<div class=\"note\">\(e($0))</div>" } ?? "" : ""
                text += "<tr\(mark) data-feature=\"\(e(row.feature))\"><td><abbr title=\"\(e(FeatureLabels.meaning(row.feature)))\">\(e(FeatureLabels.label(row.feature, report.units)))</abbr>\(note)</td>"
                text += "<td class=\"num\">\(row.baselineN) / \(row.n)</td>"
                text += "<td class=\"num\">\(medianCell(row.baselineMedian, row.baselineQ1, row.baselineQ3))</td>"
                text += "<td class=\"num\">\(medianCell(row.median, row.q1, row.q3))</td>"
                text += "<td class=\"num\">\(e(ReportText.p(row.mannWhitneyP))) / \(e(ReportText.p(row.mannWhitneyPBH)))</td>"
                text += "<td class=\"num\">\(e(ReportText.p(row.welchTP))) / \(e(ReportText.p(row.welchTPBH)))</td>"
                text += "<td class=\"num\">\(e(ReportText.interval(row.cohensD, row.cohensDLow, row.cohensDHigh)))</td>"
                text += "<td class=\"num\">\(e(ReportText.interval(row.cliffsDelta, row.cliffsDeltaLow, row.cliffsDeltaHigh)))</td></tr>"
            }
            text += "</tbody></table></div>"
            if let shared { text += "<p class=\"note\">All rows: \(e(shared)).</p>" }
        }
        return text + "<p class=\"note\">n: \(unit) of \(e(report.baseline)) / of the condition. Bold rows: BH-adjusted Mann–Whitney p &lt; \(SVG.number(ReportText.alpha)). n/c: not computable.</p>"
    }

    /// The median, with the quartiles beneath it in small type.
    func medianCell(_ median: Double?, _ q1: Double?, _ q3: Double?) -> String {
        guard let median else { return "–" }
        guard let q1, let q3 else { return e(SVG.number(median)) }
        return "\(e(SVG.number(median)))<div class=\"iqr\">\(e(SVG.number(q1))) – \(e(SVG.number(q3)))</div>"
    }

    /// Each treated cell after its treatment frame against before it, per condition.
    func treatment() -> String {
        guard !report.treatmentComparisons.isEmpty else {
            return "<p>No video of this report has a treatment frame (sample sheet column treatment_frame), so there is no before-and-after comparison.</p>"
        }
        var text = "<p>Each cell's features over its frames from the treatment frame on (after) against its frames before it (before); n counts the cells with both. Paired two-sided Wilcoxon signed-rank test, Benjamini–Hochberg adjusted across the features of each condition; the median of the paired differences (after − before) with its bootstrap interval, and the matched-pairs rank-biserial correlation (+1: every cell rises).</p>"
        var conditions: [String] = []
        for row in report.treatmentComparisons where !conditions.contains(row.condition) { conditions.append(row.condition) }
        for condition in conditions {
            let rows = report.treatmentComparisons.filter { $0.condition == condition }
            text += "<h3>\(swatch(condition)): \(rows.map(\.treatedCells).max() ?? 0) treated cells</h3>"
            text += "<div class=\"table-wrap\"><table class=\"treatment\" data-condition=\"\(e(condition))\"><thead><tr><th>feature (unit)</th><th>n</th><th>before median (IQR)</th><th>after median (IQR)</th><th>median difference [CI]</th><th>Wilcoxon p / p_BH</th><th>rank-biserial r</th></tr></thead><tbody>"
            for row in rows {
                let mark = row.isSignificant ? " class=\"significant\"" : ""
                let note = row.note.map { "<div class=\"note\">\(e($0))</div>" } ?? ""
                text += "<tr\(mark) data-feature=\"\(e(row.feature))\"><td><abbr title=\"\(e(FeatureLabels.meaning(row.feature)))\">\(e(FeatureLabels.label(row.feature, report.units)))</abbr>\(note)</td>"
                text += "<td class=\"num\">\(row.n)</td>"
                text += "<td class=\"num\">\(medianCell(row.beforeMedian, row.beforeQ1, row.beforeQ3))</td>"
                text += "<td class=\"num\">\(medianCell(row.afterMedian, row.afterQ1, row.afterQ3))</td>"
                text += "<td class=\"num\">\(e(ReportText.interval(row.medianDifference, row.medianDifferenceLow, row.medianDifferenceHigh)))</td>"
                text += "<td class=\"num\">\(e(ReportText.p(row.wilcoxonP))) / \(e(ReportText.p(row.wilcoxonPBH)))</td>"
                text += "<td class=\"num\">\(e(row.rankBiserial.map { SVG.number($0) } ?? "n/c"))</td></tr>"
            }
            text += "</tbody></table></div>"
        }
        return text + "<p class=\"note\">Bold rows: BH-adjusted Wilcoxon p &lt; \(SVG.number(ReportText.alpha)). n/c: not computable.</p>"
    }

    func classification() -> String {
        if let reason = report.noComparison {
            return "<p class=\"not-computable\">No classification: \(e(reason)).</p>"
        }
        let result = report.classification
        guard let accuracy = result.accuracy, let confusion = result.confusion, let folds = result.folds, let chance = result.chance else {
            return "<p class=\"not-computable\">Not computable: \(e(result.notComputable ?? "no result"))</p>"
        }
        var text = "<p>Multinomial logistic regression on \(result.features.count) features, \(folds)-fold stratified cross-validation over \(result.cells) cells: <strong>accuracy \(ReportText.percent(accuracy))</strong> (chance, always the largest condition: \(ReportText.percent(chance))).</p>"
        text += "<table class=\"confusion\"><thead><tr><th>true \\ predicted</th>" + result.classes.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (i, row) in confusion.enumerated() {
            text += "<tr><th>\(swatch(result.classes[i]))</th>" + row.enumerated().map { j, count in
                "<td class=\"num\(i == j ? " diagonal" : "")\">\(count)</td>"
            }.joined() + "</tr>"
        }
        text += "</tbody></table>"
        text += "<p class=\"note\">Features used: \(e(result.features.map(FeatureLabels.label).joined(separator: ", "))).</p>"
        return text
    }

    /// Time courses are drawn against seconds when every point has them.
    var inSeconds: Bool { report.timeCourses.allSatisfy { $0.timeSeconds != nil } }

    /// Where the videos' treatment frames fall on the time courses' axis (frame, or s).
    var treatmentTimes: [Double] {
        let times = report.cells.compactMap { cell -> Double? in
            guard let frame = cell.treatmentFrame else { return nil }
            return inSeconds ? cell.frameIntervalSeconds.map { Double(frame) * $0 } : Double(frame)
        }
        return Array(Set(times)).sorted()
    }

    func timeCourses() -> String {
        guard Set(report.timeCourses.map(\.t)).count > 1 else {
            return "<p>Every cell has a single frame: there are no time courses to show.</p>"
        }
        // The metrics of the query condition_timecourse, in its order (it lists them once).
        var metrics: [String] = []
        for point in report.timeCourses where !metrics.contains(point.metric) { metrics.append(point.metric) }
        var figures = ""
        for metric in metrics {
            let points = report.timeCourses.filter { $0.metric == metric }
            guard !points.isEmpty else { continue }
            figures += "<figure id=\"time-course-\(metric)\">" + ReportPlots.timeCourse(
                metric: metric, points: points, conditions: report.reportedConditions, colours: colours,
                seconds: inSeconds, confidence: report.options.confidence, units: report.units,
                treatments: treatmentTimes) + "</figure>"
        }
        return "<p>Mean over each condition's cells per frame; the band is the \(Int((report.options.confidence * 100).rounded()))% confidence interval of the mean, cut at 0 (every metric here is non-negative) and, for the edge density, a fraction, at 1.\(treatmentTimes.isEmpty ? "" : " The dashed red line is the treatment frame of the sample sheet.")</p><div class=\"figures\">\(figures)</div>"
    }

    func distributions() -> String {
        let figures = report.features.map { feature in
            "<figure id=\"distribution-\(feature)\">" + ReportPlots.distribution(
                feature: feature, cells: report.cells, conditions: report.reportedConditions, colours: colours,
                comparisons: report.comparisons, units: report.units, quartiles: { condition in
                    report.quartilesOf(condition, feature)
                }) + "</figure>"
        }.joined()
        let tests = report.compared.isEmpty ? "" : " Above each condition: its BH-adjusted Mann–Whitney p against \(e(report.baseline))."
        return "<p>One dot per cell; boxes span the quartiles with the median as a line, whiskers reach the furthest cell within 1.5 IQR.\(tests)</p><div class=\"figures\">\(figures)</div>"
    }

    func networks() -> String {
        if let figures { return imageFigures(figures) + gallery(figures) }
        var text = "<p>The representative cell of each condition (nearest its condition's median over all features) at its first and last frame, around its components: Gaussian components as ellipses at one standard deviation (more opaque = more intensity), edges as lines whose width and opacity follow the log of their affinity over six decades below the frame's strongest.</p>"
        for (i, snapshot) in report.snapshots.enumerated() { text += networkFigure(snapshot, index: i) }
        return text
    }

    /// A representative cell's network at its first and last frame, without the images.
    func networkFigure(_ snapshot: ConditionReport.Snapshot, index i: Int) -> String {
        let colour = colours[snapshot.condition] ?? "#fff"
        var text = "<figure class=\"snapshots\" id=\"network-\(i + 1)\" data-condition=\"\(e(snapshot.condition))\">"
        text += ReportPlots.network(snapshot.first, colour: colour, caption: "\(snapshot.condition), cell \(snapshot.cellID), frame \(snapshot.first.t)")
        if snapshot.last.t != snapshot.first.t {
            text += ReportPlots.network(snapshot.last, colour: colour, caption: "\(snapshot.condition), cell \(snapshot.cellID), frame \(snapshot.last.t)")
            text += "<figcaption>\(swatch(snapshot.condition)): cell \(snapshot.cellID), frames \(snapshot.first.t) and \(snapshot.last.t) (\(snapshot.first.components.count) and \(snapshot.last.components.count) components, \(snapshot.first.edges.count) and \(snapshot.last.edges.count) edges)</figcaption></figure>"
        } else {
            text += "<figcaption>\(swatch(snapshot.condition)): cell \(snapshot.cellID), its only frame \(snapshot.first.t) (\(snapshot.first.components.count) components, \(snapshot.first.edges.count) edges)</figcaption></figure>"
        }
        return text
    }

    func parameters() -> String {
        let options = report.options
        var text = "<h3>This report</h3><table class=\"parameters\"><tbody>"
        let rows: [(String, String)] = [
            ("database", report.database), ("generated (UTC)", report.generated), ("plexus version", report.toolVersion),
            ("baseline", report.baseline), ("compared", report.compared.joined(separator: ", ")),
            ("features", report.features.joined(separator: ", ")), ("confidence", SVG.number(options.confidence)),
            ("bootstrap resamples", String(options.resamples)), ("seed", String(options.seed)),
            ("cross-validation folds (requested)", String(options.folds)),
        ]
        text += rows.map { "<tr><th>\(e($0.0))</th><td><code>\(e($0.1))</code></td></tr>" }.joined() + "</tbody></table>"
        text += "<h3>Ingest runs</h3><table class=\"runs\"><thead><tr><th>run</th><th>started</th><th>status</th><th>version</th><th>videos</th><th>cells</th><th>command line</th></tr></thead><tbody>"
        for run in report.runs {
            text += "<tr><td class=\"num\">\(run.id)</td><td>\(e(run.startedAt))</td><td>\(e(run.status))</td><td>\(e(run.toolVersion))</td><td class=\"num\">\(run.videos)</td><td class=\"num\">\(run.cells)</td><td><code>\(e(run.commandLine))</code></td></tr>"
        }
        text += "</tbody></table>"
        for run in report.runs {
            text += "<details><summary>Analysis parameters of run \(run.id)</summary><table class=\"parameters\"><tbody>"
            text += Self.parameterPairs(run.parametersJSON).map { "<tr><th>\(e($0.0))</th><td><code>\(e($0.1))</code></td></tr>" }.joined()
            text += "</tbody></table></details>"
        }
        return text
    }

    /// The key–value pairs of a run's parameters_json, sorted by key.
    static func parameterPairs(_ json: String) -> [(String, String)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return [("parameters_json", json)]
        }
        return object.keys.sorted().map { key in
            let value = object[key]!
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]),
               let text = String(data: data, encoding: .utf8) {
                return (key, text)
            }
            return (key, "\(value)")
        }
    }

    static let style = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f; margin: 0; background: #fafafa; }
        header, main { max-width: 1260px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 20px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .meta { color: #555; margin: 0 0 8px; }
        nav ol { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 0 0 8px; }
        nav a { color: #0b5cad; text-decoration: none; }
        section { background: #fff; border: 1px solid #e5e5e5; border-radius: 6px; padding: 4px 18px 14px; margin: 14px 0; }
        table { border-collapse: collapse; margin: 6px 0; font-size: 12.5px; }
        .table-wrap { overflow-x: auto; }
        table.comparison td:first-child { min-width: 10em; }
        th, td { padding: 3px 7px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
        thead th { background: #f3f3f3; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.significant td { font-weight: 600; background: #fff6e5; }
        td.diagonal { background: #e8f3e8; font-weight: 600; }
        .note { color: #666; font-size: 12px; }
        .iqr { color: #666; font-size: 11px; }
        .warning { background: #fff3cd; border: 1px solid #e6c65c; border-radius: 4px; padding: 6px 10px; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .figures { display: flex; flex-wrap: wrap; gap: 10px; }
        figure { margin: 6px 0; }
        figure.snapshots { display: inline-block; margin-right: 18px; }
        figure.snapshots svg { margin-right: 6px; }
        figure.cell-images svg { margin-right: 6px; background: #000; }
        figure.thumbnail { display: inline-block; vertical-align: top; margin: 0 10px 10px 0; font-size: 12px; }
        details.gallery summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
        figcaption { font-size: 12px; color: #444; }
        .findings li { margin: 4px 0; }
        code { font-size: 12px; }
        details summary { cursor: pointer; margin: 6px 0; }
        abbr { text-decoration: none; }
        """
}
