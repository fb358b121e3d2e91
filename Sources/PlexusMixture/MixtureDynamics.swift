import Foundation
import CPlexusKernels
import PlexusImaging

/// When a cell's mixture changes its structure (default preset).
package struct StructureSettings: Equatable, Sendable {
    /// A component whose mass (Σ intensity × responsibility) falls below this
    /// dies: it leaves the mixture and the graph.
    package var deathMass: Double
    /// Births and splits start from peaks of the residual (intensity minus the
    /// mixture's expected intensity) that are brighter than this, on the 8-bit
    /// scale, and are the maximum of their (2·minDistance + 1)² window: the
    /// same rule as the frame-0 peaks, applied to what the mixture leaves out.
    package var peakThreshold: Double
    package var minDistance: Int
    /// Two components whose Bhattacharyya coefficient is at least this are a
    /// merge candidate (1: identical Gaussians; 0.5: equal ones 2.35 SD apart).
    package var mergeOverlap: Double
    /// A residual peak within this many standard deviations (Mahalanobis
    /// distance) of the component that explains it best is a split of that
    /// component; farther out it is a birth.
    package var splitReach: Double
    /// Pixels per independent observation in the BIC: the area of one
    /// resolution element, FWHM² of the blur that correlates neighbouring
    /// pixels (see `resolutionElement(smoothingSigma:)`).
    package var resolutionElement: Double
    /// More live components than this is an error (a runaway of births).
    package var maximumComponents: Int
    /// Merge candidates, and birth/split candidates, tried per frame (each a
    /// refit): the rest wait for the next frame. Measured on simulated cells:
    /// one of each kind per frame; trying every candidate together
    /// instead accepted births that the next frames merged away again.
    package var trialsPerStep: Int
    /// EM rounds of a trial's refit. A kept change is refitted to convergence
    /// by the next frame's warm start; the exact BIC compares the mixture
    /// reached, so a short refit can only make acceptance more cautious.
    package var trialIterations: Int
    /// Frames for which a refused candidate is not tried again (near the
    /// same place: within `minDistance`; merges: the same pair).
    package var refusalMemory: Int

    package init(deathMass: Double, peakThreshold: Double, minDistance: Int, resolutionElement: Double = 1,
                mergeOverlap: Double = 0.5,
                splitReach: Double = 2, maximumComponents: Int = 1000, trialsPerStep: Int = 1,
                trialIterations: Int = 10, refusalMemory: Int = 10) {
        self.refusalMemory = refusalMemory
        self.trialsPerStep = trialsPerStep
        self.resolutionElement = resolutionElement
        self.trialIterations = trialIterations
        self.deathMass = deathMass
        self.peakThreshold = peakThreshold
        self.minDistance = minDistance
        self.mergeOverlap = mergeOverlap
        self.splitReach = splitReach
        self.maximumComponents = maximumComponents
    }

    /// FWHM² = 8 ln 2 · σ² of the blur a frame has when it is fitted: the
    /// smoothing σ and an optical point-spread function of σ = 1 px (images
    /// sampled at about the Nyquist rate, as confocal and widefield
    /// microscopes are set up). Neighbouring pixels within it are not
    /// independent observations.
    package static func resolutionElement(smoothingSigma: Double) -> Double {
        8 * log(2) * (smoothingSigma * smoothingSigma + 1)
    }

    /// The default death floor: the mass of the faintest spot a peak can seed,
    /// a Gaussian of the initial variance floor (1 px²) peaking at the peak
    /// threshold: 2π · 1 px² · threshold.
    package static func defaultDeathMass(peakThreshold: Double) -> Double {
        max(1, 2 * Double.pi * peakThreshold)
    }
}

/// One structural change of a mixture (the `component_event` table).
package struct ComponentEvent: Equatable, Sendable {
    package enum Kind: String, Sendable, CaseIterable { case birth, death, split, merge }
    package var kind: Kind
    /// birth, split: the new component; death: the dying one; merge: the survivor.
    package var k: Int
    /// split: the parent; merge: the absorbed component.
    package var other: Int?
    /// How much the accepted step lowered the BIC (negative); nil for deaths,
    /// which the mass floor decides alone. Changes made in one step share it.
    package var bicChange: Double?

    package init(kind: Kind, k: Int, other: Int? = nil, bicChange: Double? = nil) {
        self.kind = kind
        self.k = k
        self.other = other
        self.bicChange = bicChange
    }
}

/// A cell's mixture with the identity of each component: `ids[i]` is the
/// video-wide number k of `model.components[i]`, never reused.
package struct TrackedMixture: Sendable {
    package var model: MixtureModel
    package var ids: [Int]
    /// The next unused id.
    package var nextID: Int
    /// Candidates whose trial was refused, not tried again while their count
    /// of frames lasts (`StructureSettings.refusalMemory`): a structure the
    /// BIC did not want in one frame rarely wants it in the next, and each
    /// trial costs a refit.
    package var refusedPeaks: [Refusal] = []
    package var refusedMerges: [Refusal] = []

    /// A refused birth or split (at `row`, `col`) or merge (of ids `row`, `col`).
    package struct Refusal: Equatable, Sendable {
        package var row: Int
        package var col: Int
        package var framesLeft: Int

        /// One frame later: each count down by one, the expired dropped.
        static func aged(_ refusals: [Refusal]) -> [Refusal] {
            refusals.compactMap { $0.framesLeft > 1 ? Refusal(row: $0.row, col: $0.col, framesLeft: $0.framesLeft - 1) : nil }
        }
    }

    package init(model: MixtureModel, ids: [Int], nextID: Int) {
        precondition(ids.count == model.count, "one id per component")
        self.model = model
        self.ids = ids
        self.nextID = nextID
    }

    /// Components numbered 0, 1, … from `firstID`.
    package init(model: MixtureModel, firstID: Int = 0) {
        self.init(model: model, ids: Array(firstID..<(firstID + model.count)), nextID: firstID + model.count)
    }
}

package struct StructureError: Error, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// A frame's fit after its structure moves.
package struct FrameFit: Sendable {
    /// The final fit; nil when every component died and nothing was born.
    package var fit: EMFit?
    package var mixture: TrackedMixture
    package var events: [ComponentEvent]
    /// EM rounds of the frame over the whole cell: the warm start and the
    /// refits after deaths and kept changes (partial refits not counted).
    package var iterations: Int
}

/// Components born, dying, splitting and merging as the cell changes.
///
/// Each frame, after the warm-started EM fit:
/// 1. **Death.** Components with mass below `deathMass` leave; the rest are refitted.
/// 2. **Merge.** Pairs with Bhattacharyya coefficient ≥ `mergeOverlap`
///    (disjoint, most similar first) are replaced by their moment match, the
///    older id surviving, and refitted.
/// 3. **Birth and split.** Peaks of the residual I − N·p(x) (N the total
///    intensity, p the mixture density) under the previous frame's mixture —
///    what the network of the frame before does not explain in this one —
///    where the fitted mixture's residual is still above the threshold, seed
///    new components. A peak within `splitReach` SD of the previous frame's
///    component that explains it best splits that component (its weight is
///    shared with the child); elsewhere a component is born.
///
/// A merge, birth or split is kept only when it lowers the BIC
/// −2·n·ℓ + (6K − 1)·ln n, with ℓ the mean log-likelihood per unit intensity
/// and n the number of independent observations: the cell's pixels above
/// zero over the area of one resolution element (`resolutionElement`). The
/// components a change makes or alters are refitted by partial EM on their
/// own region (`attempt`), and the change of ℓ is evaluated exactly there. Measured: with the repeated-pixel count N
/// of frame.bic, every residual peak paid for itself (the real LLO movie's 40
/// peaks became 134 components by t = 11); with each pixel one observation,
/// simulated cells doubled their components over 60 frames while their peaks
/// did not; with resolution elements the live count stays within 10 % of the
/// frames' peak counts (median). Candidates are tried one at a time, best
/// first (merges by overlap, births by residual height), at most
/// `trialsPerStep` of each kind per frame. The refit of a kept change may
/// starve a component; it dies in the same frame.
///
/// This follows split-and-merge EM (Ueda et al. 2000) in spirit — candidates
/// by a cheap criterion, acceptance by the likelihood — with candidates chosen
/// by the peak rule the mixture started from, so that the number of
/// components follows what each frame shows.
package enum MixtureDynamics {
    package static func fit(_ samples: WeightedSamples, width: Int, height: Int, start: TrackedMixture,
                           previousLowerBound: Double?, settings: StructureSettings,
                           options: EMOptions) throws -> FrameFit {
        var begun = start
        begun.refusedPeaks = TrackedMixture.Refusal.aged(start.refusedPeaks)
        begun.refusedMerges = TrackedMixture.Refusal.aged(start.refusedMerges)
        var state = State(samples: samples, width: width, height: height, settings: settings, options: options,
                          mixture: begun)
        try state.warmFit(previousLowerBound: previousLowerBound)
        try state.removeDead()
        try state.mergeStep()
        try state.birthStep()
        try state.finish()
        return FrameFit(fit: state.fit, mixture: state.mixture, events: state.events, iterations: state.iterations)
    }

    /// Local maxima of the residual weight − N·p(x) over the samples' pixels
    /// (peak rule of `PeakFinder`: above `threshold`, the maximum of the
    /// (2·minDistance + 1)² window, not within minDistance of the border), in
    /// descending order. A log-density of −∞ everywhere gives the image's own peaks.
    package static func residualPeaks(_ samples: WeightedSamples, logDensity: [Double], width: Int, height: Int,
                                     threshold: Double, minDistance: Int) -> [(row: Int, col: Int, value: Double)] {
        Array(residualPeakStream(samples, logDensity: logDensity, width: width, height: height,
                                 threshold: threshold, minDistance: minDistance))
    }

    /// The same peaks, found one at a time as they are asked for (`PeakStream`).
    static func residualPeakStream(_ samples: WeightedSamples, logDensity: [Double], width: Int, height: Int,
                                   threshold: Double, minDistance: Int) -> PeakStream {
        var grid = residualGrid(samples, logDensity: logDensity, width: width, height: height, threshold: threshold)
        // Below a negative threshold the 0 outside the samples is above it too: scan the whole frame.
        if threshold < 0 { grid = grid.frame(width: width, height: height) }
        return PeakStream(grid, width: width, height: height, threshold: threshold, minDistance: minDistance)
    }

    /// A rectangle of the frame's pixel grid with its values (row-major), 0
    /// everywhere outside it: the part of a frame a cell's samples cover, so
    /// that a cell of a large frame costs its own area, not the frame's.
    struct Window {
        let top: Int, left: Int, rows: Int, cols: Int
        var values: [Double]

        /// The bounding box of `samples` (empty when there are none).
        init(covering samples: WeightedSamples) {
            // The union of the tiles' bounding boxes (min row, max row, min col, max col).
            var top = 0, bottom = -1, left = 0, right = -1
            if let first = samples.tileBounds.first {
                var box = first
                for tile in samples.tileBounds.dropFirst() {
                    box = (min(box.0, tile.0), max(box.1, tile.1), min(box.2, tile.2), max(box.3, tile.3))
                }
                (top, bottom, left, right) = (Int(box.0), Int(box.1), Int(box.2), Int(box.3))
            }
            self.top = top
            self.left = left
            rows = bottom - top + 1
            cols = right - left + 1
            values = [Double](repeating: 0, count: rows * cols)
        }

        private init(top: Int, left: Int, rows: Int, cols: Int, values: [Double]) {
            self.top = top
            self.left = left
            self.rows = rows
            self.cols = cols
            self.values = values
        }

        /// The same values over the whole frame.
        func frame(width: Int, height: Int) -> Window {
            var values = [Double](repeating: 0, count: width * height)
            for r in 0..<rows { for c in 0..<cols { values[(top + r) * width + left + c] = self.values[r * cols + c] } }
            return Window(top: 0, left: 0, rows: height, cols: width, values: values)
        }

        /// The value at a frame pixel (0 outside the window).
        func value(_ row: Int, _ col: Int) -> Double {
            let r = row - top, c = col - left
            guard r >= 0, r < rows, c >= 0, c < cols else { return 0 }
            return values[r * cols + c]
        }
    }

    /// weight − N·p(x) where that exceeds `threshold`, at most 0 elsewhere,
    /// over the samples' bounding box. Only a pixel above the threshold can be
    /// a peak, and one at or below it cannot beat one in its window, so below
    /// the threshold the value does not matter. With a threshold ≥ 0 the
    /// pixels that may exceed it are screened by a vectorised exponential
    /// (`plexus_residual_candidates`) and only those get the exact value; the
    /// rest stay 0. A negative threshold has every sample's exact value.
    static func residualGrid(_ samples: WeightedSamples, logDensity: [Double], width: Int, height: Int,
                             threshold: Double) -> Window {
        let total = samples.totalWeight
        var grid = Window(covering: samples)
        let top = grid.top, left = grid.left, cols = grid.cols
        precondition(logDensity.count == samples.count, "one log-density per sample")
        var candidate = [UInt8](repeating: 1, count: samples.count)
        if threshold >= 0 {
            samples.weights.withUnsafeBufferPointer { weights in
                logDensity.withUnsafeBufferPointer { logDensity in
                    candidate.withUnsafeMutableBufferPointer { candidate in
                        plexus_residual_candidates(weights.baseAddress, logDensity.baseAddress, Int64(samples.count),
                                                   total, threshold, candidate.baseAddress)
                    }
                }
            }
        }
        grid.values.withUnsafeMutableBufferPointer { values in
            for i in 0..<samples.count where candidate[i] != 0 && samples.weights[i] > threshold {
                values[(Int(samples.rows[i]) - top) * cols + Int(samples.cols[i]) - left] = samples.weights[i] - total * exp(logDensity[i])
            }
        }
        return grid
    }

    /// The peak rule on a frame of `width` × `height` whose values are those
    /// of a grid (0 outside it): maxima in descending order (ties by row, then
    /// column), equal maxima within one window (a plateau) one peak. Found one
    /// at a time, as they are asked for: the birth step tries the first one or
    /// two of the dozens a residual has, out of thousands of pixels above the
    /// threshold.
    ///
    /// The pixels above the threshold (not within minDistance of the frame's
    /// border) wait in a heap, brightest first, ties by row and then column.
    /// Each one taken is a peak when no pixel of its window (clipped to the
    /// grid) is greater: most are not, and a greater 8-neighbour shows it at
    /// once. Only the grid's pixels can be peaks (a peak is above the
    /// threshold, hence above 0), and a pixel outside it cannot beat one.
    struct PeakStream: Sequence, IteratorProtocol {
        private let values: [Double]
        private let top: Int, left: Int, rows: Int, cols: Int
        private let minDistance: Int
        /// Grid indices of the candidates, a binary heap under `precedes`.
        private var heap: [Int] = []
        /// The peaks so far, in grid coordinates: a later maximum of equal value within
        /// minDistance of one is the same plateau.
        private var kept: [(r: Int, c: Int, value: Double)] = []

        init(_ grid: Window, width: Int, height: Int, threshold: Double, minDistance: Int) {
            values = grid.values
            (top, left, rows, cols) = (grid.top, grid.left, grid.rows, grid.cols)
            self.minDistance = minDistance
            guard height > 2 * minDistance, width > 2 * minDistance, rows > 0, cols > 0 else { return }
            // Rows and columns of the grid at least minDistance from the frame's border.
            let firstRow = Swift.max(0, minDistance - top), lastRow = Swift.min(rows, height - minDistance - top)
            let firstCol = Swift.max(0, minDistance - left), lastCol = Swift.min(cols, width - minDistance - left)
            guard firstRow < lastRow, firstCol < lastCol else { return }
            var heap: [Int] = []
            values.withUnsafeBufferPointer { values in
                for r in firstRow..<lastRow {
                    let line = r &* cols
                    for c in firstCol..<lastCol where values[line &+ c] > threshold { heap.append(line &+ c) }
                }
            }
            self.heap = heap
            guard self.heap.count > 1 else { return }
            for i in stride(from: self.heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }

        /// Brighter first; of equal values, the earlier in row-major order.
        @inline(__always)
        private func precedes(_ a: Int, _ b: Int) -> Bool {
            values[a] > values[b] || (values[a] == values[b] && a < b)
        }

        private mutating func siftDown(_ start: Int) {
            var i = start
            let count = heap.count
            while true {
                let left = 2 &* i &+ 1, right = left &+ 1
                var first = i
                if left < count && precedes(heap[left], heap[first]) { first = left }
                if right < count && precedes(heap[right], heap[first]) { first = right }
                guard first != i else { return }
                heap.swapAt(i, first)
                i = first
            }
        }

        private mutating func popFirst() -> Int? {
            guard let first = heap.first else { return nil }
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
            return first
        }

        /// Whether no pixel of the window around (r, c), clipped to the grid, exceeds `value`.
        private func isWindowMaximum(_ r: Int, _ c: Int, _ value: Double) -> Bool {
            values.withUnsafeBufferPointer { values in
                // Indices stay inside the grid: every range below is clamped to it.
                // The 8-neighbours first (inside any window but minDistance 0's).
                let near = Swift.min(1, minDistance)
                for rr in Swift.max(0, r - near)...Swift.min(rows - 1, r + near) {
                    for cc in Swift.max(0, c - near)...Swift.min(cols - 1, c + near) where values[rr &* cols &+ cc] > value {
                        return false
                    }
                }
                for rr in Swift.max(0, r - minDistance)...Swift.min(rows - 1, r + minDistance) {
                    let line = rr &* cols
                    for cc in Swift.max(0, c - minDistance)...Swift.min(cols - 1, c + minDistance) where values[line &+ cc] > value {
                        return false
                    }
                }
                return true
            }
        }

        mutating func next() -> (row: Int, col: Int, value: Double)? {
            while let i = popFirst() {
                let value = values[i], r = i / cols, c = i % cols
                guard isWindowMaximum(r, c, value) else { continue }
                let plateau = kept.contains {
                    $0.value == value && abs($0.r - r) <= minDistance && abs($0.c - c) <= minDistance
                }
                guard !plateau else { continue }
                kept.append((r, c, value))
                return (r + top, c + left, value)
            }
            return nil
        }
    }

    /// The variance of a Gaussian bump of the residual at a peak, from its
    /// height h and its discrete Laplacian: a bump h·exp(−r²/2s²) has
    /// ∇² = −2h/s² at its top, so s² = −2h/∇². Kept within [1, 4·minDistance²] px²
    /// (a flat or noisy top gives no curvature to read).
    static func bumpVariance(_ grid: (Int, Int) -> Double, row: Int, col: Int, width: Int, height: Int,
                             minDistance: Int) -> Double {
        let top = grid(row, col)
        var laplacian = -4 * top
        for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
            let r = min(max(row + dr, 0), height - 1), c = min(max(col + dc, 0), width - 1)
            laplacian += grid(r, c)
        }
        let upper = max(1, 4 * Double(minDistance * minDistance))
        guard laplacian < 0 else { return upper }
        return min(max(-2 * top / laplacian, 1), upper)
    }

    /// The working state of one frame's structure moves.
    struct State {
        let samples: WeightedSamples
        let width: Int, height: Int
        let settings: StructureSettings
        let options: EMOptions
        var mixture: TrackedMixture
        var fit: EMFit?
        /// The frame's starting mixture (the previous frame's fit) and log p(x)
        /// under it: what the network of the frame before does not explain.
        var startModel = MixtureModel(components: [])
        var startDensity: [Double] = []
        var startIDs: [Int] = []
        var events: [ComponentEvent] = []
        /// Ids changed by a kept step of this frame: each takes part in one change a frame.
        var touched = Set<Int>()
        /// Ids born in this frame, and whether any change was kept.
        var born = Set<Int>()
        var changed = false
        var iterations = 0

        init(samples: WeightedSamples, width: Int, height: Int, settings: StructureSettings, options: EMOptions,
             mixture: TrackedMixture) {
            self.samples = samples
            self.width = width
            self.height = height
            self.settings = settings
            self.options = options
            self.mixture = mixture
        }

        var total: Double { samples.totalWeight }

        mutating func warmFit(previousLowerBound: Double?) throws {
            let warm = try WeightedEM.fit(samples, from: mixture.model, previousLowerBound: previousLowerBound,
                                          options: options, keepInitialLogDensity: true)
            iterations += warm.iterations
            startModel = mixture.model
            startIDs = mixture.ids
            startDensity = warm.initialLogDensity!
            mixture.model = warm.model
            fit = warm
        }

        /// Removes components below the mass floor and refits, until none is
        /// left below it. Deaths of components that existed before this frame
        /// are recorded; components born in this frame just vanish.
        mutating func removeDead() throws {
            while let current = fit {
                let dead = current.model.components.indices.filter {
                    current.model.components[$0].weight * total < settings.deathMass
                }
                guard !dead.isEmpty else { return }
                for index in dead {
                    let id = mixture.ids[index]
                    if born.contains(id) {
                        // Born in this frame and starved by its refit: it never was.
                        events.removeAll { $0.k == id && ($0.kind == .birth || $0.kind == .split) }
                    } else {
                        events.append(ComponentEvent(kind: .death, k: id))
                    }
                }
                let keep = current.model.components.indices.filter { !dead.contains($0) }
                guard !keep.isEmpty else {
                    mixture = TrackedMixture(model: MixtureModel(components: []), ids: [], nextID: mixture.nextID)
                    fit = nil
                    return
                }
                let survivors = renormalized(keep.map { current.model.components[$0] })
                mixture.ids = keep.map { mixture.ids[$0] }
                let refit = try WeightedEM.fit(samples, from: MixtureModel(components: survivors), options: options)
                iterations += refit.iterations
                mixture.model = refit.model
                fit = refit
            }
        }

        func renormalized(_ components: [GaussianComponent]) -> [GaussianComponent] {
            let sum = components.reduce(0) { $0 + $1.weight }
            return components.map { var c = $0; c.weight /= sum; return c }
        }

        /// A proposed structure: components with ids (negative: to be born),
        /// the events it would make, the components it made or altered
        /// (`free`, indices into `components`), and those of the current
        /// mixture it replaces.
        struct Proposal {
            var components: [GaussianComponent]
            var ids: [Int]
            var events: [ComponentEvent]
            var free: [Int]
            var replaced: [GaussianComponent]
        }

        /// Refits the components a proposal changed on their own region
        /// (partial EM; the rest of the mixture held fixed) and keeps the
        /// proposal when the BIC of the whole mixture falls. The region is 5 SD
        /// around every component involved, before and after, where all of
        /// their density lies (beyond it, e^−12.5 of their peak): the change
        /// of the log-likelihood outside it is the renormalisation of the
        /// weights alone, −N·ln Σw. Returns whether it was kept.
        mutating func attempt(_ proposal: Proposal) throws -> Bool {
            var box = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
            for c in proposal.replaced + proposal.free.map({ proposal.components[$0] }) {
                let reach = 5 * max(c.covRR, c.covCC).squareRoot()
                box = (min(box.0, c.meanRow - reach), max(box.1, c.meanRow + reach),
                       min(box.2, c.meanCol - reach), max(box.3, c.meanCol + reach))
            }
            let local = samples.restricted(to: box)
            guard local.count > 0 else { return false }
            let empty = mixture.model.count == 0
            var trialOptions = options
            trialOptions.maximumIterations = min(options.maximumIterations, settings.trialIterations)
            // The log-likelihood before the change comes with the refit: the
            // mixture was the fixed components and those the change replaced.
            let refit = try WeightedEM.fitLocal(local, from: MixtureModel(components: proposal.components),
                                                free: proposal.free, totalWeight: total, options: trialOptions,
                                                replaced: empty ? nil : proposal.replaced)
            let before = refit.before ?? 0
            // A component the change made that would hold less than the floor: refused.
            for k in proposal.free where refit.model.components[k].weight * total < settings.deathMass { return false }
            let weightSum = refit.model.components.reduce(0) { $0 + $1.weight }
            let gain = refit.logLikelihoodSum - before - total * log(weightSum)
            let n = Double(samples.count) / settings.resolutionElement
            let change = -2 * n * gain / total + Double(6 * (proposal.components.count - mixture.model.count)) * log(n)
            // After every component died any mixture is better than none.
            guard empty || change < 0 else { return false }
            var newID = [Int: Int]()
            for id in proposal.ids where id < 0 {
                newID[id] = mixture.nextID
                born.insert(mixture.nextID)
                mixture.nextID += 1
            }
            for var event in proposal.events {
                if event.k < 0 { event.k = newID[event.k]! }
                event.bicChange = empty ? nil : change
                events.append(event)
                touched.insert(event.k)
                if let other = event.other { touched.insert(other) }
            }
            mixture.model = MixtureModel(components: renormalized(refit.model.components))
            mixture.ids = proposal.ids.map { $0 < 0 ? newID[$0]! : $0 }
            changed = true
            guard mixture.model.count <= settings.maximumComponents else {
                throw StructureError("\(mixture.model.count) components after births, more than --max-components \(settings.maximumComponents)")
            }
            return true
        }

        /// After kept changes: the whole mixture refitted, and whatever that
        /// starves removed. The convergence test starts from the frame's fit,
        /// as a warm start does: the changes were local and already refitted
        /// where they happened (partial EM), so this usually takes a round or two.
        mutating func finish() throws {
            guard changed else { return }
            let refit = try WeightedEM.fit(samples, from: mixture.model, previousLowerBound: fit?.lowerBound,
                                           options: options)
            iterations += refit.iterations
            mixture.model = refit.model
            fit = refit
            try removeDead()
        }

        /// Tries the candidates one at a time, best first, at most
        /// `trialsPerStep`. `build` makes a candidate's proposal from the
        /// current mixture, or nil when an earlier change of this frame
        /// already involved its components.
        /// Returns the candidates refused.
        mutating func attemptAll<Candidates: Sequence>(_ candidates: Candidates,
                                                       build: (Candidates.Element, TrackedMixture, Set<Int>) -> Proposal?) throws
            -> [Candidates.Element] {
            var tried = 0
            var refused: [Candidates.Element] = []
            // Candidates after the last trial are never looked at (a lazy sequence never makes them).
            for candidate in candidates {
                guard tried < settings.trialsPerStep else { break }
                guard let proposal = build(candidate, mixture, touched) else { continue }
                tried += 1
                if try !attempt(proposal) { refused.append(candidate) }
            }
            return refused
        }

        mutating func mergeStep() throws {
            guard fit != nil else { return }
            let components = mixture.model.components
            var pairs: [(i: Int, j: Int, overlap: Double)] = []
            for i in components.indices {
                for j in (i + 1)..<components.count {
                    // Far apart (> 6 SD of the wider): the coefficient is below e^−4.5.
                    let dr = components[i].meanRow - components[j].meanRow
                    let dc = components[i].meanCol - components[j].meanCol
                    let spread = max(components[i].covRR, components[i].covCC, components[j].covRR, components[j].covCC)
                    guard dr * dr + dc * dc <= 36 * spread else { continue }
                    let overlap = components[i].bhattacharyyaCoefficient(with: components[j])
                    if overlap >= settings.mergeOverlap { pairs.append((i, j, overlap)) }
                }
            }
            pairs.sort { $0.overlap > $1.overlap }
            let refusals = mixture.refusedMerges
            let candidates = pairs.map { (mixture.ids[$0.i], mixture.ids[$0.j]) }.filter { pair in
                !refusals.contains { $0.row == pair.0 && $0.col == pair.1 }
            }
            let refused = try attemptAll(candidates) { pair, current, touched in
                guard !touched.contains(pair.0), !touched.contains(pair.1),
                      let i = current.ids.firstIndex(of: pair.0), let j = current.ids.firstIndex(of: pair.1) else { return nil }
                // The older (smaller) id survives.
                let (survivor, gone) = current.ids[i] < current.ids[j] ? (i, j) : (j, i)
                var merged = current.model.components
                merged[survivor] = GaussianComponent.momentMatched(merged[i], merged[j])
                let keep = merged.indices.filter { $0 != gone }
                return Proposal(components: keep.map { merged[$0] }, ids: keep.map { current.ids[$0] },
                                events: [ComponentEvent(kind: .merge, k: current.ids[survivor], other: current.ids[gone])],
                                free: [keep.firstIndex(of: survivor)!],
                                replaced: [current.model.components[i], current.model.components[j]])
            }
            mixture.refusedMerges += refused.map { .init(row: $0.0, col: $0.1, framesLeft: settings.refusalMemory) }
        }

        mutating func birthStep() throws {
            // Candidates: peaks of what the frame before's network leaves
            // unexplained in this frame, that the fitted mixture still leaves
            // unexplained (a structure that merely moved is explained after the fit).
            // They are found one at a time, as the trials ask for them (`PeakStream`).
            let total = self.total
            let width = self.width, height = self.height, minDistance = settings.minDistance
            let threshold = settings.peakThreshold
            let refusals = mixture.refusedPeaks
            let unexplained = MixtureDynamics.residualPeakStream(samples, logDensity: startDensity, width: width,
                                                                 height: height, threshold: threshold,
                                                                 minDistance: minDistance).lazy.filter { peak in
                !refusals.contains { abs($0.row - peak.row) <= minDistance && abs($0.col - peak.col) <= minDistance }
            }
            // After every component died the mixture is empty and the residual the intensity.
            let current = mixture.model
            let samples = self.samples
            // The fitted mixture's residual, at the few pixels where it is needed
            // (the intensity there looked up among the samples, 0 where there is none).
            func residual(_ row: Int, _ col: Int) -> Double {
                let value = samples.weight(row: row, col: col)
                guard value > 0 else { return 0 }
                return value - total * current.components.reduce(0) {
                    $0 + exp($1.logWeightedDensity(row: Double(row), col: Double(col)))
                }
            }
            let peaks = unexplained.filter { residual($0.row, $0.col) > threshold }
            let deathMass = settings.deathMass
            let reach = settings.splitReach * settings.splitReach
            let startModel = self.startModel
            let startIDs = startIDs
            let refused = try attemptAll(peaks) { peak, current, touched in
                var proposed = current.model.components
                var ids = current.ids
                let row = Double(peak.row), col = Double(peak.col)
                let variance = MixtureDynamics.bumpVariance(residual, row: peak.row,
                                                            col: peak.col, width: width, height: height,
                                                            minDistance: minDistance)
                let newID = -1
                let event: ComponentEvent
                var free = [proposed.count]
                var replaced: [GaussianComponent] = []
                // Fission or birth, by where the peak was in the frame before's network.
                let owner = startModel.components.indices.max {
                    startModel.components[$0].logWeightedDensity(row: row, col: col)
                        < startModel.components[$1].logWeightedDensity(row: row, col: col)
                }
                let parent = owner.flatMap { owner in
                    startModel.components[owner].mahalanobis(row: row, col: col) <= reach
                        ? ids.firstIndex(of: startIDs[owner]) : nil
                }
                if let parent {
                    // A parent already changed in this frame waits for the next.
                    guard !touched.contains(ids[parent]) else { return nil }
                    // Fission: the parent shares its weight with the child at the peak.
                    replaced = [proposed[parent]]
                    free.append(parent)
                    proposed[parent].weight /= 2
                    proposed.append(GaussianComponent(weight: proposed[parent].weight, meanRow: row, meanCol: col,
                                                      covRR: variance, covRC: 0, covCC: variance))
                    event = ComponentEvent(kind: .split, k: newID, other: ids[parent])
                } else {
                    // The partial refit sets its weight from its mass; the others keep theirs.
                    let mass = max(2 * deathMass, peak.value * 2 * Double.pi * variance)
                    proposed.append(GaussianComponent(weight: min(0.5, mass / total), meanRow: row, meanCol: col,
                                                      covRR: variance, covRC: 0, covCC: variance))
                    event = ComponentEvent(kind: .birth, k: newID)
                }
                ids.append(newID)
                return Proposal(components: proposed, ids: ids, events: [event], free: free, replaced: replaced)
            }
            mixture.refusedPeaks += refused.map { .init(row: $0.row, col: $0.col, framesLeft: settings.refusalMemory) }
        }
    }
}
