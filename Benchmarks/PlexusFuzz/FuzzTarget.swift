import Foundation
import PlexusImaging
import PlexusIngest

/// What one fuzz input is run through. Every thrown error is caught: refusing
/// bad input is the readers' job; only a crash, a trap, a timeout or running
/// out of memory is a finding.
enum FuzzTarget: String, CaseIterable {
    case tiffVideo = "tiff-video"
    case labelImage = "label-image"
    case sampleSheet = "sample-sheet"
    case stackMetadata = "stack-metadata"

    var summary: String {
        switch self {
        case .tiffVideo:
            "a video file: TIFFVideo page by page, then MicroscopyVideo as plexus ingest opens it (metadata, size limits, every frame)"
        case .labelImage: "a cell mask file: LabelImage.read (TIFFLabelImage or VTKLabelImage by content)"
        case .sampleSheet: "a sample sheet file: SampleSheet.load and the reader options of each row"
        case .stackMetadata:
            "an ImageDescription text after a byte giving the page count: ImageJ hyperstack or OME-XML metadata (StackMetadata.read)"
        }
    }

    func run(_ data: Data) {
        switch self {
        case .tiffVideo: Self.tiffVideo(data)
        case .labelImage: Self.labelImage(data)
        case .sampleSheet: Self.sampleSheet(data)
        case .stackMetadata: Self.stackMetadata(data)
        }
    }

    /// How `plexus ingest` would be asked to open a video: as given; with significant
    /// bits (from the sheet); with a channel by index and a z projection; with a channel
    /// by name and another projection.
    static let readerOptions: [MicroscopyVideo.Options] = {
        var bits = IngestParameters()
        bits.channel = 0
        bits.bitDepth = 12
        var indexed = IngestParameters()
        indexed.channel = 1
        indexed.zProjection = .max
        var named = IngestParameters()
        named.channelName = "GFP"
        named.zProjection = .mean
        return [IngestParameters().readerOptions(), bits.readerOptions(significantBitsSource: "sheet"),
                indexed.readerOptions(), named.readerOptions()]
    }()

    static func tiffVideo(_ data: Data) {
        let path = Scratch.write(data, name: "video.ome.tif")
        // The page reader alone, every page (an error on one page does not stop the others).
        if let video = attempt({ try TIFFVideo(path: path) }) {
            for page in 0..<video.pageCount { attempt { try video.readPage(page) } }
        }
        // As ingest opens a video: the layout from the file's metadata (ImageJ, OME-XML or plain),
        // the size limits of every page read, the warnings, the summaries and the file's digest.
        for options in readerOptions {
            guard let video = attempt({ try MicroscopyVideo(path: path, options: options) }) else { continue }
            let summary = video.summary, warnings = video.warnings
            report(summary)
            for warning in warnings { report(warning) }
            _ = video.stackJSON
            attempt { try SHA256.hexDigest(of: video) }
            for t in 0..<video.frameCount { attempt { try video.readFrame(t) } }
        }
    }

    static func labelImage(_ data: Data) {
        let path = Scratch.write(data, name: "mask.tif")
        guard let labels = attempt({ try LabelImage.read(path: path) }) else { return }
        report("\(labels.width) × \(labels.height) px labels")
        precondition(labels.labels.count == labels.width * labels.height)
        _ = labels.cellLabels
    }

    static func sampleSheet(_ data: Data) {
        let path = Scratch.write(data, name: "samples.csv")
        guard let specs = attempt({ try SampleSheet.load(path: path) }) else { return }
        for spec in specs {
            report("\(spec.origin): \(spec.path), \(spec.condition)")
            _ = spec.metadataJSON
            _ = IngestParameters().applying(spec).readerOptions(significantBitsSource: "sheet")
        }
    }

    /// The first byte of a stack-metadata input: the file's page count (1–64, the
    /// low six bits plus one) and samples per pixel (3 with the high bit, else 1),
    /// which a description must agree with; the rest is the ImageDescription.
    static func layout(_ selector: UInt8) -> (pages: Int, samplesPerPixel: Int) {
        (Int(selector & 0x3F) + 1, selector & 0x80 != 0 ? 3 : 1)
    }

    static func stackMetadata(_ data: Data) {
        guard let selector = data.first else { return }
        let (pages, samplesPerPixel) = layout(selector)
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        guard let metadata = attempt({
            try StackMetadata.read(path: "fuzz.ome.tif", description: text, resolution: (x: 10, y: 10, unit: 3),
                                   pageCount: pages, samplesPerPixel: samplesPerPixel)
        }) else { return }
        report("\(pages) pages: \(metadata.source.rawValue) \(metadata.order) T=\(metadata.sizeT) C=\(metadata.sizeC) Z=\(metadata.sizeZ)")
        // What the reader then relies on: every plane is a page of the file.
        for t in 0..<metadata.sizeT {
            for c in 0..<metadata.sizeC {
                for z in 0..<metadata.sizeZ {
                    let page = metadata.page(t: t, c: c, z: z)
                    precondition((0..<pages).contains(page), "plane t=\(t) c=\(c) z=\(z) maps to page \(page) of \(pages)")
                }
            }
        }
    }
}

/// With PLEXUS_FUZZ_VERBOSE set, what the readers made of each input is printed
/// (to see what a seed or a crash's input exercises); fuzzing runs silent.
let verbose = ProcessInfo.processInfo.environment["PLEXUS_FUZZ_VERBOSE"] != nil

func report(_ line: @autoclosure () -> String) {
    if verbose { print("  " + line()) }
}

/// Runs `body`: a thrown error is a normal outcome, nil here.
@discardableResult
func attempt<T>(_ body: () throws -> T) -> T? {
    do {
        return try body()
    } catch {
        report("error: \(error)")
        return nil
    }
}

/// The file each input is written to: the readers open paths, as ingest does.
enum Scratch {
    static let directory: URL = {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plexus-fuzz-\(getpid())", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.directory) }
        return directory
    }()

    static func write(_ data: Data, name: String) -> String {
        let url = directory.appendingPathComponent(name)
        do {
            try data.write(to: url)
        } catch {
            fatalError("PlexusFuzz: cannot write the input to \(url.path): \(error)")
        }
        return url.path
    }
}
