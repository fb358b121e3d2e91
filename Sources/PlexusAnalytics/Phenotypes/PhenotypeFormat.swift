import Foundation
import PlexusNumerics

/// The forms `plexus phenotypes` writes.
package enum PhenotypeFormat: String, CaseIterable, Codable, Sendable {
    /// The shift tables (cell and replicate level) as one CSV table.
    case csv
    /// Everything: features, components, every cell's scores, the shifts.
    case json
    /// One self-contained page: tables and the PC1/PC2 scatter as inline SVG.
    case html

    package var extensions: [String] {
        switch self {
        case .csv: return ["csv"]
        case .json: return ["json"]
        case .html: return ["html", "htm"]
        }
    }

    /// "csv, json, html/htm", for messages.
    package static var supportedExtensions: String {
        allCases.map { $0.extensions.joined(separator: "/") }.joined(separator: ", ")
    }

    /// The format of `out` by its extension (any case).
    /// - Throws: `ReportError` naming the supported extensions for any other.
    package static func resolve(out: String) throws -> PhenotypeFormat {
        let suffix = URL(fileURLWithPath: out).pathExtension
        guard let format = allCases.first(where: { $0.extensions.contains(suffix.lowercased()) }) else {
            let what = suffix.isEmpty ? "has no extension" : "ends in .\(suffix), which plexus phenotypes does not write"
            throw ReportError("--out \(out) \(what); the supported extensions are \(supportedExtensions)")
        }
        return format
    }
}

extension PhenotypeSpace {
    /// The space and its tests as text in `format`.
    package func rendered(as format: PhenotypeFormat, database: String = "", toolVersion: String = "") -> String {
        switch format {
        case .csv: return csv()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
        case .html: return PhenotypeHTML(self).page(database: database, toolVersion: toolVersion)
        }
    }

    /// The shift tests, one row per level, condition and reference; numbers
    /// empty and the reason in `note` where not computable.
    func csv() -> String {
        let header = ["level", "condition", "reference", "n", "reference_n", "euclidean_distance", "distance_low",
                      "distance_high", "reference_spread", "mahalanobis_distance", "mahalanobis_regularized", "permutations",
                      "permutation_p", "permutation_p_bh", "note"]
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var lines = [CSVText.record(header)]
        for shift in shifts {
            lines.append(CSVText.record([shift.level, shift.condition, shift.reference, "\(shift.n)", "\(shift.referenceN)",
                          number(shift.euclideanDistance), number(shift.distanceLow), number(shift.distanceHigh), number(shift.referenceSpread),
                          number(shift.mahalanobisDistance), shift.mahalanobisRegularized.map { $0 ? "1" : "0" } ?? "",
                          shift.permutations.map(String.init) ?? "", number(shift.p), number(shift.pBH),
                          shift.notComputable.map { "not computable: " + $0 } ?? ""]))
        }
        return lines.joined()
    }

    /// How the space and the tests were made, in sentences (the HTML methods, the report's section).
    var methods: [String] {
        let level = Int((options.confidence * 100).rounded())
        return [
            "Each cell is described by its features from the named query cell_features (the query feature_values). Features missing for every cell of the known conditions, or constant over them, are dropped; a cell missing another feature is given that feature's median over the known cells. Features are standardised (mean 0, population SD 1) over the cells of the known conditions\(unknown.isEmpty ? "" : "; the cells of the unknown conditions (\(unknown.joined(separator: ", "))) are projected with the same means and scales and do not take part in the fit").",
            "Principal components are the eigenvectors of the standardised features' covariance matrix (as scikit-learn's PCA; each component's largest loading made positive). The first \(retainedComponents) component\(retainedComponents == 1 ? "" : "s") explain at least \(Int(Self.retainedShare * 100)) % of the variance. Parallel analysis (Horn) keeps the leading components whose variance exceeds the 95th percentile of the same component's variance in \(parallelAnalysis.simulations) standardised standard-normal data sets of the same shape (seed \(options.seed)): \(parallelAnalysis.retained) here.",
            "Phenotypes without labels: k-means (k-means++ starts, 10 restarts) of the known cells' scores on the components above noise, for k = 2…\(Self.largestK); k is the one of largest mean silhouette, or 1 when that silhouette is below \(Self.silhouetteThreshold). Clustering in the components above noise rather than in all features keeps features that vary only by noise from deciding the distances.",
            "Each cell's path through the space (the faint lines of the scatter): its feature row with the features that are means over frames replaced by one frame's values (the query frame_feature_values), standardised and projected as the cells are; the features over time keep the cell's values, and a path averages to the cell's point.",
            "A condition's shift from \(baseline) is the Euclidean distance between the two centroids in the standardised feature space (all \(features.count) features, so all components). Its p-value is a permutation test: the two conditions' cells are pooled and relabelled at random \(options.permutations) times (seed \(options.seed)), keeping the group sizes; p = (1 + the number of relabellings at least as far apart) / (1 + \(options.permutations)). p-values are adjusted by Benjamini–Hochberg across the tests of each level. The interval is a \(level) % percentile bootstrap of the distance (\(options.resamples) resamples of each condition's cells, seed \(options.seed)); the resampled distance is biased upwards, so the interval tells how precisely the shift is known, not whether it is zero. The spread of the reference is the \(level)th percentile of the distance between its centroid and the centroids of bootstrap resamples of its cells: a condition farther away than that lies outside the reference's own uncertainty. The Mahalanobis distance uses the two conditions' pooled within-condition covariance, shrunk 10 % toward its mean variance times the identity when it is singular (fewer cells than features).",
            "The replicate level repeats the test with each replicate's mean standardised features as the units (cells without a replicate left out). Any test needs at least \(Self.minimumUnits) units in each condition.",
        ]
    }
}
