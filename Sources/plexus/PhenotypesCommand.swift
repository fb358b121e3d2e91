import ArgumentParser
import Foundation
import PlexusAnalytics
import PlexusGraph
import PlexusIngest
import PlexusStore

extension Plexus {
    struct PhenotypesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "phenotypes",
            abstract: "Embed the cells in principal components of their features and test each condition's population shift.",
            discussion: """
                Each cell is a point in the space of its standardised features (the named query \
                cell_features; features missing or constant for every cell are dropped and named, a \
                cell's missing feature is given the feature's median). The principal components of \
                that space give the PC1/PC2 map of the cells. Each condition's shift from the \
                baseline is the distance between the two centroids (Euclidean, and Mahalanobis under \
                the pooled within-condition covariance), tested by permuting the condition labels of \
                the two conditions' cells (--permutations, seeded by --seed), Benjamini–Hochberg \
                adjusted across conditions, with a seeded bootstrap interval; with replicates in the \
                sample sheet, the same on replicate means. A condition with fewer than 3 cells \
                (or replicates) is reported as not computable, with the reason.

                Three classifiers are cross-validated side by side on the known cells (stratified \
                5-fold, seeded): the logistic regression of plexus report, 5-nearest neighbours and \
                a linear SVM (squared hinge, as scikit-learn's LinearSVC), each with accuracy, \
                balanced accuracy, confusion matrix and a label-permutation p-value (199 shufflings). \
                Without labels, k-means (k-means++ starts, 10 restarts) groups the known cells in the \
                principal components that stand above noise (Horn's parallel analysis: 200 seeded \
                standard-normal data sets of the same shape, 95th percentile); k is the one of 2 to 6 \
                with the largest mean silhouette, or 1 when that silhouette is below 0.25 (no \
                substantial structure). Each cluster is described by its cells' mean features and \
                its composition by condition. The HTML scatter also draws each cell's path frame by \
                frame (the query frame_feature_values projected into the same space).

                Conditions named by --unknown are left out of all fitting: their cells are projected \
                into the space of the others, classified (the share predicted as each known \
                condition), given the nearest cluster, and their centroid is compared with every \
                known condition's, beside that condition's own bootstrap spread.

                The format follows the extension of --out: .csv (the shift tests), .json \
                (everything: components, loadings, every cell's scores, the tests) or .html/.htm \
                (one self-contained page with the PC1/PC2 scatter); any other extension is refused. \
                The file is written whole or not at all. Examples:
                  plexus phenotypes --db experiment.sqlite --out phenotypes.html
                  plexus phenotypes --db experiment.sqlite --baseline control --unknown llo --out llo.json
                  plexus phenotypes --db experiment.sqlite --features object_count_slope,mean_branch_length --out shift.csv
                """
        )

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var comparison: ComparisonOptions

        @Option(help: "Comma-separated conditions left out of the fit and placed relative to the others.")
        var unknown: String?

        @Option(help: "Permutations of the condition labels per shift test (at least 2000).")
        var permutations = 2000

        @Option(help: "The file to write: .csv, .json or .html.")
        var out: String

        @OptionGroup var queryFolders: QueryFolderOptions

        func validate() throws {
            try database.validateExisting()
            guard permutations >= 2000 && permutations <= 10_000_000 else {
                throw ValidationError("--permutations must be from 2000 to 10000000, not \(permutations)")
            }
            if let unknown, ComparisonOptions.list(unknown)!.isEmpty { throw ValidationError("--unknown lists no condition") }
            let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--out \(out): the folder \(folder) does not exist")
            }
            do {
                _ = try PhenotypeFormat.resolve(out: out)
            } catch let error as ReportError {
                throw ValidationError(error.message)
            }
        }

        func run() throws {
            let catalog = try queryFolders.catalog()
            let options = PhenotypeOptions(baseline: comparison.baseline, features: comparison.featureList,
                                           unknown: ComparisonOptions.list(unknown) ?? [], seed: comparison.seed,
                                           permutations: permutations, resamples: comparison.resamples,
                                           confidence: comparison.confidence)
            let space = try PhenotypeSpace.build(database: database.db, catalog: catalog, options: options)
            let format = try PhenotypeFormat.resolve(out: out)
            try AtomicOutput.write(out, what: "it") { temporary in
                try Data(space.rendered(as: format, database: database.db, toolVersion: PlexusVersion.current).utf8).write(to: temporary)
            }
            var summary = "wrote \(out) (\(format.rawValue)): \(space.cells.count) cells, \(space.features.count) features"
            if !space.dropped.isEmpty { summary += " (dropped: \(space.dropped.map { "\($0.feature), \($0.reason)" }.joined(separator: "; ")))" }
            for shift in space.shifts where shift.level == "cell" {
                summary += "\n  \(shift.condition) from \(shift.reference): "
                if let reason = shift.notComputable {
                    summary += "not computable: \(reason)"
                } else {
                    summary += "distance \(shift.euclideanDistance.map { String(format: "%.3g", $0) } ?? "-"), permutation p \(shift.p.map { String(format: "%.3g", $0) } ?? "-"), p_BH \(shift.pBH.map { String(format: "%.3g", $0) } ?? "-")"
                }
            }
            for note in space.notes { summary += "\n  \(note)" }
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }
    }
}
