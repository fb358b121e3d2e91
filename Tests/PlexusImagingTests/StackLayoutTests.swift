import Foundation
import PlexusNumerics
import PlexusTestSupport
import XCTest
@testable import PlexusImaging

/// Files whose pages are not simply time points: ImageJ hyperstacks and
/// OME-TIFFs (written here through libtiff, and by tifffile in the fixtures),
/// frame folders, and 12-bit data in 16-bit files.
final class StackLayoutTests: TemporaryDirectoryTestCase {
    static let width = 16, height = 12

    /// The value a plane's pixel holds in these tests and in the tifffile
    /// fixtures (Benchmarks/tifffile_layout_fixtures.py).
    static func value(t: Int, c: Int, z: Int, pixel: Int) -> UInt16 {
        UInt16(1 + 1000 * t + 100 * c + 10 * z + pixel % 10)
    }

    static func plane(t: Int, c: Int, z: Int) -> [UInt16] {
        (0..<(width * height)).map { value(t: t, c: c, z: z, pixel: $0) }
    }

    /// The message of the TIFFError `body` throws ("" and a failure when none).
    func refusal(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> String {
        assertThrows(TIFFError.self, file: file, line: line, body)?.description ?? ""
    }

    /// Writes `pages` (each width × height, 16-bit), the first with `description`.
    func writeStack(_ name: String, pages: [[UInt16]], bitDepth: Int = 16, description: String? = nil,
                    resolution: (x: Double, y: Double, unit: Int)? = nil) throws -> String {
        let file = path(name)
        let writer = try TIFFWriter(path: file)
        for (i, samples) in pages.enumerated() {
            try writer.writePage(width: Self.width, height: Self.height, bitDepth: bitDepth, samples: samples,
                                 description: i == 0 ? description : nil, resolution: i == 0 ? resolution : nil)
        }
        writer.close()
        return file
    }

    /// Asserts that time point t of `video` is plane (t, c) on the 8-bit scale
    /// of `bits`, its z-slices combined by `combine`.
    func assertFrames(_ video: MicroscopyVideo, c: Int, sizeZ: Int, bits: Int = 16,
                      combine: ([Double]) -> Double = { $0[0] }, file: StaticString = #filePath, line: UInt = #line) throws {
        let scale = 255 / Double((1 << bits) - 1)
        for t in 0..<video.frameCount {
            let frame = try video.readFrame(t)
            for pixel in [0, 7, Self.width * Self.height - 1] {
                let slices = (0..<sizeZ).map { Double(Self.value(t: t, c: c, z: $0, pixel: pixel)) }
                XCTAssertEqual(Double(frame.pixels[pixel]), combine(slices) * scale, accuracy: 1e-3,
                               "t \(t) pixel \(pixel)", file: file, line: line)
            }
        }
    }

    // MARK: ImageJ

    func testImageJHyperstackIsReadByChannelWithItsCalibration() throws {
        // ImageJ order: channel fastest, then z, then time.
        var pages: [[UInt16]] = []
        for t in 0..<3 { for c in 0..<2 { pages.append(Self.plane(t: t, c: c, z: 0)) } }
        let file = try writeStack("tcyx.tif", pages: pages,
                                  description: "ImageJ=1.54f\nimages=6\nchannels=2\nframes=3\nhyperstack=true\nunit=micron\nfinterval=2\ntunit=min\n",
                                  resolution: (1 / 0.1, 1 / 0.1, 1))
        let error = refusal { _ = try MicroscopyVideo(path: file) }
        XCTAssertTrue(error.contains("2 channels") && error.contains("--channel"), error)
        let outOfRange = refusal { _ = try MicroscopyVideo(path: file, channel: 2) }
        XCTAssertTrue(outOfRange.contains("--channel 2 is out of range"), outOfRange)
        for c in 0..<2 {
            let video = try MicroscopyVideo(path: file, channel: c)
            XCTAssertEqual(video.frameCount, 3)
            XCTAssertEqual(video.source, .imageJ)
            XCTAssertEqual(video.channel, c)
            XCTAssertEqual(video.metadata.pixelSizeMicrometres!, 0.1, accuracy: 1e-6)
            XCTAssertEqual(video.metadata.frameIntervalSeconds!, 120, accuracy: 1e-9)
            try assertFrames(video, c: c, sizeZ: 1)
        }
    }

    func testZStacksAreRefusedWithoutAProjectionAndProjectedWithOne() throws {
        var pages: [[UInt16]] = []
        for t in 0..<2 { for z in 0..<3 { pages.append(Self.plane(t: t, c: 0, z: z)) } }
        let file = try writeStack("tzyx.tif", pages: pages,
                                  description: "ImageJ=1.54f\nimages=6\nslices=3\nframes=2\nhyperstack=true\nunit=micron\nspacing=0.3\n",
                                  resolution: (10, 8, 1))
        let error = refusal { _ = try MicroscopyVideo(path: file) }
        XCTAssertTrue(error.contains("SizeZ = 3") && error.contains("--z-project"), error)
        let cases: [(ZProjection, ([Double]) -> Double)] = [
            (.max, { $0.max()! }), (.mean, { $0.reduce(0, +) / Double($0.count) }), (.sum, { $0.reduce(0, +) }),
        ]
        for (projection, combine) in cases {
            let video = try MicroscopyVideo(path: file, options: .init(zProjection: projection))
            XCTAssertEqual(video.frameCount, 2)
            XCTAssertEqual(video.metadata.zSpacingMicrometres!, 0.3, accuracy: 1e-9)
            XCTAssertEqual(video.metadata.pixelHeightMicrometres!, 0.125, accuracy: 1e-9)
            XCTAssertTrue(video.stackJSON.contains("\"z_projection\":\"\(projection.rawValue)\""), video.stackJSON)
            XCTAssertTrue(video.stackJSON.contains("\"z_spacing_um\":0.3"), video.stackJSON)
            try assertFrames(video, c: 0, sizeZ: 3, combine: combine)
        }
        let plain = try writeStack("plain.tif", pages: [Self.plane(t: 0, c: 0, z: 0), Self.plane(t: 1, c: 0, z: 0)])
        let noZ = refusal { _ = try MicroscopyVideo(path: plain, options: .init(zProjection: .max)) }
        XCTAssertTrue(noZ.contains("--z-project max") && noZ.contains("no z-slices"), noZ)
    }

    func testHyperstackWithChannelsAndSlices() throws {
        var pages: [[UInt16]] = []
        for t in 0..<2 { for z in 0..<2 { for c in 0..<3 { pages.append(Self.plane(t: t, c: c, z: z)) } } }
        let file = try writeStack("tzcyx.tif", pages: pages,
                                  description: "ImageJ=1.54f\nimages=12\nchannels=3\nslices=2\nframes=2\nhyperstack=true\n")
        let video = try MicroscopyVideo(path: file, options: .init(channel: .index(1), zProjection: .mean))
        XCTAssertEqual(video.metadata.sizeC, 3)
        XCTAssertEqual(video.metadata.sizeZ, 2)
        try assertFrames(video, c: 1, sizeZ: 2, combine: { $0.reduce(0, +) / 2 })
    }

    func testImageJMetadataThatContradictsTheFileIsRefused() throws {
        let pages = (0..<3).map { Self.plane(t: $0, c: 0, z: 0) }
        let short = try writeStack("short.tif", pages: pages, description: "ImageJ=1.54f\nimages=4\nframes=4\n")
        let missing = refusal { _ = try MicroscopyVideo(path: short) }
        XCTAssertTrue(missing.contains("images=4") && missing.contains("3 page(s)"), missing)
        let product = try writeStack("product.tif", pages: pages, description: "ImageJ=1.54f\nimages=3\nchannels=2\nframes=2\n")
        let wrong = refusal { _ = try MicroscopyVideo(path: product) }
        XCTAssertTrue(wrong.contains("channels=2 × slices=1 × frames=2"), wrong)
        let huge = try writeStack("huge.tif", pages: pages, description: "ImageJ=1.54f\nimages=3\nchannels=4611686018427387904\nframes=4\n")
        XCTAssertTrue(refusal { _ = try MicroscopyVideo(path: huge) }.contains("too many"))
        let unit = try writeStack("unit.tif", pages: pages, description: "ImageJ=1.54f\nimages=3\nframes=3\nunit=furlong\n",
                                  resolution: (10, 10, 1))
        let badUnit = refusal { _ = try MicroscopyVideo(path: unit) }
        XCTAssertTrue(badUnit.contains("unit=furlong"), badUnit)
        XCTAssertTrue(badUnit.contains(unit), "names the file")
    }

    func testAPlainImageJStackIsTimeAndItsMicronUnitIsRead() throws {
        let pages = (0..<3).map { Self.plane(t: $0, c: 0, z: 0) }
        let file = try writeStack("stack.tif", pages: pages, description: "ImageJ=1.54f\nimages=3\nunit=\\u00B5m\n",
                                  resolution: (4, 4, 1))
        let video = try MicroscopyVideo(path: file)
        XCTAssertEqual(video.frameCount, 3)
        XCTAssertEqual(video.metadata.pixelSizeMicrometres!, 0.25, accuracy: 1e-9)
        try assertFrames(video, c: 0, sizeZ: 1)
    }

    // MARK: OME-TIFF

    /// Minimal OME-XML for one image.
    static func ome(order: String, t: Int, c: Int, z: Int, extra: String = "", channels: String = "",
                    tiffData: String? = nil) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" \
        DimensionOrder="\(order)" Type="uint16" SizeX="\(width)" SizeY="\(height)" SizeZ="\(z)" SizeC="\(c)" SizeT="\(t)" \(extra)>\
        \(channels)\(tiffData ?? "<TiffData IFD=\"0\" PlaneCount=\"\(t * c * z)\"/>")</Pixels></Image></OME>
        """
    }

    func testOMEDimensionOrdersMapPagesToPlanes() throws {
        let sizes: [Character: Int] = ["T": 2, "C": 2, "Z": 2]
        for order in ["XYZCT", "XYZTC", "XYCZT", "XYCTZ", "XYTZC", "XYTCZ"] {
            // Pages in dimension order: the first axis after XY varies fastest.
            let axes = Array(order.dropFirst(2))
            var pages: [[UInt16]] = []
            for slow in 0..<sizes[axes[2]]! {
                for middle in 0..<sizes[axes[1]]! {
                    for fast in 0..<sizes[axes[0]]! {
                        var index: [Character: Int] = [:]
                        index[axes[0]] = fast
                        index[axes[1]] = middle
                        index[axes[2]] = slow
                        pages.append(Self.plane(t: index["T"]!, c: index["C"]!, z: index["Z"]!))
                    }
                }
            }
            let file = try writeStack("\(order).ome.tif", pages: pages, description: Self.ome(order: order, t: 2, c: 2, z: 2))
            let video = try MicroscopyVideo(path: file, options: .init(channel: .index(1), zProjection: .max))
            XCTAssertEqual(video.source, .ome, order)
            XCTAssertEqual(video.frameCount, 2, order)
            try assertFrames(video, c: 1, sizeZ: 2, combine: { $0.max()! })
        }
    }

    func testOMETiffDataElementsAndCalibrationUnitsAndNames() throws {
        // Planes stored in reverse time order, each placed by its own TiffData.
        let pages = [Self.plane(t: 2, c: 0, z: 0), Self.plane(t: 1, c: 0, z: 0), Self.plane(t: 0, c: 0, z: 0)]
        let tiffData = (0..<3).map { "<TiffData IFD=\"\($0)\" FirstT=\"\(2 - $0)\" PlaneCount=\"1\"/>" }.joined()
        let description = Self.ome(order: "XYZCT", t: 3, c: 1, z: 1,
                                   extra: "PhysicalSizeX=\"650\" PhysicalSizeXUnit=\"Å\" TimeIncrement=\"1500\" TimeIncrementUnit=\"ms\" SignificantBits=\"14\"",
                                   channels: "<Channel ID=\"Channel:0:0\" Name=\"TOM20\" SamplesPerPixel=\"1\"/>",
                                   tiffData: tiffData)
        let file = try writeStack("tiffdata.ome.tif", pages: pages, description: description)
        let video = try MicroscopyVideo(path: file, options: .init(channel: .name("TOM20")))
        XCTAssertEqual(video.metadata.pixelSizeMicrometres!, 0.065, accuracy: 1e-9)
        XCTAssertEqual(video.metadata.frameIntervalSeconds!, 1.5, accuracy: 1e-12)
        XCTAssertEqual(video.significantBits, 14)
        XCTAssertEqual(video.significantBitsSource, "OME")
        try assertFrames(video, c: 0, sizeZ: 1, bits: 14)
        let unknown = refusal { _ = try MicroscopyVideo(path: file, options: .init(channel: .name("GFP"))) }
        XCTAssertTrue(unknown.contains("GFP") && unknown.contains("TOM20"), unknown)
    }

    func testBadOMEIsRefusedNamingTheField() throws {
        let pages = (0..<2).map { Self.plane(t: $0, c: 0, z: 0) }
        let cases: [(String, String)] = [
            ("<OME><Image><Pixels DimensionOrder=\"XYZCT\" SizeZ=\"1\" SizeC=\"1\" SizeT=\"2\"></Image></OME>", "malformed XML"),
            (Self.ome(order: "XYZCT", t: 3, c: 1, z: 1), "more planes than the file's 2 page(s)"),
            (Self.ome(order: "XYZCT", t: Int.max / 2, c: 4, z: 1, tiffData: "<TiffData/>"), "more planes than"),
            (Self.ome(order: "XYZCT", t: 2, c: 1, z: 1, tiffData: "<TiffData IFD=\"9223372036854775807\" PlaneCount=\"2\"/>"), "IFD=9223372036854775807"),
            (Self.ome(order: "XYZCT", t: 2, c: 1, z: 1, tiffData: "<TiffData IFD=\"0\" PlaneCount=\"999999999999999\"/><TiffData IFD=\"5\" FirstT=\"1\"/>"), "IFD=5"),
            (Self.ome(order: "XYQCT", t: 2, c: 1, z: 1), "DimensionOrder"),
            (Self.ome(order: "XYZCT", t: 2, c: 1, z: 1, extra: "PhysicalSizeX=\"1\" PhysicalSizeXUnit=\"parsec\""), "PhysicalSizeXUnit"),
            (Self.ome(order: "XYZCT", t: 2, c: 1, z: 1, extra: "TimeIncrement=\"1\" TimeIncrementUnit=\"fortnight\""), "TimeIncrementUnit"),
            (Self.ome(order: "XYZCT", t: 2, c: 1, z: 1, tiffData: "<TiffData IFD=\"0\" PlaneCount=\"2\"><UUID FileName=\"other.ome.tif\">urn:uuid:1</UUID></TiffData>"), "other.ome.tif"),
        ]
        for (i, (description, expected)) in cases.enumerated() {
            let file = try writeStack("bad\(i).ome.tif", pages: pages, description: description)
            let error = refusal { _ = try MicroscopyVideo(path: file) }
            XCTAssertTrue(error.contains("OME-XML") && error.contains(expected), "\(i): \(error)")
        }
    }

    /// Found by `make fuzz` (stack-metadata): Foundation's XMLParser on Linux dereferences
    /// a null pointer for a processing instruction without data (`<?target?>`), and for
    /// DTD declarations without an ID or default value, and a DTD entity can expand to
    /// such an instruction. The reader drops processing instructions before parsing and
    /// refuses a DOCTYPE; these inputs stopped the process.
    func testXMLThatCrashedFoundationsParserIsReadOrRefused() throws {
        // The fuzzer's input: a byte giving the page count (6), then the description.
        let input = try Data(contentsOf: Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("fuzz/ome-instruction-without-data.bin"))
        XCTAssertEqual(input.first, 5)
        let mangled = refusal {
            _ = try StackMetadata.read(path: "crafted.tif", description: String(decoding: input.dropFirst(), as: UTF8.self),
                                       resolution: nil, pageCount: 6, samplesPerPixel: 1)
        }
        XCTAssertTrue(mangled.hasPrefix("crafted.tif: OME-XML: malformed XML"), mangled)

        // Well-formed OME-XML with instructions without data (one inside a comment, kept) reads.
        let pages = (0..<2).map { Self.plane(t: $0, c: 0, z: 0) }
        let withInstructions = Self.ome(order: "XYZCT", t: 2, c: 1, z: 1)
            .replacingOccurrences(of: "<OME ", with: "<?plexus?><!-- <?kept?> --><OME ")
            .replacingOccurrences(of: "</Pixels>", with: "<?x-empty?></Pixels><![CDATA[<?cdata?>]]>")
        let file = try writeStack("instructions.ome.tif", pages: pages, description: withInstructions)
        let video = try MicroscopyVideo(path: file)
        XCTAssertEqual(video.source, .ome)
        XCTAssertEqual(video.frameCount, 2)
        try assertFrames(video, c: 0, sizeZ: 1)

        // A DOCTYPE is refused, naming it: a notation without a public ID, an attribute without a
        // default, an entity that expands to an instruction without data.
        for (i, doctype) in ["<!DOCTYPE OME [<!NOTATION n SYSTEM \"x\">]>", "<!DOCTYPE OME [<!ATTLIST OME a CDATA #IMPLIED>]>",
                             "<!DOCTYPE OME [<!ENTITY e \"&#60;?t?&#62;\">]>"].enumerated() {
            let description = Self.ome(order: "XYZCT", t: 2, c: 1, z: 1)
                .replacingOccurrences(of: "<OME ", with: doctype + "<OME ")
                .replacingOccurrences(of: "</Pixels>", with: "&e;</Pixels>")
            let file = try writeStack("doctype\(i).ome.tif", pages: pages, description: description)
            let error = refusal { _ = try MicroscopyVideo(path: file) }
            XCTAssertTrue(error.contains("OME-XML: a document type declaration (<!DOCTYPE …>) is not supported"), "\(i): \(error)")
        }
    }

    // MARK: significant bits

    func testTwelveBitDataIsScaledByItsSignificantBits() throws {
        let pixels = Self.width * Self.height
        let pages: [[UInt16]] = (0..<2).map { (t: Int) -> [UInt16] in
            (0..<pixels).map { (i: Int) -> UInt16 in UInt16((t * 977 + i * 31) % 4096) }
        }
        let file = try writeStack("b12.tif", pages: pages)
        let video = try MicroscopyVideo(path: file, options: .init(significantBits: 12))
        XCTAssertEqual(video.significantBitsSource, "option")
        for t in 0..<2 {
            let frame = try video.readFrame(t)
            for i in [0, 5, 100] { XCTAssertEqual(Double(frame.pixels[i]), Double(pages[t][i]) * 255 / 4095, accuracy: 1e-3) }
        }
        let tooFew = try MicroscopyVideo(path: file, options: .init(significantBits: 10))
        let error = refusal { _ = try tooFew.readFrame(0) }
        XCTAssertTrue(error.contains("page 0") && error.contains("10-bit"), error)
        let eight = try writeStack("b8.tif", pages: [[UInt16](repeating: 3, count: Self.width * Self.height)], bitDepth: 8)
        let over = refusal { _ = try MicroscopyVideo(path: eight, options: .init(significantBits: 12)) }
        XCTAssertTrue(over.contains("--bit-depth 12"), over)
    }

    // MARK: frame folders

    func testAFrameFolderIsOneVideoInNaturalOrder() throws {
        let folder = path("frames")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for t in 0..<12 {
            _ = try writeStack("frames/frame_\(t).tif", pages: [Self.plane(t: t, c: 0, z: 0)])
        }
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder + "/README.txt"))
        let video = try MicroscopyVideo(path: folder)
        XCTAssertEqual(video.source, .folder)
        XCTAssertEqual(video.frameCount, 12)
        XCTAssertEqual(video.files.map { URL(fileURLWithPath: $0).lastPathComponent }.prefix(3), ["frame_0.tif", "frame_1.tif", "frame_2.tif"])
        XCTAssertEqual(URL(fileURLWithPath: video.files[10]).lastPathComponent, "frame_10.tif")
        try assertFrames(video, c: 0, sizeZ: 1)

        // One file of another size: named.
        let writer = try TIFFWriter(path: folder + "/frame_12.tif")
        try writer.writePage(width: 8, height: 8, bitDepth: 16, samples: [UInt16](repeating: 1, count: 64))
        writer.close()
        let error = refusal { _ = try MicroscopyVideo(path: folder) }
        XCTAssertTrue(error.contains("frame_12.tif") && error.contains("8×8"), error)

        let empty = path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = refusal { _ = try MicroscopyVideo(path: empty) }
        XCTAssertTrue(none.contains("no TIFF"), none)
    }

    func testNaturalOrder() {
        let names = ["f10.tif", "f2.tif", "f1.tif", "f02.tif", "g1.tif", "f1a.tif"]
        XCTAssertEqual(names.sorted(by: MicroscopyVideo.naturalOrder), ["f1.tif", "f1a.tif", "f2.tif", "f02.tif", "f10.tif", "g1.tif"])
    }

    // MARK: silent cases

    func testInterleavedPagesWithoutMetadataGetAWarning() throws {
        var interleaved: [[UInt16]] = []
        var timeLapse: [[UInt16]] = []
        for t in 0..<8 {
            let a = (0..<(Self.width * Self.height)).map { UInt16(100 + t + ($0 % Self.width) * 10) }
            let b = (0..<(Self.width * Self.height)).map { UInt16(100 + t + ($0 / Self.width) * 10) }
            interleaved += [a, b]
            timeLapse.append(a)
        }
        let warned = try MicroscopyVideo(path: try writeStack("interleaved.tif", pages: interleaved))
        XCTAssertEqual(warned.warnings.count, 1)
        XCTAssertTrue(warned.warnings.first?.contains("interleaved") ?? false)
        XCTAssertEqual(try MicroscopyVideo(path: try writeStack("lapse.tif", pages: timeLapse)).warnings, [])
    }

    // MARK: files written by tifffile

    struct Expected: Decodable {
        let source: String, T: Int, C: Int, Z: Int
        let pixel_um: Double?, interval_s: Double?
        let names: [String]
        let bits: Int?
    }

    func testTifffileLayoutsAreReadAsTifffileWroteThem() throws {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("layouts")
        let expected = try JSONDecoder().decode([String: Expected].self,
                                                from: Data(contentsOf: folder.appendingPathComponent("layouts.json")))
        XCTAssertEqual(expected.count, 5)
        for (name, want) in expected {
            let file = folder.appendingPathComponent(name).path
            for c in 0..<want.C {
                let selector: ChannelSelector = want.names.isEmpty ? .index(c) : .name(want.names[c])
                let video = try MicroscopyVideo(path: file, options: .init(channel: selector, zProjection: want.Z > 1 ? .sum : nil))
                XCTAssertEqual(video.metadata.source.rawValue, want.source, name)
                XCTAssertEqual(video.frameCount, want.T, name)
                XCTAssertEqual(video.metadata.sizeC, want.C, name)
                XCTAssertEqual(video.metadata.sizeZ, want.Z, name)
                XCTAssertEqual(video.metadata.channelNames, want.names, name)
                XCTAssertEqual(video.metadata.significantBits, want.bits, name)
                if let um = want.pixel_um { XCTAssertEqual(video.metadata.pixelSizeMicrometres ?? 0, um, accuracy: 1e-7 * um, name) } else { XCTAssertNil(video.metadata.pixelSizeMicrometres, name) }
                if let s = want.interval_s { XCTAssertEqual(video.metadata.frameIntervalSeconds ?? 0, s, accuracy: 1e-9, name) } else { XCTAssertNil(video.metadata.frameIntervalSeconds, name) }
                try assertFrames(video, c: c, sizeZ: want.Z, bits: want.bits ?? 16, combine: { $0.reduce(0, +) })
            }
        }
    }

    // MARK: crafted metadata

    /// Mutated ImageJ and OME descriptions (characters replaced, digits
    /// changed, text cut) either read into a consistent layout — every plane a
    /// page of the file — or are refused; none may stop the process.
    func testMutatedMetadataIsReadConsistentlyOrRefused() throws {
        let seeds = [
            "ImageJ=1.54f\nimages=12\nchannels=2\nslices=2\nframes=3\nhyperstack=true\nunit=micron\nspacing=0.3\nfinterval=2\ntunit=min\n",
            Self.ome(order: "XYCZT", t: 3, c: 2, z: 2, extra: "PhysicalSizeX=\"65\" PhysicalSizeXUnit=\"nm\" TimeIncrement=\"2\" SignificantBits=\"12\"",
                     channels: "<Channel Name=\"a\"/><Channel Name=\"b\"/>",
                     tiffData: "<TiffData IFD=\"0\" PlaneCount=\"6\"/><TiffData IFD=\"6\" FirstT=\"1\" FirstC=\"1\" PlaneCount=\"6\"/>"),
        ]
        var generator = SeededRandom(seed: 12)
        let alphabet = Array("0123456789-=<>\"/ XYZCTabcdefghijklmnopqrstuvwxyz\n.e+")
        var read = 0, refused = 0
        for seed in seeds {
            for _ in 0..<1500 {
                var text = Array(seed)
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let i = Int.random(in: 0..<text.count, using: &generator)
                    if text[i].isNumber, Bool.random(using: &generator) {
                        text.insert(contentsOf: String(Int.random(in: 0...Int.max, using: &generator)), at: i)
                    } else {
                        text[i] = alphabet.randomElement(using: &generator)!
                    }
                }
                if Int.random(in: 0..<10, using: &generator) == 0 { text = Array(text.prefix(Int.random(in: 0..<text.count, using: &generator))) }
                do {
                    let metadata = try StackMetadata.read(path: "crafted.tif", description: String(text), resolution: (10, 10, 1),
                                                          pageCount: 12, samplesPerPixel: 1)
                    XCTAssertEqual(metadata.pages.count, metadata.sizeT * metadata.sizeC * metadata.sizeZ)
                    XCTAssertTrue(metadata.pages.allSatisfy { (0..<12).contains($0) })
                    read += 1
                } catch let error as TIFFError {
                    XCTAssertTrue(error.description.hasPrefix("crafted.tif"), error.description)
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(read, 100)
        XCTAssertGreaterThan(refused, 100)
    }
}
