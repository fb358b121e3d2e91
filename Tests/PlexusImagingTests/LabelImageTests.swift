import Foundation
import PlexusNumerics
import PlexusTestSupport
import XCTest
@testable import PlexusImaging

/// Frame-0 label images: TIFF of any integer width, and the legacy VTK file ITK-SNAP writes.
final class LabelImageTests: TemporaryDirectoryTestCase {
    /// A 40×24 image with three labels (one touching the border) and background.
    static func labels(width: Int = 40, height: Int = 24, largest: UInt32 = 3) -> LabelImage {
        var labels = [UInt32](repeating: 0, count: width * height)
        for r in 0..<height {
            for c in 0..<width {
                if (r - 8) * (r - 8) + (c - 9) * (c - 9) <= 25 { labels[r * width + c] = 1 }
                if r >= 12 && c >= 20 && c < 30 { labels[r * width + c] = 2 }
                if c >= width - 4 && r < 6 { labels[r * width + c] = largest }
            }
        }
        return LabelImage(width: width, height: height, labels: labels)
    }

    func testTIFFLabelsOfEveryIntegerWidth() throws {
        let expected = Self.labels()
        // 8- and 16-bit through TIFFWriter, strips and tiles, compressed or not.
        for (bitDepth, layout, compression) in [(8, TIFFWriter.Layout.strips(rowsPerStrip: 5), TIFFWriter.Compression.none),
                                                (16, .tiles(width: 16, height: 16), .deflate),
                                                (16, .strips(rowsPerStrip: 7), .lzw)] {
            let file = path("labels-\(bitDepth)-\(layout)-\(compression).tif")
            let writer = try TIFFWriter(path: file)
            try writer.writePage(width: expected.width, height: expected.height, bitDepth: bitDepth,
                                 samples: expected.labels.map { UInt16($0) }, compression: compression, layout: layout)
            writer.close()
            XCTAssertEqual(try LabelImage.read(path: file), expected, file)
        }
        // 32-bit unsigned (labels beyond 65,535) and signed integers, as numpy and scikit-image save them.
        let large = Self.labels(largest: 100_000)
        for (bits, format) in [(32, 1), (32, 2), (16, 2), (8, 2)] {
            let source = bits == 32 ? large : expected
            let file = path("labels-\(bits)-\(format).tif")
            try LabelTIFF(width: source.width, height: source.height, bitsPerSample: bits, sampleFormat: format,
                          values: source.labels.map(Int64.init)).bytes.write(to: URL(fileURLWithPath: file))
            XCTAssertEqual(try LabelImage.read(path: file), source, "\(bits)-bit, sample format \(format)")
        }
        XCTAssertEqual(large.cellLabels, [1, 2, 100_000])
        XCTAssertEqual(expected.cellLabels, [1, 2, 3])
        XCTAssertEqual(expected.mask(of: 2).area, 12 * 10)
    }

    func testTIFFThatIsNotALabelImage() throws {
        let cases: [(String, LabelTIFF, [String])] = [
            ("float.tif", LabelTIFF(width: 4, height: 4, bitsPerSample: 32, sampleFormat: 3, values: Array(repeating: 0, count: 16)),
             ["floating-point", "integers"]),
            ("negative.tif", LabelTIFF(width: 4, height: 4, bitsPerSample: 16, sampleFormat: 2, values: [-1] + Array(repeating: 1, count: 15)),
             ["negative"]),
        ]
        for (name, tiff, mentions) in cases {
            let file = path(name)
            try tiff.bytes.write(to: URL(fileURLWithPath: file))
            let error = assertThrows(TIFFError.self) { _ = try LabelImage.read(path: file) }
            for mention in mentions + [file] {
                XCTAssertTrue(error?.description.contains(mention) ?? false, "\(name): '\(mention)' not in \(error?.description ?? "")")
            }
        }
        let rgb = path("rgb.tif")
        let writer = try TIFFWriter(path: rgb)
        try writer.writePage(width: 4, height: 4, bitDepth: 8, samples: Array(repeating: 1, count: 48), samplesPerPixel: 3)
        writer.close()
        let rgbError = assertThrows(TIFFError.self) { _ = try LabelImage.read(path: rgb) }
        XCTAssertTrue(rgbError?.message.contains("single-channel") ?? false, rgbError?.message ?? "")

        let stack = path("stack.tif")
        let stackWriter = try TIFFWriter(path: stack)
        for _ in 0..<2 { try stackWriter.writePage(width: 4, height: 4, bitDepth: 8, samples: Array(repeating: 1, count: 16)) }
        stackWriter.close()
        let stackError = assertThrows(TIFFError.self) { _ = try LabelImage.read(path: stack) }
        XCTAssertTrue(stackError?.message.contains("2 pages") ?? false, stackError?.message ?? "")

        let missing = assertThrows(LabelImageError.self) { _ = try LabelImage.read(path: path("nowhere.tif")) }
        XCTAssertEqual(missing?.description, "\(path("nowhere.tif")): file not found")
        let text = path("notes.tif")
        try "not an image".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelImage.read(path: text)) { error in
            XCTAssertTrue("\(error)".contains(text) && "\(error)".contains("TIFF"), "\(error)")
        }
    }

    func testVTKInASCIIAndBINARY() throws {
        let expected = Self.labels(largest: 300)
        for type in ["unsigned_short", "unsigned_int", "short", "int"] {
            for binary in [false, true] {
                let file = path("labels-\(type)-\(binary).vtk")
                try VTKText.file(expected, type: type, binary: binary).write(to: URL(fileURLWithPath: file))
                XCTAssertEqual(try LabelImage.read(path: file), expected, "\(type) \(binary ? "BINARY" : "ASCII")")
            }
        }
        let small = Self.labels()
        for binary in [false, true] {
            let data = VTKText.file(small, type: "unsigned_char", binary: binary)
            XCTAssertEqual(try VTKLabelImage.parse(data, name: "t.vtk"), small)
        }
        // Windows line ends, a lower-case keyword, no LOOKUP_TABLE, values spread over lines:
        // what hand-edited or other writers' files look like.
        let ascii = "# vtk DataFile Version 2.0\r\nlabels\r\nASCII\r\nDATASET STRUCTURED_POINTS\r\ndimensions 3 2 1\r\n"
            + "ORIGIN 0 0 0\r\nSPACING 1 1 1\r\nPOINT_DATA 6\r\nSCALARS labels unsigned_short\r\n0 1 1\r\n2\r\n  0 2\r\n"
        XCTAssertEqual(try VTKLabelImage.parse(Data(ascii.utf8), name: "hand.vtk"),
                       LabelImage(width: 3, height: 2, labels: [0, 1, 1, 2, 0, 2]))
        // Any file name: the content decides.
        let renamed = path("mask.dat")
        try VTKText.file(small, type: "unsigned_short", binary: true).write(to: URL(fileURLWithPath: renamed))
        XCTAssertEqual(try LabelImage.read(path: renamed), small)
    }

    func testVTKThatIsNotALabelImage() throws {
        let labels = Self.labels()
        func header(_ type: String = "unsigned_short", dimensions: String = "40 24 1", points: Int = 960,
                    dataset: String = "STRUCTURED_POINTS", encoding: String = "BINARY") -> String {
            "# vtk DataFile Version 3.0\nx\n\(encoding)\nDATASET \(dataset)\nDIMENSIONS \(dimensions)\nSPACING 1 1 1\nORIGIN 0 0 0\nPOINT_DATA \(points)\nSCALARS scalars \(type) 1\nLOOKUP_TABLE default\n"
        }
        let valid = VTKText.file(labels, type: "unsigned_short", binary: true)
        let payload = valid.suffix(960 * 2)
        let cases: [(String, Data, [String])] = [
            ("float", Data(header("float").utf8) + Data(count: 960 * 4), ["float", "not supported"]),
            ("double", Data(header("double").utf8) + Data(count: 960 * 8), ["double"]),
            ("3-D", Data(header(dimensions: "40 12 2").utf8) + payload, ["DIMENSIONS 40 12 2", "2-D"]),
            ("points", Data(header(points: 900).utf8) + payload, ["POINT_DATA 900", "DIMENSIONS 40 24 1"]),
            ("dataset", Data(header(dataset: "STRUCTURED_GRID").utf8) + payload, ["STRUCTURED_GRID"]),
            ("truncated", Data(header().utf8) + payload.prefix(1000), ["truncated", "1000 bytes", "1920"]),
            ("ascii short", Data((header(encoding: "ASCII") + "1 2 3\n").utf8), ["3 values", "960"]),
            ("ascii text", Data((header(encoding: "ASCII") + "1 2 x\n").utf8), ["'x'"]),
            ("negative", Data(header("short").utf8) + Data([0xFF, 0xFF]) + payload.dropFirst(2), ["negative"]),
            ("components", Data(header("unsigned_short 3").utf8) + payload, ["3 components"]),
            ("not vtk", Data("# vtk is what this is not\n".utf8), ["not a legacy VTK file"]),
        ]
        for (name, data, mentions) in cases {
            let error = assertThrows(LabelImageError.self) { _ = try VTKLabelImage.parse(data, name: "bad.vtk") }
            for mention in mentions + ["bad.vtk"] {
                XCTAssertTrue(error?.description.contains(mention) ?? false, "\(name): '\(mention)' not in \(error?.description ?? "nothing thrown")")
            }
        }
    }

    /// The real 3-cell mask, saved by ITK-SNAP as VTK and converted to TIFF:
    /// both must give the same labels. Skipped when ../shared is not beside the repository.
    func testRealMaskAsTIFFAndVTKAgree() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/real")
        let tiff = folder.appendingPathComponent("hela-llo-3cells-mask-t0.tif").path
        let vtk = folder.appendingPathComponent("hela-llo-3cells-mask-t0.vtk").path
        guard FileManager.default.fileExists(atPath: tiff), FileManager.default.fileExists(atPath: vtk) else {
            throw XCTSkip("the real data (\(folder.path)) are not here")
        }
        let fromTIFF = try LabelImage.read(path: tiff)
        let fromVTK = try LabelImage.read(path: vtk)
        XCTAssertEqual([fromTIFF.width, fromTIFF.height], [512, 512])
        XCTAssertEqual(fromTIFF.cellLabels, [1, 2, 3])
        XCTAssertTrue(fromTIFF == fromVTK, "the TIFF and VTK masks differ")
        for label in fromTIFF.cellLabels { XCTAssertGreaterThan(fromTIFF.mask(of: label).area, 1000) }
    }

    func testRunLengthRoundTrip() throws {
        var generator = SeededRandom(seed: 5)
        var masks = [BinaryImage(width: 7, height: 3), BinaryImage(width: 7, height: 3, filled: true),
                     BinaryImage(width: 1, height: 1, filled: true), Self.labels().mask(of: 1)]
        // Runs longer than 127 need multi-byte varints.
        masks.append(LabelImage(width: 300, height: 200, labels: (0..<60_000).map { $0 >= 20_000 && $0 < 50_000 ? 1 : 0 }).mask(of: 1))
        masks.append(BinaryImage(width: 33, height: 17, pixels: (0..<(33 * 17)).map { _ in Bool.random(using: &generator) }))
        for mask in masks {
            let encoded = mask.runLengthEncoded()
            XCTAssertEqual(try BinaryImage(runLength: encoded, width: mask.width, height: mask.height), mask)
        }
        XCTAssertEqual(BinaryImage(width: 4, height: 1, pixels: [true, true, false, true]).runLengthEncoded(), [0, 2, 1, 1])
        XCTAssertEqual(BinaryImage(width: 200, height: 1).runLengthEncoded(), [0xC8, 0x01])
        XCTAssertThrowsError(try BinaryImage(runLength: [0, 2, 1], width: 4, height: 1))
        XCTAssertThrowsError(try BinaryImage(runLength: [0, 5], width: 4, height: 1))
        XCTAssertThrowsError(try BinaryImage(runLength: [0x80], width: 4, height: 1))
    }
}

/// A little-endian, single-strip, uncompressed, single-page TIFF made byte by
/// byte, for sample formats TIFFWriter does not write (32-bit, signed, float).
struct LabelTIFF {
    let width: Int, height: Int, bitsPerSample: Int, sampleFormat: Int
    let values: [Int64]

    /// The values packed little-endian at the bit depth, in `MinimalTIFF`'s layout.
    var bytes: Data {
        var payload: [UInt8] = []
        for value in values {
            switch bitsPerSample {
            case 8: payload.append(UInt8(truncatingIfNeeded: value))
            case 16: withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { payload.append(contentsOf: $0) }
            default: withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { payload.append(contentsOf: $0) }
            }
        }
        return MinimalTIFF(width: width, height: height, bitsPerSample: bitsPerSample, sampleFormat: sampleFormat,
                           data: payload).bytes
    }
}

/// Legacy VTK label files as ITK-SNAP writes them (big-endian BINARY), or in ASCII.
enum VTKText {
    static func file(_ image: LabelImage, type: String, binary: Bool) -> Data {
        var data = Data("""
            # vtk DataFile Version 3.0
            VTK File Generated by Insight Segmentation and Registration Toolkit (ITK)
            \(binary ? "BINARY" : "ASCII")
            DATASET STRUCTURED_POINTS
            DIMENSIONS \(image.width) \(image.height) 1 
            SPACING 1.0000000000000000e+000 1.0000000000000000e+000 1.0000000000000000e+000 
            ORIGIN 0.0000000000000000e+000 0.0000000000000000e+000 0.0000000000000000e+000 
            POINT_DATA \(image.labels.count)
            SCALARS scalars \(type) 1
            LOOKUP_TABLE default

            """.utf8)
        let bytes = ["unsigned_char": 1, "char": 1, "unsigned_short": 2, "short": 2, "unsigned_int": 4, "int": 4][type]!
        if binary {
            for label in image.labels {
                for b in stride(from: bytes - 1, through: 0, by: -1) { data.append(UInt8(truncatingIfNeeded: label >> (8 * UInt32(b)))) }
            }
        } else {
            // ITK writes one row of points per line.
            for row in 0..<image.height {
                let line = image.labels[(row * image.width)..<((row + 1) * image.width)].map(String.init).joined(separator: " ")
                data.append(Data((line + "\n").utf8))
            }
        }
        return data
    }
}
