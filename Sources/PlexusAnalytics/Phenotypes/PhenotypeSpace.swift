import PlexusNumerics
import PlexusStore

/// Cells embedded in the space of their standardised features, and how far
/// each condition's population lies from the baseline's there.
///
/// - Features: those asked for (default: every feature of the query
///   cell_features); a feature missing for every cell of the known conditions,
///   or constant over them, is dropped and listed in `dropped` with the reason.
///   A cell missing some other feature gets that feature's median over the
///   known cells that have it (listed in `imputed`): the cell then sits at the
///   population's middle in that direction instead of being left out.
/// - Standardisation and principal components are fitted to the cells of the
///   known conditions only (population SD, as `StandardScaler`); cells of the
///   `--unknown` conditions are projected with the same means, scales and
///   components.
/// - Shifts are measured in the standardised feature space (all kept
///   features, hence all components): the Euclidean distance between the two
///   centroids, tested by permuting the condition labels of the two
///   conditions' cells, with a bootstrap interval; and the Mahalanobis
///   distance under the pooled within-condition covariance (shrunk when
///   singular; `Analytics.PopulationShift.mahalanobis`). Known conditions are
///   compared with the baseline, each unknown condition with every known one.
///   p-values are Benjamini–Hochberg adjusted across the computable tests of a
///   level. The replicate level does the same with each replicate's mean
///   standardised features as the units (cells without a replicate left out).
package struct PhenotypeSpace: Codable, Sendable {
    /// A cell's features as the query feature_values gives them.
    package struct Observation: Codable, Sendable {
        package let id: Int
        package let condition: String
        package let replicate: String?
        /// By feature name; nil where the database cannot give the feature.
        package let features: [String: Double?]

        package init(id: Int, condition: String, replicate: String?, features: [String: Double?]) {
            self.id = id
            self.condition = condition
            self.replicate = replicate
            self.features = features
        }
    }

    /// One frame of a cell: the per-frame values of the features that are
    /// means over frames, as the query frame_feature_values gives them.
    package struct FrameObservation: Codable, Sendable {
        package let cellID: Int
        package let t: Int
        /// By feature name; nil where the frame has no value.
        package let features: [String: Double?]

        package init(cellID: Int, t: Int, features: [String: Double?]) {
            self.cellID = cellID
            self.t = t
            self.features = features
        }
    }

    /// A cell's path through the space, frame by frame.
    ///
    /// Each point is the cell's own feature row with the features that are
    /// means over frames replaced by that frame's values (those without a
    /// value in the frame, and the features over time, keep the cell's
    /// values), standardised and projected as the cells are. Projection is
    /// linear, so where every frame has every such feature the mean of the
    /// points is the cell's own point.
    package struct Trajectory: Codable, Sendable {
        package let cellID: Int
        package let condition: String
        package let unknown: Bool
        /// The frame indices, in order.
        package let frames: [Int]
        /// Each frame's scores on the first two components (one where there is one).
        package let scores: [[Double]]
    }

    /// A feature left out of the space, and why.
    package struct DroppedFeature: Codable, Sendable, Equatable {
        package let feature: String
        package let reason: String
    }

    /// A feature some cells lack: how many, and the median they were given.
    package struct Imputation: Codable, Sendable, Equatable {
        package let feature: String
        package let cells: Int
        package let median: Double
    }

    /// A cell placed in the space.
    package struct Cell: Codable, Sendable {
        package let id: Int
        package let condition: String
        package let replicate: String?
        /// The cell belongs to an `--unknown` condition (not fitted, only projected).
        package let unknown: Bool
        /// Its standardised features, in the order of `features`.
        package let standardized: [Double]
        /// Its scores on every principal component.
        package let scores: [Double]
    }

    /// One condition's population against a reference condition's.
    package struct Shift: Codable, Sendable {
        /// "cell" or "replicate" (replicate means as units).
        package let level: String
        package let condition: String
        package let reference: String
        /// Units (cells or replicates) of the condition and of the reference.
        package let n: Int
        package let referenceN: Int
        package let euclideanDistance: Double?
        package let mahalanobisDistance: Double?
        /// The pooled covariance was singular and shrunk.
        package let mahalanobisRegularized: Bool?
        package let permutations: Int?
        /// Permutation p of the Euclidean centroid distance, and BH-adjusted.
        package let p: Double?
        package var pBH: Double?
        /// Bootstrap percentile interval of the Euclidean centroid distance.
        package let distanceLow: Double?
        package let distanceHigh: Double?
        /// How far the reference's own centroid wanders under bootstrap
        /// resampling (`PopulationShift.centroidSpread` at the confidence level).
        package let referenceSpread: Double?
        /// Why no number is given; nil when computed.
        package let notComputable: String?
    }

    package let options: PhenotypeOptions
    package let baseline: String
    /// The conditions fitted, baseline first.
    package let known: [String]
    package let unknown: [String]
    /// The features of the space, in order.
    package let features: [String]
    package let dropped: [DroppedFeature]
    package let imputed: [Imputation]
    /// Standardisation of the kept features (over the known cells).
    package let means: [Double]
    package let scales: [Double]
    package let components: Analytics.PrincipalComponents
    /// The leading components that explain at least 90 % of the variance.
    package let retainedComponents: Int
    /// Horn's parallel analysis of the known cells' components: the leading
    /// components that stand above noise. The clustering works in these.
    package let parallelAnalysis: Analytics.ParallelAnalysis
    package let cells: [Cell]
    package let shifts: [Shift]
    /// Why a whole analysis is missing (one condition, no replicates).
    package let notes: [String]
    /// Each placed cell's path through the space (empty when the frames were not given).
    package let trajectories: [Trajectory]
    /// The classifiers side by side (`PhenotypeSpace+Classifiers`).
    package let classifications: [Classification]
    /// Phenotypes without labels (`PhenotypeSpace+Clusters`).
    package let clustering: Clustering

    /// The share of the variance the retained components explain.
    package static let retainedShare = 0.9
    /// The fewest units (cells or replicates) in each condition for a shift test.
    package static let minimumUnits = 3

    /// Embeds `observations` and tests the shifts.
    /// - Parameters:
    ///   - conditions: every condition of the database, in order (for
    ///     choosing the baseline and for messages).
    ///   - available: every feature the database has, in order.
    /// - Throws: `ReportError` for a baseline or an unknown condition that is
    ///   not in the database (naming those that are), a baseline given as
    ///   unknown, an unknown feature, no feature left, fewer than 2 known cells.
    ///   - frames: the cells' frames for their trajectories (none: no trajectories).
    package init(observations: [Observation], conditions: [String], available: [String],
                frames: [FrameObservation] = [], options: PhenotypeOptions,
                source: String = "the database") throws {
        let present = conditions.filter { name in observations.contains { $0.condition == name } }
        let listed = conditions.joined(separator: ", ")
        for name in options.unknown where !conditions.contains(name) {
            throw ReportError("--unknown: '\(name)' is not a condition of \(source); its conditions are: \(listed)")
        }
        let baseline = try ConditionReport.resolveBaseline(options.baseline, conditions: conditions, populated: present, source: source)
        guard !options.unknown.contains(baseline) else {
            throw ReportError("the baseline \(baseline) cannot also be --unknown: unknown conditions are placed relative to the known ones, and the baseline is what the shifts are measured from (choose another --baseline)")
        }
        guard present.contains(baseline) else {
            throw ReportError("the baseline condition '\(baseline)' has no analysed cells in \(source); choose another with --baseline")
        }
        let known = [baseline] + present.filter { $0 != baseline && !options.unknown.contains($0) }
        let unknown = present.filter { options.unknown.contains($0) }
        let training = observations.filter { known.contains($0.condition) }
        guard training.count >= 2 else {
            throw ReportError("the known conditions (\(known.joined(separator: ", "))) have \(training.count) analysed cell; a phenotype space needs at least 2")
        }

        // Features: asked for or all; dropped when missing or constant over the known cells.
        if let asked = options.features {
            for name in asked where !available.contains(name) {
                throw ReportError("--features: no feature named '\(name)'; the features are: \(available.joined(separator: ", "))")
            }
        }
        let candidates = options.features.map { asked in available.filter(asked.contains) } ?? available
        var features: [String] = [], dropped: [DroppedFeature] = [], imputed: [Imputation] = []
        var medians: [Double] = []
        for feature in candidates {
            let values = training.compactMap { $0.features[feature].flatMap { $0 }?.finite }
            guard !values.isEmpty else {
                dropped.append(.init(feature: feature, reason: "missing for every cell of \(known.joined(separator: ", "))"))
                continue
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            let n = Double(values.count), eps = Double.ulpOfOne
            if values.count < 2 || variance <= n * eps * variance + (n * mean * eps) * (n * mean * eps) {
                dropped.append(.init(feature: feature, reason: values.count < 2
                    ? "only one cell has it"
                    : "constant (\(SVG.number(values[0])) in every cell that has it)"))
                continue
            }
            var sample = Statistics.SortedSample()
            for value in values { sample.insert(value) }
            let median = sample.median()!
            features.append(feature)
            medians.append(median)
            let missing = training.count - values.count
            if missing > 0 { imputed.append(.init(feature: feature, cells: missing, median: median)) }
        }
        guard !features.isEmpty else {
            throw ReportError("no feature varies over the cells of \(known.joined(separator: ", ")): " +
                              dropped.map { "\($0.feature) is \($0.reason)" }.joined(separator: "; "))
        }
        func row(_ observation: Observation) -> [Double] {
            features.indices.map { j in observation.features[features[j]].flatMap { $0 }?.finite ?? medians[j] }
        }
        let scaling = Analytics.Standardization(rows: training.map(row), featureCount: features.count)
        let components = try Analytics.PrincipalComponents(rows: training.map { scaling.apply(row($0)) })
        let placed = observations.filter { known.contains($0.condition) || unknown.contains($0.condition) }
        let cells = placed.map { observation -> Cell in
            let z = scaling.apply(row(observation))
            return Cell(id: observation.id, condition: observation.condition, replicate: observation.replicate,
                        unknown: unknown.contains(observation.condition), standardized: z, scores: components.scores(z))
        }

        var framesByCell: [Int: [FrameObservation]] = [:]
        for frame in frames { framesByCell[frame.cellID, default: []].append(frame) }
        let trajectories = placed.compactMap { observation -> Trajectory? in
            guard let own = framesByCell[observation.id]?.sorted(by: { $0.t < $1.t }), !own.isEmpty else { return nil }
            let base = row(observation)
            let scores = own.map { frame -> [Double] in
                var values = base
                for (j, feature) in features.enumerated() {
                    if let value = frame.features[feature].flatMap({ $0 })?.finite { values[j] = value }
                }
                return Array(components.scores(scaling.apply(values)).prefix(2))
            }
            return Trajectory(cellID: observation.id, condition: observation.condition,
                              unknown: unknown.contains(observation.condition), frames: own.map(\.t), scores: scores)
        }

        // Shifts: known conditions against the baseline, unknown ones against every known one.
        var pairs: [(String, String)] = known.dropFirst().map { ($0, baseline) }
        for name in unknown { pairs += known.map { (name, $0) } }
        var notes: [String] = []
        if known.count == 1 {
            notes.append("\(known[0]) is the only known condition\(unknown.isEmpty ? "" : " (besides the unknown \(unknown.joined(separator: ", ")))"): there is no condition to compare it with, so no shift from it is tested")
        }
        var shifts: [Shift] = []
        var cellShifts = pairs.map { Self.shift(level: "cell", $0.0, $0.1, cells: cells, options: options) }
        Self.adjust(&cellShifts)
        shifts += cellShifts
        if !pairs.isEmpty {
            if cells.contains(where: { $0.replicate != nil }) {
                var replicateShifts = pairs.map { Self.shift(level: "replicate", $0.0, $0.1, cells: cells, options: options) }
                Self.adjust(&replicateShifts)
                shifts += replicateShifts
            } else {
                notes.append("the sample sheet gives no replicates, so there is no replicate-level test")
            }
        }

        self.options = options
        self.baseline = baseline
        self.known = known
        self.unknown = unknown
        self.features = features
        self.dropped = dropped
        self.imputed = imputed
        self.means = scaling.means
        self.scales = scaling.scales
        self.components = components
        let retainedComponents = components.componentsExplaining(Self.retainedShare)
        self.retainedComponents = retainedComponents
        self.cells = cells
        self.trajectories = trajectories
        self.shifts = shifts
        self.notes = notes
        let parallelAnalysis = try Analytics.ParallelAnalysis(components: components, rows: training.count,
                                                              seed: UInt64(bitPattern: Int64(options.seed)))
        self.parallelAnalysis = parallelAnalysis
        self.clustering = Self.cluster(cells: cells, components: parallelAnalysis.retained, means: scaling.means,
                                       scales: scaling.scales, seed: UInt64(bitPattern: Int64(options.seed)))
        self.classifications = Self.classify(cells: cells, known: known, unknown: unknown,
                                             seed: UInt64(bitPattern: Int64(options.seed)))
    }

    /// The units of a condition at a level: its cells' standardised features,
    /// or the mean of each replicate's (replicates in order of appearance).
    static func units(_ condition: String, level: String, cells: [Cell]) -> [[Double]] {
        let members = cells.filter { $0.condition == condition }
        guard level == "replicate" else { return members.map(\.standardized) }
        var order: [String] = [], groups: [String: [[Double]]] = [:]
        for cell in members {
            guard let replicate = cell.replicate else { continue }
            if groups[replicate] == nil { order.append(replicate) }
            groups[replicate, default: []].append(cell.standardized)
        }
        return order.map { Analytics.PopulationShift.centroid(groups[$0]!) }
    }

    static func shift(level: String, _ condition: String, _ reference: String, cells: [Cell],
                      options: PhenotypeOptions) -> Shift {
        let a = units(condition, level: level, cells: cells), b = units(reference, level: level, cells: cells)
        let unit = level == "cell" ? "cell" : "replicate"
        func notComputable(_ reason: String) -> Shift {
            Shift(level: level, condition: condition, reference: reference, n: a.count, referenceN: b.count,
                  euclideanDistance: nil, mahalanobisDistance: nil, mahalanobisRegularized: nil, permutations: nil,
                  p: nil, pBH: nil, distanceLow: nil, distanceHigh: nil, referenceSpread: nil, notComputable: reason)
        }
        for (name, group) in [(reference, b), (condition, a)] where group.count < minimumUnits {
            return notComputable("\(name) has \(group.count) \(unit)\(group.count == 1 ? "" : "s")\(level == "replicate" ? " with a replicate name" : ""); a shift test needs at least \(minimumUnits) in each condition")
        }
        let seed = UInt64(bitPattern: Int64(options.seed))
        let test = Analytics.PopulationShift.permutationTest(a, b, permutations: options.permutations, seed: seed)
        let interval = Analytics.PopulationShift.bootstrapInterval(a, b, level: options.confidence,
                                                                   resamples: options.resamples, seed: seed)
        let mahalanobis = try? Analytics.PopulationShift.mahalanobis(a, b)
        return Shift(level: level, condition: condition, reference: reference, n: a.count, referenceN: b.count,
                     euclideanDistance: Analytics.PopulationShift.centroidDistance(a, b),
                     mahalanobisDistance: mahalanobis?.distance, mahalanobisRegularized: mahalanobis?.regularized,
                     permutations: options.permutations, p: test.p, pBH: nil,
                     distanceLow: interval.low, distanceHigh: interval.high,
                     referenceSpread: Analytics.PopulationShift.centroidSpread(b, level: options.confidence,
                                                                               resamples: options.resamples, seed: seed),
                     notComputable: nil)
    }

    static func adjust(_ shifts: inout [Shift]) {
        let adjusted = Statistics.benjaminiHochberg(shifts.map(\.p))
        for i in shifts.indices { shifts[i].pBH = adjusted[i] }
    }

    /// The cell-level shift of `condition` from `reference` (default: the baseline).
    package func shift(_ condition: String, from reference: String? = nil, level: String = "cell") -> Shift? {
        shifts.first { $0.level == level && $0.condition == condition && $0.reference == (reference ?? baseline) }
    }
}

private extension Double {
    var finite: Double? { isFinite ? self : nil }
}
