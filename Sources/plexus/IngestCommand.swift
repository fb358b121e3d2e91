import ArgumentParser
import Foundation
import PlexusGraph
import PlexusImaging
import PlexusIngest
import PlexusStore

extension IngestParameters.Preset: ExpressibleByArgument {}
extension Affinity: ExpressibleByArgument {}
extension IngestParameters.Components: ExpressibleByArgument {}
extension ZProjection: ExpressibleByArgument {}

extension Plexus {
    struct IngestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Analyse videos (multi-page TIFF) into an experiment database.",
            discussion: """
                Give a sample sheet (CSV with columns video, condition and optionally mask, replicate, \
                pixel_size_um, frame_interval_s, treatment_frame, channel, z_project, bit_depth; other \
                columns are kept as metadata), or one or more TIFF videos with --condition. A video is a \
                multi-page TIFF or a folder of single-frame TIFFs (read in natural order). Its axes come \
                from its own metadata: an ImageJ hyperstack or an OME-TIFF is read as time points of one \
                channel (--channel), its z-slices projected (--z-project); a file without metadata is \
                read page by page as time points. The pixel size and frame interval come from the sheet \
                or the options, else from the file's ImageJ or OME metadata (--verbose shows what was \
                read). Cells: each label of a frame-0 label image \
                (--mask or the mask column: TIFF, or the VTK file ITK-SNAP saves) is a cell whose mask \
                is carried from frame to frame (--mask-search, --mask-open, --mask-dilate); without a \
                mask the whole frame is one cell, or --auto-cells finds the cells in frame 0. \
                `plexus masks` writes a cell's masks out for checking. Each frame's intensity is fitted by a \
                Gaussian mixture, warm-started from the previous frame, and stored in the tables \
                frame and component; components die, are born, split and merge as the cell changes, \
                each change a row of component_event (--components fixed keeps the first frame's K); its graph (edges between components, Laplacian spectra, node \
                centralities) in edge, spectrum and node_metric. Each video is written in one transaction: an interrupted batch \
                keeps the videos already finished, and running the same command again completes it. \
                The exit status is 1 when any video failed.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "A sample sheet (.csv), or TIFF videos.")
        var inputs: [String]

        @Option(help: "Condition of the videos given on the command line (e.g. control, llo).")
        var condition: String?
        @Option(help: "Replicate of the videos given on the command line.")
        var replicate: String?
        @Option(name: .customLong("pixel-size-um"), parsing: .unconditional, help: "Pixel size in µm, for the videos given on the command line.")
        var pixelSizeMicrometres: Double?
        @Option(name: .customLong("frame-interval-s"), parsing: .unconditional, help: "Seconds between frames, for the videos given on the command line.")
        var frameIntervalSeconds: Double?
        @Option(name: .customLong("treatment-frame"), parsing: .unconditional, help: "Frame index at which the treatment was added.")
        var treatmentFrame: Int?
        @Option(help: ArgumentHelp("Frame-0 label image of the videos given on the command line (TIFF of integer labels, or ITK-SNAP's VTK): each label is a cell.",
                                   valueName: "file"))
        var mask: String?

        @Option(help: "Parameter preset: default (smoothing σ = 1 px) or ornet (the published toolbox: no smoothing).")
        var preset: IngestParameters.Preset = .default
        @Option(parsing: .unconditional, help: "Process every Nth frame.")
        var every: Int = 1
        @Option(parsing: .unconditional, help: "Process at most this many frames per video.")
        var maxFrames: Int?
        @Option(parsing: .unconditional, help: "Gaussian smoothing sigma in pixels; 0 disables (default 1.0, or 0 with --preset ornet).")
        var smoothSigma: Double?
        @Option(parsing: .unconditional, help: "Minimum distance between peaks, and from the border, in pixels.")
        var minDistance: Int = 10
        @Option(parsing: .unconditional, help: "Peaks must be brighter than this, on the 8-bit scale (16-bit samples are scaled by 255 / 65535, or by 255 / (2^bits − 1) with --bit-depth).")
        var thresholdAbs: Double = 6
        @Option(parsing: .unconditional, help: "EM stops when the mean log-likelihood changes by less than this.")
        var tol: Double = 1e-3
        @Option(parsing: .unconditional, help: "Added to the diagonal of every covariance.")
        var regCovar: Double = 1e-6
        @Option(parsing: .unconditional, help: "At most this many EM iterations per frame.")
        var maxIter: Int = 100
        @Option(help: ArgumentHelp("Channel to read: its index from 0, or its name in the file's OME metadata. Needed for hyperstacks and OME-TIFFs with several channels; for RGB pages it picks the sample.", valueName: "index|name"))
        var channel: String?
        @Option(name: .customLong("z-project"), help: "Project each time point's z-slices into one frame: max, mean or sum. Needed for files whose metadata gives Z > 1.")
        var zProject: ZProjection?
        @Option(name: .customLong("bit-depth"), parsing: .unconditional, help: ArgumentHelp("Significant bits of the samples (e.g. 12 for a 12-bit camera in 16-bit files); intensities are put on the 8-bit scale by 255 / (2^bits − 1). Default: OME SignificantBits, else the file's 8 or 16.", valueName: "bits"))
        var bitDepth: Int?
        @Option(parsing: .unconditional, help: "Fail a video whose first frame has more peaks than this (a sign of background above --threshold-abs), or whose births take a cell past it.")
        var maxComponents: Int = 1000

        @Option(help: "Mixture components over time: adaptive (they die, are born, split and merge as the cell changes; default) or fixed (the first frame's K throughout; the default with --preset ornet).")
        var components: IngestParameters.Components?
        @Option(parsing: .unconditional, help: "Adaptive components holding less intensity than this (Σ intensity × responsibility, 8-bit scale) die (default 2π × --threshold-abs).")
        var deathMass: Double?
        @Option(parsing: .unconditional, help: "Adaptive components whose Bhattacharyya coefficient reaches this (0–1] may merge, if the BIC improves.")
        var mergeOverlap: Double = 0.5

        @Option(help: "Edge weight W[i][j]: pdf (density of j at the mean of i), hellinger (1 − Hellinger distance) or kl (exp(−KL(i‖j))).")
        var affinity: Affinity = .pdf
        @Option(parsing: .unconditional, help: "A pair's edge is not stored when its symmetrised weight (W + Wᵀ)/2 is below this fraction of the weaker endpoint's strongest tie.")
        var edgeMin: Double = NetworkAnalysis.defaultEdgeMinimum

        @Flag(help: "Without a mask, find the cells in frame 0 (smoothed, Otsu threshold of log intensities, connected regions) instead of taking the whole frame as one.")
        var autoCells = false
        @Option(parsing: .unconditional, help: "Smoothing sigma in pixels of frame 0 before --auto-cells thresholds it.")
        var autoCellSigma: Double = 4
        @Option(parsing: .unconditional, help: "Smallest cell --auto-cells keeps, in pixels.")
        var minCellArea: Int = 1000
        @Option(parsing: .unconditional, help: "How far in pixels a cell's mask may move or grow from one processed frame to the next.")
        var maskSearch: Int = 5
        @Option(parsing: .unconditional, help: "Radius in pixels of the opening that removes specks from a cell's thresholded mask.")
        var maskOpen: Int = 2
        @Option(parsing: .unconditional, help: "Radius in pixels of the dilation that turns a cell's thresholded organelles back into its mask.")
        var maskDilate: Int = 10
        @Option(help: "Threshold of the morphology measurements: otsu, isodata (ImageJ's Default, as MiNA), li, triangle or kmeans.")
        var threshold: ThresholdMethod = .otsu
        @Option(name: .customLong("split-objects"), parsing: .unconditional, help: ArgumentHelp("Split touching objects whose intensity peaks rise at least F × the morphology threshold above the pass between them (a watershed from the maxima of that dynamic): touching fragments count apart. 0 keeps the threshold's connected pieces, as MiNA counts them.", valueName: "F"))
        var splitObjects: Double = IngestParameters.defaultSplitDynamic
        @Flag(inversion: .prefixedNo, help: "Measure morphology (objects, skeleton, intensities) into the morphology table.")
        var morphology = true

        @Flag(help: "Redo videos already in the database (every earlier ingest of the same file is replaced).")
        var replace = false
        @Flag(help: "Print nothing but errors and the summary.")
        var quiet = false
        @Flag(help: "Also print, per video, how it was read: axes, channel, projection, calibration and its source, significant bits.")
        var verbose = false
        @Option(parsing: .unconditional, help: "Videos analysed in parallel.")
        var jobs: Int = 1
        @Option(parsing: .unconditional, help: ArgumentHelp("""
            Ingest only shard I of N of the batch into --db: the sheet's videos whose 0-based index \
            (the sheet's video rows counted from 0; the header and blank rows do not count) is I modulo N, so that N tasks (a Slurm array: \
            --shard $SLURM_ARRAY_TASK_ID/N) each write a database of their own, to be combined by \
            `plexus merge`. 0 ≤ I < N. The run records I, N and the batch (the SHA-256 of the sheet), \
            so merge can name missing shards. With videos on the command line instead of a sheet, the \
            shards split the videos in the order given (give every task the same list; a single video \
            goes to shard 0, and the other shards record an empty run).
            """, valueName: "I/N"))
        var shard: String?

        var parameters: IngestParameters {
            IngestParameters(preset: preset, every: every, maxFrames: maxFrames, smoothSigma: smoothSigma,
                             minDistance: minDistance, thresholdAbs: thresholdAbs, tolerance: tol,
                             covarianceRegularization: regCovar, maxIterations: maxIter,
                             channel: channel.flatMap { Int($0) },
                             maxComponents: maxComponents, affinity: affinity, edgeMinimum: edgeMin,
                             autoCells: autoCells, autoCellSigma: autoCellSigma, minCellArea: minCellArea,
                             maskSearch: maskSearch, maskOpen: maskOpen, maskDilate: maskDilate,
                             threshold: threshold, morphology: morphology, components: components,
                             deathMass: deathMass, mergeOverlap: mergeOverlap,
                             channelName: channel.flatMap { Int($0) == nil ? $0 : nil }, zProjection: zProject,
                             bitDepth: bitDepth, splitDynamic: splitObjects > 0 ? splitObjects : nil)
        }

        var isSampleSheet: Bool { inputs.count == 1 && inputs[0].lowercased().hasSuffix(".csv") }

        func validate() throws {
            if inputs.contains(where: { $0.lowercased().hasSuffix(".csv") }) && inputs.count > 1 {
                throw ValidationError("give either one sample sheet (.csv) or TIFF videos, not both")
            }
            if isSampleSheet {
                if condition != nil || replicate != nil || pixelSizeMicrometres != nil
                    || frameIntervalSeconds != nil || treatmentFrame != nil || mask != nil {
                    throw ValidationError("--condition, --mask, --replicate, --pixel-size-um, --frame-interval-s and --treatment-frame are for videos on the command line; with a sample sheet, put them in its columns")
                }
            } else if condition?.isEmpty ?? true {
                throw ValidationError("videos on the command line need --condition NAME (or list them in a sample sheet)")
            }
            if let p = pixelSizeMicrometres, !(p > 0) { throw ValidationError("--pixel-size-um must be a positive number") }
            if let f = frameIntervalSeconds, !(f > 0) { throw ValidationError("--frame-interval-s must be a positive number") }
            if let t = treatmentFrame, t < 0 { throw ValidationError("--treatment-frame must be ≥ 0") }
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if let shard {
                do { _ = try Shard.parse(shard) } catch { throw ValidationError("\(error)") }
            }
            if mask != nil && autoCells {
                throw ValidationError("--mask gives the cells, --auto-cells finds them: use one or the other")
            }
            do { try parameters.validate() } catch { throw ValidationError("\(error)") }
        }

        func run() throws {
            let specs: [VideoSpec]
            if isSampleSheet {
                specs = try SampleSheet.load(path: inputs[0])
            } else {
                specs = inputs.map { path in
                    VideoSpec(path: path, condition: condition ?? "", replicate: replicate,
                              pixelSizeMicrometres: pixelSizeMicrometres, frameIntervalSeconds: frameIntervalSeconds,
                              treatmentFrame: treatmentFrame, maskPath: mask)
                }
            }
            if !isSampleSheet { warnAboutSingleFrameFiles() }
            let store = try ExperimentStore(path: database.db)
            let shard = try self.shard.map { text -> Shard in
                let (index, count) = try Shard.parse(text)
                let batch = isSampleSheet ? try Shard.batchSHA256(sheet: inputs[0]) : Shard.batchSHA256(videos: inputs)
                return Shard(index: index, count: count, batchSHA256: batch)
            }
            let batch = BatchIngest(store: store, parameters: parameters, replace: replace, jobs: jobs, shard: shard)
            // Ctrl-C or SIGTERM: stop cleanly (the videos in progress are rolled back, the
            // committed ones stay, the run ends 'interrupted'); a second one ends the process at once.
            var received: Int32 = 0
            let handlers = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                // Weakly: a handler must not keep the batch (and its database connection) alive
                // past the run, or the database would close without its final checkpoint.
                source.setEventHandler { [weak batch] in
                    guard let batch else { return }
                    if batch.stopRequested {
                        signal(number, SIG_DFL)
                        raise(number)
                    }
                    received = number
                    batch.requestStop()
                    FileHandle.standardError.write(Data("\n\(number == SIGINT ? "interrupt" : "terminate") received: rolling back the videos in progress (again to stop at once)\n".utf8))
                }
                source.resume()
                return source
            }
            defer {
                for handler in handlers {
                    handler.setEventHandler(handler: nil)
                    handler.cancel()
                }
            }
            let summary = try batch.run(specs, commandLine: CommandLine.arguments.joined(separator: " "),
                                        progress: ProgressReporter(quiet: quiet))
            let rate = summary.seconds > 0 ? Double(summary.framesIngested) / summary.seconds : 0
            let shardNote = shard.map { " (\($0): \($0.select(specs).count) of \(specs.count) videos)" } ?? ""
            print("\(summary.ingested.count) ingested (\(summary.framesIngested) frames, \(String(format: "%.1f", summary.seconds)) s, \(String(format: "%.1f", rate)) frames/s), \(summary.skipped.count) skipped, \(summary.failed.count) failed → \(database.db)\(shardNote)")
            for entry in summary.ingested where verbose {
                if let reading = entry.reading { print("  \(entry.spec.path): \(reading)") }
            }
            for entry in summary.ingested + summary.skipped + summary.failed {
                for warning in entry.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            }
            for entry in summary.skipped where quiet {
                print("  skipped \(entry.spec.path): \(entry.message ?? "")")
            }
            for entry in summary.failed {
                print("  failed: \(entry.message ?? entry.spec.path)")
            }
            if batch.stopRequested {
                print("interrupted: \(summary.ingested.count + summary.skipped.count) video(s) stored, \(summary.interrupted.count) not; run the same command again to do the rest")
                throw ExitCode(128 + (received == 0 ? SIGINT : received))
            }
            if !summary.failed.isEmpty { throw ExitCode(1) }
        }

        /// Several single-frame TIFFs from one folder on the command line become
        /// as many one-frame videos; the user most likely meant the folder.
        func warnAboutSingleFrameFiles() {
            guard inputs.count > 1 else { return }
            let folders = Set(inputs.map { URL(fileURLWithPath: $0).deletingLastPathComponent().standardizedFileURL.path })
            guard folders.count == 1,
                  inputs.allSatisfy({ (try? TIFFVideo(path: $0, channel: 0))?.pageCount == 1 }) else { return }
            FileHandle.standardError.write(Data("warning: the \(inputs.count) files given are single-frame TIFFs from \(folders.first!): each becomes a one-frame video. To ingest them as one video, give the folder itself (plexus ingest \(folders.first!) …).\n".utf8))
        }
    }
}
