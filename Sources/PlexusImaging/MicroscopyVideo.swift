import Foundation

/// How the z-slices of one time point become one frame.
package enum ZProjection: String, Codable, CaseIterable, Sendable {
    case max, mean, sum
}

/// Which channel to read: by index from 0, or by the name the file gives it.
package enum ChannelSelector: Equatable, Sendable, CustomStringConvertible {
    case index(Int)
    case name(String)

    /// A number is an index; anything else a name.
    package init(_ text: String) {
        if let index = Int(text) { self = .index(index) } else { self = .name(text) }
    }

    package var description: String {
        switch self {
        case let .index(i): "\(i)"
        case let .name(name): name
        }
    }
}

/// A cell video as a sequence of time points, whatever its layout on disk: a
/// multi-page TIFF read by its own metadata (ImageJ hyperstack, OME-TIFF, or a
/// plain stack of time points), or a folder of single-frame TIFFs.
///
/// Each frame is one channel at one time point, its z-slices projected when
/// the file has Z, on the 8-bit scale: samples × 255 / (2^bits − 1), with bits
/// the significant bits (the option, OME's SignificantBits, or the container).
package final class MicroscopyVideo {
    package struct Options: Equatable, Sendable {
        package var channel: ChannelSelector?
        package var zProjection: ZProjection?
        /// Significant bits per sample, overriding the file's.
        package var significantBits: Int?
        /// Where `significantBits` came from ("option" or "sheet").
        package var significantBitsSource: String

        package init(channel: ChannelSelector? = nil, zProjection: ZProjection? = nil, significantBits: Int? = nil,
                    significantBitsSource: String = "option") {
            self.channel = channel
            self.zProjection = zProjection
            self.significantBits = significantBits
            self.significantBitsSource = significantBitsSource
        }
    }

    package enum Source: String, Sendable {
        case plain, imageJ = "ImageJ", ome = "OME", folder
    }

    /// The file or folder.
    package let path: String
    package let source: Source
    package let metadata: StackMetadata
    /// Time points.
    package var frameCount: Int { metadata.sizeT }
    package let width: Int
    package let height: Int
    /// The container's bits per sample (8 or 16).
    package let bitDepth: Int
    package let significantBits: Int
    /// "file", "OME", "sheet" or "option".
    package let significantBitsSource: String
    /// The channel read: a C index when the file has several, else the sample index of RGB pages.
    package let channel: Int
    /// Samples per pixel of the pages (3 for RGB).
    package let samplesPerPixel: Int
    package let zProjection: ZProjection?
    /// The files of a frame folder, in natural order (empty for a file).
    package let files: [String]
    /// Things the reader noticed but could not decide, for the user (e.g. pages
    /// that look like interleaved channels). Worked out when first asked: it
    /// reads pages, which opening a video only to count its frames need not do.
    package private(set) lazy var warnings: [String] =
        metadata.source == .plain && source != .folder ? (try? interleavedChannelWarning()) ?? [] : []

    private let stack: TIFFVideo?
    private var folderReader: (index: Int, video: TIFFVideo)?
    private let cIndex: Int

    package convenience init(path: String, channel: Int?) throws {
        try self.init(path: path, options: Options(channel: channel.map { .index($0) }))
    }

    package init(path: String, options: Options = Options()) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let first: TIFFVideo
        if exists && isDirectory.boolValue {
            files = try Self.frameFiles(in: path)
            first = try TIFFVideo(path: files[0], channel: Self.sampleIndex(options.channel, path: path))
            for file in files.dropFirst() {
                let other = try TIFFVideo(path: file, channel: first.channel)
                guard other.width == first.width, other.height == first.height, other.bitDepth == first.bitDepth,
                      other.samplesPerPixel == first.samplesPerPixel, other.pageCount == 1 else {
                    throw TIFFError(path: file, "frame folder \(path): this file is \(other.width)×\(other.height), \(other.bitDepth)-bit × \(other.samplesPerPixel), \(other.pageCount) page(s), but \(URL(fileURLWithPath: files[0]).lastPathComponent) is \(first.width)×\(first.height), \(first.bitDepth)-bit × \(first.samplesPerPixel), 1 page: every file of a frame folder must be one frame of the same size and type")
                }
            }
            guard first.pageCount == 1 else {
                throw TIFFError(path: files[0], "frame folder \(path): this file has \(first.pageCount) pages; a frame folder holds one frame per file")
            }
            source = .folder
            metadata = .plain(pageCount: files.count)
            stack = nil
            folderReader = (0, first)
        } else {
            files = []
            // Open once without choosing a sample, to learn the layout.
            let probe = try TIFFVideo(path: path, channel: 0)
            let metadata = try StackMetadata.read(path: path, description: probe.description, resolution: probe.resolution,
                                                  pageCount: probe.pageCount, samplesPerPixel: probe.samplesPerPixel)
            self.metadata = metadata
            source = switch metadata.source {
            case .plain: .plain
            case .imageJ: .imageJ
            case .ome: .ome
            }
            // The probe reads sample 0: what a single-sample file gives anyway.
            if metadata.sizeC > 1 || (probe.samplesPerPixel == 1 && [nil, .index(0)].contains(options.channel)) {
                first = probe
            } else {
                first = try TIFFVideo(path: path, channel: Self.sampleIndex(options.channel, path: path, names: metadata.channelNames))
            }
            stack = first
        }
        width = first.width
        height = first.height
        bitDepth = first.bitDepth
        samplesPerPixel = first.samplesPerPixel

        // Channel: a C index of a multi-channel stack, else a sample of the page.
        if metadata.sizeC > 1 {
            guard let selector = options.channel else {
                throw TIFFError(path: path, "the file has \(metadata.sizeC) channels (\(Self.channelList(metadata))) stored as separate planes (\(metadata.source.rawValue) metadata); choose one with --channel N or --channel NAME")
            }
            switch selector {
            case let .index(i):
                guard i >= 0 && i < metadata.sizeC else {
                    throw TIFFError(path: path, "--channel \(i) is out of range: the file has \(metadata.sizeC) channels (SizeC), numbered from 0 (\(Self.channelList(metadata)))")
                }
                cIndex = i
            case let .name(name):
                guard let i = metadata.channelNames.firstIndex(of: name) else {
                    throw TIFFError(path: path, "--channel \(name): no channel of that name; the file's channels are \(Self.channelList(metadata))")
                }
                cIndex = i
            }
            channel = cIndex
        } else {
            cIndex = 0
            channel = first.channel
        }

        if metadata.sizeZ > 1 {
            guard let projection = options.zProjection else {
                throw TIFFError(path: path, "the file has SizeZ = \(metadata.sizeZ) z-slices per time point (\(metadata.source.rawValue) metadata, \(metadata.sizeT) time point(s)); Plexus analyses 2-D frames: project each time point with --z-project max, mean or sum")
            }
            zProjection = projection
        } else {
            if let projection = options.zProjection {
                throw TIFFError(path: path, "--z-project \(projection.rawValue): the file has no z-slices (SizeZ = 1\(metadata.source == .plain || source == .folder ? ", and no ImageJ or OME metadata that names any" : ""))")
            }
            zProjection = nil
        }

        if let bits = options.significantBits {
            guard (1...bitDepth).contains(bits) else {
                throw TIFFError(path: path, "--bit-depth \(bits): the file holds \(bitDepth)-bit samples, so at most \(bitDepth) bits can carry data")
            }
            significantBits = bits
            significantBitsSource = options.significantBitsSource
        } else if let bits = metadata.significantBits, bits <= bitDepth {
            significantBits = bits
            significantBitsSource = "OME"
        } else {
            significantBits = bitDepth
            significantBitsSource = "file"
        }
    }

    /// Time point `t` as one frame on the 8-bit scale.
    package func readFrame(_ t: Int) throws -> Image {
        guard t >= 0 && t < frameCount else {
            throw TIFFError(path: path, "no time point \(t) (the video has \(frameCount))")
        }
        let scale = Float(255) / Float((1 << significantBits) - 1)
        let limit = UInt16((1 << significantBits) - 1)
        var pixels = [Float](repeating: 0, count: width * height)
        for z in 0..<metadata.sizeZ {
            let (raw, name, page) = try rawPlane(t: t, z: z)
            if significantBits < bitDepth, let high = raw.samples.max(), high > limit {
                throw TIFFError(path: name, page: page, "a sample is \(high), above the \(significantBits)-bit range 0–\(limit) (\(significantBitsSource == "OME" ? "OME SignificantBits" : "--bit-depth") \(significantBits)): the data has more significant bits")
            }
            if metadata.sizeZ == 1 {
                // One plane: scaled in one pass.
                raw.samples.withUnsafeBufferPointer { source in
                    pixels.withUnsafeMutableBufferPointer { target in
                        for i in 0..<source.count { target[i] = Float(source[i]) * scale }
                    }
                }
                return Image(width: width, height: height, pixels: pixels)
            }
            raw.samples.withUnsafeBufferPointer { source in
                pixels.withUnsafeMutableBufferPointer { target in
                    switch zProjection {
                    case .max?:
                        for i in 0..<source.count { target[i] = z == 0 ? Float(source[i]) : Swift.max(target[i], Float(source[i])) }
                    default:
                        for i in 0..<source.count { target[i] += Float(source[i]) }
                    }
                }
            }
        }
        let factor = zProjection == .mean ? scale / Float(metadata.sizeZ) : scale
        for i in pixels.indices { pixels[i] *= factor }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// The raw samples of plane (t, c, z), with the file and page they came from.
    private func rawPlane(t: Int, z: Int) throws -> (RawFrame, String, Int) {
        if source == .folder {
            let file = files[t]
            if folderReader?.index != t {
                let video = try TIFFVideo(path: file, channel: folderReader?.video.channel)
                guard video.width == width, video.height == height, video.bitDepth == bitDepth else {
                    throw TIFFError(path: file, "frame folder \(path): this file is \(video.width)×\(video.height), \(video.bitDepth)-bit, but the first is \(width)×\(height), \(bitDepth)-bit")
                }
                folderReader = (t, video)
            }
            return (try folderReader!.video.readPage(0), file, 0)
        }
        let page = metadata.page(t: t, c: cIndex, z: z)
        return (try stack!.readPage(page), path, page)
    }

    /// The single-frame TIFFs of a folder, in natural order (frame_2 before frame_10).
    static func frameFiles(in folder: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw TIFFError(path: folder, "cannot list the frame folder (\(error.localizedDescription))")
        }
        let tiffs = names.filter { name in
            let lower = name.lowercased()
            return !name.hasPrefix(".") && (lower.hasSuffix(".tif") || lower.hasSuffix(".tiff"))
        }
        guard !tiffs.isEmpty else {
            throw TIFFError(path: folder, "the frame folder holds no TIFF files (.tif, .tiff); a frame folder is one video, one single-frame TIFF per time point")
        }
        return tiffs.sorted(by: naturalOrder).map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
    }

    /// Natural order: runs of digits compare as numbers.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func chunks(_ s: String) -> [(isNumber: Bool, text: String)] {
            var result: [(Bool, String)] = []
            for ch in s {
                let digit = ch.isASCII && ch.isNumber
                if let last = result.last, last.0 == digit {
                    result[result.count - 1].1.append(ch)
                } else {
                    result.append((digit, String(ch)))
                }
            }
            return result
        }
        let x = chunks(a), y = chunks(b)
        for (p, q) in zip(x, y) where p.text != q.text {
            if p.isNumber && q.isNumber {
                let pv = p.text.drop { $0 == "0" }, qv = q.text.drop { $0 == "0" }
                if pv.count != qv.count { return pv.count < qv.count }
                if pv != qv { return pv < qv }
                return p.text.count < q.text.count
            }
            return p.text < q.text
        }
        return x.count < y.count
    }

    static func sampleIndex(_ selector: ChannelSelector?, path: String, names: [String] = []) throws -> Int? {
        switch selector {
        case nil: return nil
        case let .index(i): return i
        case let .name(name):
            if let i = names.firstIndex(of: name) { return i }
            throw TIFFError(path: path, "--channel \(name): the file names no channel \(name)\(names.isEmpty ? " (it names none; give the channel's index from 0)" : "; its channels are \(names.joined(separator: ", "))")")
        }
    }

    static func channelList(_ metadata: StackMetadata) -> String {
        (0..<metadata.sizeC).map { c in
            let name = c < metadata.channelNames.count ? metadata.channelNames[c] : ""
            return name.isEmpty ? "\(c)" : "\(c) \(name)"
        }.joined(separator: ", ")
    }

    /// A plain stack whose pages are more alike two apart than one apart:
    /// over its first 16 pages the median mean absolute difference between
    /// pages i and i + 2 is under half that between pages i and i + 1. In a
    /// time-lapse neighbours are the most alike; two channels interleaved
    /// (different intensities, or different structures) alternate.
    func interleavedChannelWarning() throws -> [String] {
        guard let stack, metadata.sizeT >= 6 else { return [] }
        let n = min(16, metadata.sizeT)
        var pages: [[UInt16]] = []
        for page in 0..<n { pages.append(try stack.readPage(page).samples) }
        func difference(_ a: [UInt16], _ b: [UInt16]) -> Double {
            var sum = 0.0
            for i in a.indices { sum += abs(Double(a[i]) - Double(b[i])) }
            return sum / Double(max(1, a.count))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let one = median((0..<(n - 2)).map { difference(pages[$0], pages[$0 + 1]) })
        let two = median((0..<(n - 2)).map { difference(pages[$0], pages[$0 + 2]) })
        guard two < 0.5 * one else { return [] }
        return ["\(path): its pages alternate (over the first \(n), pages two apart differ by \(String(format: "%.2f", two)) on average, neighbours by \(String(format: "%.2f", one))), as two interleaved channels or z-slices do, but the file has no ImageJ or OME metadata saying so: every page is read as a time point. If it holds channels or z-slices, re-save it as an ImageJ hyperstack or OME-TIFF (e.g. in Fiji) or split them."]
    }

    /// What was read, for a verbose run: layout, channel, projection, bits.
    package var summary: String {
        var parts: [String] = []
        switch source {
        case .folder: parts.append("frame folder of \(files.count) files")
        case .plain: parts.append("plain stack (no ImageJ or OME metadata), every page a time point")
        case .imageJ, .ome:
            parts.append("\(source.rawValue) \(metadata.order): T=\(metadata.sizeT) C=\(metadata.sizeC) Z=\(metadata.sizeZ)")
        }
        if metadata.sizeC > 1 {
            let name = cIndex < metadata.channelNames.count && !metadata.channelNames[cIndex].isEmpty
                ? " (\(metadata.channelNames[cIndex]))" : ""
            parts.append("channel \(cIndex)\(name) of \(metadata.sizeC)")
        }
        if samplesPerPixel > 1 { parts.append("sample \(channel) of \(samplesPerPixel) per pixel") }
        if let zProjection { parts.append("\(zProjection.rawValue) projection of \(metadata.sizeZ) z-slices") }
        parts.append("\(significantBits) significant bits of \(bitDepth) (\(significantBitsSource))")
        return parts.joined(separator: "; ")
    }

    /// The `stack_json` of the video row.
    package var stackJSON: String {
        var object: [String: Any] = ["source": source.rawValue, "order": metadata.order, "size_t": metadata.sizeT,
                                     "size_c": metadata.sizeC, "size_z": metadata.sizeZ,
                                     "channel_names": metadata.channelNames]
        if let zProjection { object["z_projection"] = zProjection.rawValue }
        if source == .folder { object["files"] = files.count }
        if let height = metadata.pixelHeightMicrometres { object["pixel_height_um"] = height }
        if let spacing = metadata.zSpacingMicrometres { object["z_spacing_um"] = spacing }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
