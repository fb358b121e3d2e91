import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// How the pages of a TIFF map to time points, channels and z-slices, and the
/// calibration the file states, read from its own metadata: ImageJ's
/// ImageDescription (`ImageJ=…` key=value lines) or OME-TIFF's OME-XML. A
/// file with neither is a plain stack: every page a time point.
package struct StackMetadata: Equatable, Sendable {
    package enum Source: String, Sendable {
        case plain
        case imageJ = "ImageJ"
        case ome = "OME"
    }

    package var source: Source
    package var sizeT: Int
    /// Channels stored as separate pages (an RGB page counts as one).
    package var sizeC: Int
    package var sizeZ: Int
    /// The page order, slowest axis first, e.g. "TZCYX" (ImageJ) or "TCZYX".
    package var order: String
    /// `pages[(t · sizeC + c) · sizeZ + z]`: the page (IFD) of each plane.
    package var pages: [Int]
    /// Channel names (OME `Channel/@Name`), empty when the file names none.
    package var channelNames: [String]
    /// Pixel width (x), µm.
    package var pixelSizeMicrometres: Double?
    /// Pixel height (y) when the file gives it, µm.
    package var pixelHeightMicrometres: Double?
    /// Distance between z-slices (ImageJ `spacing`, OME `PhysicalSizeZ`), µm.
    package var zSpacingMicrometres: Double?
    package var frameIntervalSeconds: Double?
    /// OME `Pixels/@SignificantBits`.
    package var significantBits: Int?

    package func page(t: Int, c: Int, z: Int) -> Int { pages[(t * sizeC + c) * sizeZ + z] }

    /// Every page a time point.
    package static func plain(pageCount: Int) -> StackMetadata {
        StackMetadata(source: .plain, sizeT: pageCount, sizeC: 1, sizeZ: 1, order: "TYX",
                      pages: Array(0..<pageCount), channelNames: [])
    }

    /// Reads the metadata of a file of `pageCount` pages whose page 0 has
    /// `description` and `resolution` (see `TIFFVideo`). Errors name the
    /// file and the field.
    package static func read(path: String, description: String?, resolution: (x: Double, y: Double, unit: Int)?,
                            pageCount: Int, samplesPerPixel: Int) throws -> StackMetadata {
        guard let description else { return .plain(pageCount: pageCount) }
        let trimmed = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("<") && trimmed.contains("<OME") {
            return try OMEMetadata.parse(trimmed, path: path, pageCount: pageCount, samplesPerPixel: samplesPerPixel)
        }
        if trimmed.hasPrefix("ImageJ=") {
            return try imageJ(trimmed, path: path, resolution: resolution, pageCount: pageCount)
        }
        return .plain(pageCount: pageCount)
    }

    /// ImageJ hyperstacks store their pages channel fastest, then z, then time
    /// (TZCYX); `images` is the page count, and `channels`, `slices` and
    /// `frames` (each 1 when absent) its axes. A stack that names none of them
    /// is a plain stack of time points. The pixel size is 1 / XResolution in
    /// `unit`; the frame interval `finterval` is in `tunit` (seconds when absent).
    static func imageJ(_ text: String, path: String, resolution: (x: Double, y: Double, unit: Int)?,
                       pageCount: Int) throws -> StackMetadata {
        var keys: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            keys[String(line[..<equals]).trimmingCharacters(in: .whitespaces)] =
                String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
        func fail(_ message: String) -> TIFFError { TIFFError(path: path, "ImageJ metadata: \(message)") }
        func count(_ key: String) throws -> Int? {
            guard let text = keys[key] else { return nil }
            guard let value = Int(text), value >= 1 else { throw fail("\(key)=\(text) is not a count ≥ 1") }
            return value
        }
        let images = try count("images") ?? pageCount
        guard images == pageCount else {
            throw fail("images=\(images) but the file has \(pageCount) page(s); the file is truncated or its metadata is wrong")
        }
        let channels = try count("channels"), slices = try count("slices"), frames = try count("frames")
        var metadata: StackMetadata
        if channels == nil && slices == nil && frames == nil {
            metadata = .plain(pageCount: pageCount)
            metadata.source = .imageJ
        } else {
            let c = channels ?? 1, z = slices ?? 1, t = frames ?? 1
            let (cz, overflowA) = c.multipliedReportingOverflow(by: z)
            let (czt, overflowB) = cz.multipliedReportingOverflow(by: t)
            guard !overflowA, !overflowB, czt == images else {
                throw fail("channels=\(c) × slices=\(z) × frames=\(t) = \(overflowA || overflowB ? "too many" : "\(czt)") planes, but images=\(images)")
            }
            var pages = [Int](repeating: 0, count: images)
            for ti in 0..<t { for ci in 0..<c { for zi in 0..<z { pages[(ti * c + ci) * z + zi] = (ti * z + zi) * c + ci } } }
            metadata = StackMetadata(source: .imageJ, sizeT: t, sizeC: c, sizeZ: z, order: "TZCYX", pages: pages,
                                     channelNames: [])
        }
        if let unitText = keys["unit"], let resolution, resolution.x > 0 {
            let unit = Self.unescapedImageJ(unitText)
            if !["pixel", "pixels", "px", ""].contains(unit.lowercased()) {
                guard let micrometres = Units.micrometres(perUnit: unit) else {
                    throw fail("unit=\(unitText) is not a length unit Plexus can convert to µm (nm, µm, micron, mm, cm, m)")
                }
                metadata.pixelSizeMicrometres = micrometres / resolution.x
                if resolution.y > 0 { metadata.pixelHeightMicrometres = micrometres / resolution.y }
                if let text = keys["spacing"], let spacing = Double(text), spacing.isFinite, spacing > 0 {
                    metadata.zSpacingMicrometres = spacing * micrometres
                }
            }
        }
        if let intervalText = keys["finterval"] {
            guard let interval = Double(intervalText), interval.isFinite, interval > 0 else {
                throw fail("finterval=\(intervalText) is not a positive number")
            }
            let unitText = Self.unescapedImageJ(keys["tunit"] ?? "sec")
            guard let seconds = Units.seconds(perUnit: unitText) else {
                throw fail("tunit=\(unitText) is not a time unit Plexus can convert to seconds (ns, µs, ms, s, sec, min, h)")
            }
            metadata.frameIntervalSeconds = interval * seconds
        }
        return metadata
    }

    /// ImageJ writes µ as the text `\u00B5`.
    static func unescapedImageJ(_ text: String) -> String {
        text.replacingOccurrences(of: "\\u00B5", with: "µ").replacingOccurrences(of: "\\u00b5", with: "µ")
    }
}

/// Conversions of the units microscopy metadata use.
package enum Units {
    /// µm per `unit`, nil when it is not a known length unit.
    package static func micrometres(perUnit unit: String) -> Double? {
        switch unit.trimmingCharacters(in: .whitespaces).lowercased() {
        case "pm": 1e-6
        case "å", "Å", "angstrom", "ångström": 1e-4
        case "nm", "nanometer", "nanometre", "nanometers", "nanometres": 1e-3
        case "µm", "μm", "um", "micron", "microns", "micrometer", "micrometre", "micrometers", "micrometres": 1
        case "mm", "millimeter", "millimetre": 1e3
        case "cm", "centimeter", "centimetre": 1e4
        case "m", "meter", "metre": 1e6
        default: nil
        }
    }

    /// Seconds per `unit`, nil when it is not a known time unit.
    package static func seconds(perUnit unit: String) -> Double? {
        switch unit.trimmingCharacters(in: .whitespaces).lowercased() {
        case "ns": 1e-9
        case "µs", "μs", "us": 1e-6
        case "ms", "msec": 1e-3
        case "s", "sec", "second", "seconds": 1
        case "min", "minute", "minutes": 60
        case "h", "hr", "hour", "hours": 3600
        default: nil
        }
    }
}

/// OME-XML's `Image/Pixels` of the first image: the dimension order and sizes,
/// the `TiffData` elements that map planes to pages, physical sizes and the
/// time increment with their units, significant bits and channel names.
enum OMEMetadata {
    static func parse(_ text: String, path: String, pageCount: Int, samplesPerPixel: Int) throws -> StackMetadata {
        func fail(_ message: String) -> TIFFError { TIFFError(path: path, "OME-XML: \(message)") }
        let collector = Collector()
        let parser = XMLParser(data: Data(try markup(text, fail: fail).utf8))
        parser.delegate = collector
        // Foundation on Linux may return true from parse() and still set parserError.
        guard parser.parse(), parser.parserError == nil else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw fail("malformed XML at line \(parser.lineNumber), column \(parser.columnNumber) (\(reason))")
        }
        guard let pixels = collector.pixels else { throw fail("no Image/Pixels element") }
        func size(_ name: String) throws -> Int {
            guard let text = pixels[name] else { throw fail("Pixels has no \(name)") }
            guard let value = Int(text), value >= 1 else { throw fail("Pixels \(name)=\"\(text)\" is not a count ≥ 1") }
            return value
        }
        guard let order = pixels["DimensionOrder"] else { throw fail("Pixels has no DimensionOrder") }
        let fastest = Array(order.uppercased())
        guard fastest.count == 5, fastest[0] == "X", fastest[1] == "Y", Set(fastest[2...]) == ["Z", "C", "T"] else {
            throw fail("Pixels DimensionOrder=\"\(order)\" is not one of XYZCT, XYZTC, XYCZT, XYCTZ, XYTZC, XYTCZ")
        }
        let sizeZ = try size("SizeZ"), sizeT = try size("SizeT"), declaredC = try size("SizeC")
        // An RGB page holds samplesPerPixel channels of SizeC.
        let perPage = max(1, collector.channelSamples.first ?? samplesPerPixel)
        guard declaredC % perPage == 0 else {
            throw fail("Pixels SizeC=\(declaredC) is not a multiple of the \(perPage) samples per page")
        }
        let sizeC = declaredC / perPage
        let sizes: [Character: Int] = ["Z": sizeZ, "C": sizeC, "T": sizeT]
        // Each plane is one page: more planes than pages cannot be stored here.
        let (zc, overflowA) = sizeZ.multipliedReportingOverflow(by: sizeC)
        let (planeCount, overflowB) = zc.multipliedReportingOverflow(by: sizeT)
        guard !overflowA, !overflowB, planeCount <= pageCount else {
            throw fail("Pixels SizeZ=\(sizeZ) × SizeC=\(declaredC)\(perPage > 1 ? " (÷ \(perPage) samples per page)" : "") × SizeT=\(sizeT) is more planes than the file's \(pageCount) page(s)")
        }
        // Plane index in dimension order: the first letter after XY varies fastest.
        func planeIndex(z: Int, c: Int, t: Int) -> Int {
            let value: [Character: Int] = ["Z": z, "C": c, "T": t]
            var index = 0
            for axis in fastest[2...].reversed() { index = index * sizes[axis]! + value[axis]! }
            return index
        }
        var pageOfPlane = [Int?](repeating: nil, count: planeCount)
        if collector.tiffData.isEmpty {
            for i in 0..<planeCount { pageOfPlane[i] = i }
        } else {
            let ownName = URL(fileURLWithPath: path).lastPathComponent
            for entry in collector.tiffData {
                if let file = entry.fileName, file != ownName {
                    throw fail("planes are stored in another file (\(file)); multi-file OME-TIFF is not supported: convert it to one file (e.g. bfconvert)")
                }
                func attribute(_ name: String) throws -> Int? {
                    guard let text = entry.attributes[name] else { return nil }
                    guard let value = Int(text), value >= 0 else { throw fail("TiffData \(name)=\"\(text)\" is not an integer ≥ 0") }
                    return value
                }
                let ifd = try attribute("IFD")
                let firstZ = try attribute("FirstZ") ?? 0, firstC = try attribute("FirstC") ?? 0, firstT = try attribute("FirstT") ?? 0
                guard firstZ < sizeZ, firstC < sizeC, firstT < sizeT else {
                    throw fail("TiffData FirstZ/FirstC/FirstT (\(firstZ), \(firstC), \(firstT)) lie outside SizeZ/SizeC/SizeT")
                }
                let start = planeIndex(z: firstZ, c: firstC, t: firstT)
                let declared = try attribute("PlaneCount")
                let count = declared ?? (ifd != nil || entry.attributes["FirstZ"] != nil || entry.attributes["FirstC"] != nil
                                         || entry.attributes["FirstT"] != nil ? 1 : planeCount)
                let first = ifd ?? 0
                guard first < pageCount else {
                    throw fail("TiffData IFD=\(first) is beyond the file's \(pageCount) page(s)")
                }
                for k in 0..<min(count, planeCount - start) { pageOfPlane[start + k] = first + k }
            }
        }
        var pages = [Int](repeating: 0, count: planeCount)
        for t in 0..<sizeT {
            for c in 0..<sizeC {
                for z in 0..<sizeZ {
                    guard let page = pageOfPlane[planeIndex(z: z, c: c, t: t)] else {
                        throw fail("no TiffData gives the page of plane t=\(t), c=\(c), z=\(z)")
                    }
                    guard page < pageCount else {
                        throw fail("plane t=\(t), c=\(c), z=\(z) is page \(page), but the file has \(pageCount) page(s) (SizeT=\(sizeT), SizeC=\(declaredC), SizeZ=\(sizeZ))")
                    }
                    pages[(t * sizeC + c) * sizeZ + z] = page
                }
            }
        }
        var metadata = StackMetadata(source: .ome, sizeT: sizeT, sizeC: sizeC, sizeZ: sizeZ,
                                     order: String(fastest.reversed()), pages: pages,
                                     channelNames: perPage == 1 && collector.channelNames.contains { !$0.isEmpty }
                                        ? collector.channelNames : [])
        /// A positive attribute in its unit attribute's unit (OME's default when
        /// absent), converted by `convert`.
        func quantity(_ name: String, defaultUnit: String, kind: String,
                      _ convert: (String) -> Double?) throws -> Double? {
            guard let text = pixels[name] else { return nil }
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw fail("Pixels \(name)=\"\(text)\" is not a positive number")
            }
            let unit = pixels[name + "Unit"] ?? defaultUnit
            guard let factor = convert(unit) else {
                throw fail("Pixels \(name)Unit=\"\(unit)\" is not a \(kind) unit Plexus can convert")
            }
            return value * factor
        }
        metadata.pixelSizeMicrometres = try quantity("PhysicalSizeX", defaultUnit: "µm", kind: "length",
                                                     Units.micrometres(perUnit:))
        metadata.pixelHeightMicrometres = try quantity("PhysicalSizeY", defaultUnit: "µm", kind: "length",
                                                       Units.micrometres(perUnit:))
        metadata.zSpacingMicrometres = try quantity("PhysicalSizeZ", defaultUnit: "µm", kind: "length",
                                                    Units.micrometres(perUnit:))
        metadata.frameIntervalSeconds = try quantity("TimeIncrement", defaultUnit: "s", kind: "time",
                                                     Units.seconds(perUnit:))
        if let text = pixels["SignificantBits"] {
            guard let bits = Int(text), (1...16).contains(bits) else {
                throw fail("Pixels SignificantBits=\"\(text)\" is not a bit count from 1 to 16")
            }
            metadata.significantBits = bits
        }
        return metadata
    }

    /// The text as handed to XMLParser: without processing instructions (`<?target data?>`,
    /// the XML declaration among them; the metadata needs none), and refused when it has a
    /// document type declaration (OME-XML has none). Foundation's XMLParser on Linux crashes
    /// on a processing instruction without data (`<?target?>`: libxml2 passes no data, which
    /// it reads as a C string) and on DTD declarations without a public or system ID or
    /// default value (the same); a DTD could also make a processing instruction out of an
    /// entity. Comments and CDATA sections are kept as they are.
    static func markup(_ text: String, fail: (String) -> TIFFError) throws -> String {
        let bytes = Array(text.utf8)
        let commentStart = Array("<!--".utf8), commentEnd = Array("-->".utf8)
        let cdataStart = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
        let doctype = Array("<!DOCTYPE".utf8)
        let instructionStart = Array("<?".utf8), instructionEnd = Array("?>".utf8)
        func starts(_ pattern: [UInt8], at i: Int) -> Bool {
            guard i + pattern.count <= bytes.count else { return false }
            for k in pattern.indices where bytes[i + k] != pattern[k] { return false }
            return true
        }
        /// The index just after the first `terminator` from `start`, nil when there is none.
        func end(of terminator: [UInt8], from start: Int) -> Int? {
            var i = start
            while i + terminator.count <= bytes.count {
                if starts(terminator, at: i) { return i + terminator.count }
                i += 1
            }
            return nil
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                kept.append(bytes[i])
                i += 1
                continue
            }
            if starts(commentStart, at: i) || starts(cdataStart, at: i) {
                let terminator = starts(commentStart, at: i) ? commentEnd : cdataEnd
                let after = end(of: terminator, from: i + 4) ?? bytes.count
                kept += bytes[i..<after]
                i = after
            } else if starts(doctype, at: i) {
                throw fail("a document type declaration (<!DOCTYPE …>) is not supported; OME-XML has none")
            } else if starts(instructionStart, at: i), let after = end(of: instructionEnd, from: i + 2) {
                i = after // dropped (an unterminated one is left for the parser to report)
            } else {
                kept.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Gathers the first image's Pixels attributes, its Channel names and
    /// samples per pixel, and its TiffData elements (with a UUID's FileName).
    final class Collector: NSObject, XMLParserDelegate {
        var pixels: [String: String]?
        var channelNames: [String] = []
        var channelSamples: [Int] = []
        var tiffData: [(attributes: [String: String], fileName: String?)] = []
        private var imageDepth = 0
        private var imagesSeen = 0
        private var inFirstPixels = false
        private var inTiffData = false

        private static func local(_ name: String) -> String {
            name.split(separator: ":").last.map(String.init) ?? name
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            switch Self.local(elementName) {
            case "Image":
                imagesSeen += 1
            case "Pixels" where imagesSeen == 1 && pixels == nil:
                pixels = attributes
                inFirstPixels = true
            case "Channel" where inFirstPixels:
                channelNames.append(attributes["Name"] ?? "")
                channelSamples.append(Int(attributes["SamplesPerPixel"] ?? "") ?? 1)
            case "TiffData" where inFirstPixels:
                tiffData.append((attributes, nil))
                inTiffData = true
            case "UUID" where inTiffData:
                if let name = attributes["FileName"], !tiffData.isEmpty { tiffData[tiffData.count - 1].fileName = name }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?) {
            switch Self.local(elementName) {
            case "Pixels": inFirstPixels = false
            case "TiffData": inTiffData = false
            default: break
            }
        }
    }
}
