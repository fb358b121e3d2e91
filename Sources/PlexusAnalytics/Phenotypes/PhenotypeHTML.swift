import Foundation

/// The phenotype space as HTML: a standalone page for `plexus phenotypes`,
/// and the body of the report's "Phenotype space" section. Well-formed XML,
/// inline SVG, no scripts.
struct PhenotypeHTML {
    let space: PhenotypeSpace
    let colours: [String: String]

    init(_ space: PhenotypeSpace) {
        self.space = space
        colours = SVG.colours(space.known + space.unknown)
    }

    func e(_ text: String) -> String { SVG.escape(text) }
    func n(_ value: Double?) -> String { value.map { SVG.number($0) } ?? "n/c" }

    func page(database: String, toolVersion: String) -> String {
        let title = "Phenotype space: \((space.known + space.unknown).joined(separator: ", "))"
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="plexus \(e(toolVersion))"/>
            <title>\(e(title))</title>
            <style>\(HTMLReport.style)</style>
            </head>
            <body>
            <header>
            <h1>\(e(title))</h1>
            <p class="meta">Database <code>\(e(database))</code> · plexus \(e(toolVersion)) · \(space.cells.count) cells, \(space.features.count) features, baseline \(e(space.baseline))</p>
            </header>
            <main>
            <section id="phenotypes">
            \(body())
            </section>
            </main>
            </body>
            </html>

            """
    }

    /// Scatter, shift tables, components, features and methods.
    func body() -> String {
        var html = space.notes.map { "<p class=\"not-computable\">\(e(capitalised($0))).</p>" }.joined()
        html += "<figure id=\"phenotype-scatter\">\(scatter())<figcaption>Cells on the first two principal components, coloured by condition; large circles are the condition centroids and arrows run from \(e(space.baseline))'s centroid to each other condition's.\(space.trajectories.isEmpty ? "" : " Faint lines: each cell's path frame by frame (its per-frame features projected into the same space; a small square marks its first frame).")\(space.unknown.isEmpty ? "" : " Hollow markers: cells of the unknown conditions, projected into the space fitted without them.")</figcaption></figure>"
        html += shiftTable("cell", "Shift of each condition's cells")
        if space.shifts.contains(where: { $0.level == "replicate" }) {
            html += shiftTable("replicate", "Shift of replicate means")
        }
        html += classifierTable()
        html += clusterTable()
        html += componentTable()
        if !space.dropped.isEmpty || !space.imputed.isEmpty {
            html += "<h3>Features left out or filled in</h3><ul>"
            html += space.dropped.map { "<li><code>\(e($0.feature))</code> dropped: \(e($0.reason)).</li>" }.joined()
            html += space.imputed.map { "<li><code>\(e($0.feature))</code>: \($0.cells) cell\($0.cells == 1 ? "" : "s") without it given the median \(SVG.number($0.median)).</li>" }.joined()
            html += "</ul>"
        }
        html += "<h3>Method</h3>" + space.methods.map { "<p class=\"note\">\(e($0))</p>" }.joined()
        return html
    }

    func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    func shiftTable(_ level: String, _ title: String) -> String {
        let rows = space.shifts.filter { $0.level == level }
        guard !rows.isEmpty else { return "" }
        let unit = level == "cell" ? "cells" : "replicates"
        var html = "<h3>\(e(title))</h3><table><thead><tr><th>condition</th><th>from</th><th>n (\(unit))</th><th>distance</th><th>\(Int((space.options.confidence * 100).rounded()))% interval</th><th>spread of reference</th><th>Mahalanobis</th><th>permutation p</th><th>p_BH</th></tr></thead><tbody>"
        for shift in rows {
            let bold = (shift.pBH ?? 1) < ConditionReport.significanceLevel ? " class=\"significant\"" : ""
            html += "<tr\(bold)><td>\(e(shift.condition))</td><td>\(e(shift.reference))</td><td>\(shift.n) / \(shift.referenceN)</td>"
            if let reason = shift.notComputable {
                html += "<td colspan=\"6\" class=\"not-computable\">not computable: \(e(reason))</td></tr>"
                continue
            }
            let regularized = shift.mahalanobisRegularized == true ? " (shrunk)" : ""
            html += "<td>\(n(shift.euclideanDistance))</td><td>\(n(shift.distanceLow)) – \(n(shift.distanceHigh))</td><td>\(n(shift.referenceSpread))</td><td>\(n(shift.mahalanobisDistance))\(regularized)</td><td>\(n(shift.p))</td><td>\(n(shift.pBH))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    func classifierTable() -> String {
        guard let first = space.classifications.first else { return "" }
        var html = "<h3>Classifiers side by side</h3><table><thead><tr><th>classifier</th><th>folds</th><th>accuracy</th><th>balanced accuracy</th><th>label-permutation p</th><th>confusion (rows: true \(e(first.classes.joined(separator: ", "))))</th></tr></thead><tbody>"
        for c in space.classifications {
            html += "<tr><td>\(e(c.classifier.title))</td>"
            if let reason = c.notComputable {
                html += "<td colspan=\"5\" class=\"not-computable\">not computable: \(e(reason))</td></tr>"
                continue
            }
            let confusion = (c.confusion ?? []).map { $0.map(String.init).joined(separator: " ") }.joined(separator: " / ")
            html += "<td>\(c.folds.map(String.init) ?? "")</td><td>\(n(c.accuracy))</td><td>\(n(c.balancedAccuracy))</td><td>\(n(c.permutationP))</td><td>\(e(confusion))</td></tr>"
        }
        html += "</tbody></table><p class=\"note\">Stratified \(PhenotypeSpace.folds)-fold cross-validation (seed \(space.options.seed)) on the standardised features of the cells of \(e(space.known.joined(separator: ", "))); p: the accuracy against \(PhenotypeSpace.classifierPermutations) shufflings of the condition labels, each cross-validated the same way. Logistic regression and the linear SVM with C = 1, \(Analytics.NearestNeighbours.defaultNeighbours) neighbours.</p>"
        if !space.unknown.isEmpty {
            html += "<h3>Where the unknown conditions' cells are classified</h3><table><thead><tr><th>unknown</th><th>classifier</th>" + space.known.map { "<th>as \(e($0))</th>" }.joined() + "</tr></thead><tbody>"
            for name in space.unknown {
                for c in space.classifications {
                    guard let shares = c.unknownShares[name] else { continue }
                    html += "<tr><td>\(e(name))</td><td>\(e(c.classifier.title))</td>" + shares.map { "<td>\(SVG.number(100 * $0)) %</td>" }.joined() + "</tr>"
                }
            }
            html += "</tbody></table>"
        }
        return html
    }

    func clusterTable() -> String {
        let clustering = space.clustering
        let conditions = space.known + space.unknown
        var html = "<h3>Phenotypes without labels</h3><p>k-means on the first \(space.parallelAnalysis.retained) principal component\(space.parallelAnalysis.retained == 1 ? "" : "s") of the known cells (those above noise by parallel analysis) (k-means++ starts, 10 restarts, seed \(space.options.seed)); \(e(clustering.choice)). Mean silhouettes: " + clustering.silhouettes.enumerated().map { "k = \($0.offset + 2): \(n($0.element))" }.joined(separator: ", ") + ".</p>"
        html += "<table><thead><tr><th>cluster</th>" + conditions.map { "<th>\(e($0))</th>" }.joined() + "<th>features furthest from the mean (standardised mean; mean)</th></tr></thead><tbody>"
        for cluster in clustering.clusters {
            let distinctive = cluster.standardizedMeans.indices.sorted { abs(cluster.standardizedMeans[$0]) > abs(cluster.standardizedMeans[$1]) }.prefix(3)
            html += "<tr><td>\(cluster.index + 1)</td>" + conditions.map { "<td>\(cluster.composition[$0] ?? 0)</td>" }.joined()
            html += "<td>" + distinctive.map { "<code>\(e(space.features[$0]))</code> \(SVG.number(cluster.standardizedMeans[$0])) (\(SVG.number(cluster.featureMeans[$0])))" }.joined(separator: "; ") + "</td></tr>"
        }
        return html + "</tbody></table>" + (space.unknown.isEmpty ? "" : "<p class=\"note\">Cells of the unknown conditions are counted in the cluster of the nearest centre.</p>")
    }

    func componentTable() -> String {
        let shown = min(max(space.retainedComponents, 2), space.components.components.count)
        var html = "<h3>Principal components</h3><table><thead><tr><th>feature</th>"
        html += (0..<shown).map { "<th>PC\($0 + 1)</th>" }.joined() + "</tr></thead><tbody>"
        html += "<tr><td>explained variance</td>" + (0..<shown).map { "<td>\(SVG.number(100 * space.components.explainedVarianceRatio[$0])) %</td>" }.joined() + "</tr>"
        for (j, feature) in space.features.enumerated() {
            html += "<tr><td><code>\(e(feature))</code></td>" + (0..<shown).map { "<td>\(SVG.number(space.components.components[$0][j]))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table><p class=\"note\">Loadings of the standardised features on the first \(shown) components (\(space.retainedComponents) explain at least \(Int(PhenotypeSpace.retainedShare * 100)) % of the variance; \(space.parallelAnalysis.retained) stand above noise by parallel analysis).</p>"
    }

    /// A line with its head drawn as a polygon (no SVG marker: the report refers to nothing by url()).
    func arrow(from a: (Double, Double), to b: (Double, Double)) -> String {
        let dx = b.0 - a.0, dy = b.1 - a.1, length = (dx * dx + dy * dy).squareRoot()
        guard length > 1 else { return "" }
        let ux = dx / length, uy = dy / length, head = min(10, length / 2)
        let base = (b.0 - ux * head, b.1 - uy * head)
        let left = (base.0 - uy * head / 2, base.1 + ux * head / 2), right = (base.0 + uy * head / 2, base.1 - ux * head / 2)
        return "<g class=\"shift-arrow\"><line x1=\"\(SVG.f(a.0))\" y1=\"\(SVG.f(a.1))\" x2=\"\(SVG.f(base.0))\" y2=\"\(SVG.f(base.1))\" stroke=\"#1d1d1f\" stroke-width=\"1.5\"/><polygon points=\"\(SVG.f(b.0)),\(SVG.f(b.1)) \(SVG.f(left.0)),\(SVG.f(left.1)) \(SVG.f(right.0)),\(SVG.f(right.1))\" fill=\"#1d1d1f\"/></g>"
    }

    /// PC1 against PC2 (PC1 alone on a line when there is one component).
    func scatter() -> String {
        let width = 560.0, height = 420.0, left = 56.0, right = 16.0, top = 16.0, bottom = 44.0
        let two = space.components.components.count >= 2
        func point(_ scores: [Double]) -> (Double, Double) { (scores[0], two ? scores[1] : 0) }
        let conditions = space.known + space.unknown
        let centroids = conditions.compactMap { condition -> (String, (Double, Double))? in
            let members = space.cells.filter { $0.condition == condition }
            guard !members.isEmpty else { return nil }
            let c = Analytics.PopulationShift.centroid(members.map(\.scores))
            return (condition, point(c))
        }
        let paths = space.trajectories.map { $0.scores.map(point) }
        let xs = space.cells.map { point($0.scores).0 } + paths.flatMap { $0.map(\.0) }
        let ys = space.cells.map { point($0.scores).1 } + paths.flatMap { $0.map(\.1) }
        let x = SVG.Scale(domain: SVG.extent(xs), range: (left, width - right))
        let y = SVG.Scale(domain: SVG.extent(ys), range: (height - bottom, top))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot phenotype-scatter\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\"><title>Principal components 1 and 2</title>"
        for tick in x.ticks() {
            svg += "<line x1=\"\(SVG.f(x(tick)))\" y1=\"\(SVG.f(top))\" x2=\"\(SVG.f(x(tick)))\" y2=\"\(SVG.f(height - bottom))\" stroke=\"#eee\"/><text x=\"\(SVG.f(x(tick)))\" y=\"\(SVG.f(height - bottom + 14))\" font-size=\"11\" text-anchor=\"middle\">\(SVG.number(tick))</text>"
        }
        if two {
            for tick in y.ticks() {
                svg += "<line x1=\"\(SVG.f(left))\" y1=\"\(SVG.f(y(tick)))\" x2=\"\(SVG.f(width - right))\" y2=\"\(SVG.f(y(tick)))\" stroke=\"#eee\"/><text x=\"\(SVG.f(left - 4))\" y=\"\(SVG.f(y(tick) + 4))\" font-size=\"11\" text-anchor=\"end\">\(SVG.number(tick))</text>"
            }
        }
        let ratio = space.components.explainedVarianceRatio
        svg += "<text x=\"\(SVG.f((left + width - right) / 2))\" y=\"\(SVG.f(height - 8))\" font-size=\"12\" text-anchor=\"middle\">PC1 (\(SVG.number(100 * ratio[0])) %)</text>"
        if two {
            svg += "<text transform=\"translate(14,\(SVG.f((top + height - bottom) / 2))) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">PC2 (\(SVG.number(100 * ratio[1])) %)</text>"
        }
        // Each cell's path, frame by frame, under the cells; a small square marks its first frame.
        for (trajectory, path) in zip(space.trajectories, paths) where path.count > 1 {
            let colour = colours[trajectory.condition] ?? "#000"
            let points = path.map { "\(SVG.f(x($0.0))),\(SVG.f(y($0.1)))" }.joined(separator: " ")
            svg += "<polyline class=\"trajectory\" points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-opacity=\"0.3\" stroke-width=\"1\"\(trajectory.unknown ? " stroke-dasharray=\"3 2\"" : "")><title>cell \(trajectory.cellID), \(e(trajectory.condition)): frames \(trajectory.frames.first!)–\(trajectory.frames.last!)</title></polyline>"
            svg += "<rect x=\"\(SVG.f(x(path[0].0) - 2))\" y=\"\(SVG.f(y(path[0].1) - 2))\" width=\"4\" height=\"4\" fill=\"\(colour)\" fill-opacity=\"0.5\"/>"
        }
        for cell in space.cells {
            let (px, py) = point(cell.scores), colour = colours[cell.condition] ?? "#000"
            let fill = cell.unknown ? "fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"" : "fill=\"\(colour)\" fill-opacity=\"0.75\""
            svg += "<circle cx=\"\(SVG.f(x(px)))\" cy=\"\(SVG.f(y(py)))\" r=\"4\" \(fill)><title>cell \(cell.id), \(e(cell.condition))</title></circle>"
        }
        if let origin = centroids.first(where: { $0.0 == space.baseline })?.1 {
            for (condition, c) in centroids where condition != space.baseline {
                svg += arrow(from: (x(origin.0), y(origin.1)), to: (x(c.0), y(c.1)))
            }
        }
        for (condition, c) in centroids {
            svg += "<circle class=\"centroid\" cx=\"\(SVG.f(x(c.0)))\" cy=\"\(SVG.f(y(c.1)))\" r=\"8\" fill=\"\(colours[condition] ?? "#000")\" stroke=\"#1d1d1f\" stroke-width=\"2\"><title>centroid of \(e(condition))</title></circle>"
        }
        // Legend.
        for (i, condition) in conditions.enumerated() {
            let ly = top + 6 + Double(i) * 16
            svg += "<circle cx=\"\(SVG.f(width - right - 110))\" cy=\"\(SVG.f(ly))\" r=\"5\" fill=\"\(colours[condition] ?? "#000")\"/><text x=\"\(SVG.f(width - right - 100))\" y=\"\(SVG.f(ly + 4))\" font-size=\"11\">\(e(condition))\(space.unknown.contains(condition) ? " (unknown)" : "")</text>"
        }
        return svg + "</svg>"
    }
}
