import ArgumentParser
import Foundation
import PlexusSimulation

extension Plexus {
    struct SimulateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Write synthetic cell videos with ground truth, and a sample sheet to ingest them.",
            discussion: """
                For every condition and cell: a multi-page TIFF video <condition>-<n>.tif of a cell whose \
                mitochondria (tubules and puncta) drift, split and join; its frame-0 cell mask \
                <condition>-<n>-mask.tif (8-bit, 1 inside); and <condition>-<n>.truth.json with the true \
                object counts, tubule lengths, areas and fission/fusion events of every frame. control \
                keeps fission and fusion balanced; llo fragments the network and shrinks the cell; mdivi \
                makes tubules fuse and lengthen. The treatment acts from a sixth of the way in. \
                samples.csv lists the videos for `plexus ingest`. The same arguments give the same bytes.
                """
        )

        @Option(help: ArgumentHelp("Folder to write the videos, masks, ground truth and samples.csv into (created if missing).",
                                   valueName: "dir"))
        var out: String
        @Option(help: ArgumentHelp("Comma-separated conditions to simulate, from control, llo and mdivi.",
                                   valueName: "names"))
        var conditions: String = SimulatedCondition.allCases.map(\.rawValue).joined(separator: ",")
        @Option(help: "Cells (videos) per condition.")
        var cells: Int = 4
        @Option(help: "Frames per video.")
        var frames: Int = 60
        @Option(help: "Width and height of the frames in pixels.")
        var size: Int = 256
        @Option(help: "Seed of the random numbers; the same seed gives the same files.")
        var seed: UInt64 = 1
        @Option(help: "Bits per sample of the videos: 8 or 16.")
        var bitDepth: Int = 8
        @Option(help: ArgumentHelp("Photobleaching rate per frame: intensity at frame t is exp(−rate·t) of frame 0's.",
                                   valueName: "rate"))
        var photobleaching: Double = 0

        var parsedConditions: [SimulatedCondition] {
            conditions.split(separator: ",").compactMap {
                SimulatedCondition(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased())
            }
        }

        func validate() throws {
            let names = conditions.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            let known = SimulatedCondition.allCases.map(\.rawValue).joined(separator: ", ")
            for name in names where SimulatedCondition(rawValue: name) == nil {
                throw ValidationError(name.isEmpty
                    ? "--conditions has an empty name; give a comma-separated list of \(known)"
                    : "--conditions: unknown condition '\(name)'; choose from \(known)")
            }
            if Set(names).count != names.count {
                throw ValidationError("--conditions names a condition twice; list each once")
            }
            if cells < 1 { throw ValidationError("--cells must be at least 1") }
            if frames < 1 { throw ValidationError("--frames must be at least 1") }
            if size < 64 || size > 4096 { throw ValidationError("--size must be between 64 and 4096 pixels") }
            if bitDepth != 8 && bitDepth != 16 { throw ValidationError("--bit-depth must be 8 or 16") }
            if !(photobleaching >= 0 && photobleaching <= 1) {
                throw ValidationError("--photobleaching must be a rate between 0 and 1 per frame")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError("--out \(out) is a file; give a folder (it is created if missing)")
            }
        }

        func run() throws {
            let experiment = SyntheticExperiment(
                conditions: parsedConditions, cellsPerCondition: cells, frameCount: frames, size: size, seed: seed,
                bitDepth: bitDepth, photobleachingRate: photobleaching)
            let summary = try experiment.write(to: out)
            print("wrote \(summary.videos.count) videos (\(summary.frames) frames of \(size)×\(size), \(bitDepth)-bit) with masks and ground truth: \(summary.files.count) files, \(String(format: "%.1f", summary.seconds)) s → \(summary.sampleSheet)")
        }
    }
}
