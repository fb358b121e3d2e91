import Foundation
import PlexusImaging
import PlexusNumerics

/// A whole synthetic experiment on disk: for every condition and cell a video,
/// a frame-0 cell mask and a ground-truth file, and one sample sheet that
/// `plexus ingest` reads.
///
/// Files, in `directory`:
/// - `<condition>-<n>.tif`: the video, one page per frame, 8- or 16-bit;
/// - `<condition>-<n>-mask.tif`: 8-bit, 1 inside the cell at frame 0, 0 outside;
/// - `<condition>-<n>.truth.json`: `GroundTruth`;
/// - `samples.csv`: columns video, condition, replicate, pixel_size_um,
///   frame_interval_s, treatment_frame, seed, mask, truth_file (paths relative
///   to the sheet). `mask` is the column ingest reads the frame-0 label image
///   from, so each cell is analysed inside its mask, carried through the video.
package struct SyntheticExperiment: Sendable {
    package var conditions: [SimulatedCondition]
    package var cellsPerCondition: Int
    package var frameCount: Int
    package var size: Int
    package var seed: UInt64
    package var bitDepth: Int
    package var photobleachingRate: Double
    /// Cells of a condition are split into this many replicates (1, 1, 2, 2 for four cells).
    package var replicates: Int

    package struct Summary: Sendable {
        package var videos: [String] = []
        /// Every file written, the sample sheet last.
        package var files: [String] = []
        package var frames = 0
        package var seconds = 0.0
        package var sampleSheet: String { files.last ?? "" }
    }

    package init(conditions: [SimulatedCondition] = SimulatedCondition.allCases, cellsPerCondition: Int = 4,
                frameCount: Int = 60, size: Int = 256, seed: UInt64 = 1, bitDepth: Int = 8,
                photobleachingRate: Double = 0, replicates: Int = 2) {
        self.conditions = conditions
        self.cellsPerCondition = cellsPerCondition
        self.frameCount = frameCount
        self.size = size
        self.seed = seed
        self.bitDepth = bitDepth
        self.photobleachingRate = photobleachingRate
        self.replicates = replicates
    }

    /// The simulation of cell `cell` (from 1) of `condition`.
    package func simulation(_ condition: SimulatedCondition, cell: Int) -> CellSimulation {
        CellSimulation(condition: condition, cell: cell, seed: seed, size: size, frameCount: frameCount,
                       microscope: Microscope(bitDepth: bitDepth, photobleachingRate: photobleachingRate))
    }

    /// The replicate cell `cell` (from 1) belongs to: consecutive cells grouped evenly.
    package func replicate(ofCell cell: Int) -> Int {
        let groups = max(1, min(replicates, cellsPerCondition))
        return (cell - 1) * groups / cellsPerCondition + 1
    }

    /// Writes every file into `directory` (created if missing; files of the same
    /// names are replaced).
    package func write(to directory: String) throws -> Summary {
        precondition(cellsPerCondition >= 1, "an experiment needs at least one cell per condition")
        let started = ContinuousClock.now
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let folder = URL(fileURLWithPath: directory)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        var summary = Summary()
        var rows = ["video,condition,replicate,pixel_size_um,frame_interval_s,treatment_frame,seed,mask,truth_file"]
        for condition in conditions {
            for cell in 1...cellsPerCondition {
                let simulation = simulation(condition, cell: cell)
                let name = "\(condition.rawValue)-\(cell)"
                let video = "\(name).tif", mask = "\(name)-mask.tif", truth = "\(name).truth.json"

                let writer = try TIFFWriter(path: path(video))
                let groundTruth = try simulation.run { try writer.writePage($0) }
                writer.close()
                let maskWriter = try TIFFWriter(path: path(mask))
                try maskWriter.writePage(simulation.mask)
                maskWriter.close()
                try Data(groundTruth.json.utf8).write(to: URL(fileURLWithPath: path(truth)))

                rows.append([video, condition.rawValue, String(replicate(ofCell: cell)),
                             JSONText.format(CellSimulation.pixelSizeMicrometres),
                             JSONText.format(CellSimulation.frameIntervalSeconds),
                             String(simulation.treatmentFrame), String(seed), mask, truth].joined(separator: ","))
                summary.videos.append(path(video))
                summary.files += [path(video), path(mask), path(truth)]
                summary.frames += frameCount
            }
        }
        let sheet = path("samples.csv")
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: sheet))
        summary.files.append(sheet)
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }
}
