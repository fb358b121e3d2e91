import Foundation
import PlexusNumerics
import PlexusTestSupport
import XCTest
@testable import PlexusImaging

/// Bad input becomes a `TIFFError` naming the file (and the page where there is
/// one), never a crash and never text printed by libtiff.
final class TIFFErrorTests: TemporaryDirectoryTestCase {
    func testMissingFile() {
        let missing = path("no-such-video.tif")
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: missing) }
        XCTAssertEqual(error?.path, missing)
        XCTAssertNil(error?.page)
        XCTAssertTrue(error?.description.contains(missing) ?? false)
        XCTAssertTrue(error?.message.contains("not found") ?? false, error?.description ?? "")
    }

    func testTextFileIsNotATIFF() throws {
        let text = path("notes.tif")
        try "condition,video\ncontrol,a.tif\n".write(toFile: text, atomically: true, encoding: .utf8)
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: text) }
        XCTAssertEqual(error?.path, text)
        XCTAssertTrue(error?.description.hasPrefix(text) ?? false, error?.description ?? "")
        XCTAssertTrue(error?.message.contains("TIFF") ?? false, error?.description ?? "")
    }

    func testEmptyFile() throws {
        let empty = path("empty.tif")
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: empty) }
        XCTAssertEqual(error?.path, empty)
    }

    /// A valid LZW-compressed 5-page file.
    private func writeCompressedVideo(_ name: String) throws -> (String, [RawFrame]) {
        let file = path(name)
        let writer = try TIFFWriter(path: file)
        let frames = (0..<5).map { page in
            RawFrame(width: 64, height: 48, bitDepth: 16,
                     samples: randomSamples(count: 64 * 48, maximum: 65535, seed: UInt64(page)))
        }
        for frame in frames { try writer.writePage(frame, compression: .lzw) }
        writer.close()
        return (file, frames)
    }

    /// Opens the file and reads every page the intact file had; returns the
    /// first error thrown, or nil when everything read.
    private func readAll(_ file: String, pages: Int) -> Error? {
        do {
            let video = try TIFFVideo(path: file)
            for i in 0..<pages { _ = try video.readPage(i) }
            return nil
        } catch {
            return error
        }
    }

    func testTruncatedFile() throws {
        let (file, frames) = try writeCompressedVideo("intact.tif")
        XCTAssertNil(readAll(file, pages: frames.count), "the intact file reads")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        for fraction in [0.5, 0.1, 0.3, 0.7, 0.9, 0.99] {
            let cut = path("truncated-\(fraction).tif")
            try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: cut))
            guard let error = readAll(cut, pages: frames.count) else {
                XCTFail("reading all pages of a file cut at \(fraction) succeeded")
                continue
            }
            guard let tiffError = error as? TIFFError else {
                XCTFail("cut at \(fraction): expected TIFFError, got \(type(of: error)): \(error)")
                continue
            }
            XCTAssertEqual(tiffError.path, cut)
            XCTAssertTrue(tiffError.description.contains(cut))
            // The truncation itself is reported: not a shorter, apparently valid video
            // whose missing pages are "no such page".
            XCTAssertFalse(tiffError.message.contains("no such page"), "cut at \(fraction): \(tiffError)")
            if fraction >= 0.3 {
                // Page 0 survives; the first page whose directory is lost is named.
                XCTAssertNotNil(tiffError.page, "cut at \(fraction): \(tiffError)")
                XCTAssertTrue(tiffError.message.contains("truncated"), "cut at \(fraction): \(tiffError)")
            }
        }
    }

    /// libtiff's routine names and jargon do not reach the user: a cut file,
    /// a looping directory chain and a file that is no TIFF are said in words,
    /// with the byte offsets and sizes that show it.
    func testBrokenDirectoryChainsAreSaidInPlainWords() throws {
        let (file, frames) = try writeCompressedVideo("plain.tif")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let cut = path("plain-cut.tif")
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: cut))
        let error = try XCTUnwrap(readAll(cut, pages: frames.count) as? TIFFError)
        XCTAssertTrue(error.message.contains("past the end of the file (\(bytes.count * 6 / 10) bytes): the file is truncated after page"), "\(error)")
        XCTAssertEqual(error.message.components(separatedBy: "page ").count, 3, "one page named in the explanation: \(error)")
        for jargon in ["TIFFAdvanceDirectory", "TIFFReadDirectory", "TIFFFetch", "Error fetching", cut + ":"] {
            XCTAssertFalse(error.message.contains(jargon), "\(jargon) in: \(error)")
        }
        // A chain that loops: page 1's next-directory offset points back to page 0's directory.
        var looped = bytes
        let little = bytes[0] == 0x49
        func read32(_ at: Int) -> Int {
            let b = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]].map(Int.init)
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
        }
        func read16(_ at: Int) -> Int { little ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        let first = read32(4)
        let second = read32(first + 2 + 12 * read16(first))
        let nextOfSecond = second + 2 + 12 * read16(second)
        for k in 0..<4 { looped[nextOfSecond + k] = UInt8(truncatingIfNeeded: little ? first >> (8 * k) : first >> (8 * (3 - k))) }
        let loop = path("plain-loop.tif")
        try looped.write(to: URL(fileURLWithPath: loop))
        XCTAssertEqual(TIFFChain.problem(path: loop), "page 2's directory is page 0's again (byte \(first)): the chain of pages loops")
        // Not a TIFF at all.
        let text = path("plain-text.tif")
        try Data("video,condition\n".utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try TIFFVideo(path: text)) { error in
            XCTAssertEqual((error as? TIFFError)?.message, "not a readable TIFF (the file does not start as a TIFF does (bytes 0x76 0x69, not \"II\" or \"MM\"))")
        }
        XCTAssertNil(TIFFChain.problem(path: file), "the intact file's chain reads to its end")
        // Field faults by tag name; routine names dropped; repeated messages once.
        XCTAssertEqual(TIFFDiagnostics.describe(["TIFFFetchNormalTag: Incorrect count for \"ImageWidth\"; tag trashed",
                                                 "TIFFReadDirectory: Incompatible type for \"StripOffsets\"; tag ignored",
                                                 "TIFFReadDirectory: Incompatible type for \"StripOffsets\"; tag ignored"], path: file),
                       "its ImageWidth field has the wrong number of values (the directory is corrupt); its StripOffsets field has the wrong data type (the directory is corrupt)")
        XCTAssertEqual(TIFFDiagnostics.describe(["TIFFReadEncodedStrip: \(file): Read error at scanline 4294967295; got 10 bytes, expected 3072"], path: file),
                       "the page's image data could not be read in full; got 10 bytes, expected 3072")
    }

    func testCorruptStripDataNamesThePage() throws {
        // Overwrite the compressed data of the last pages with garbage while keeping
        // every directory intact: reading must fail on a named page.
        let (file, frames) = try writeCompressedVideo("corrupt.tif")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let video = try TIFFVideo(path: file)
        XCTAssertEqual(try video.readPage(0), frames[0])
        // The first half of the file holds pages 0–2; garble a stretch of page data
        // in the middle (directories are short and sit right after each page's data).
        var generator = SeededRandom(seed: 42)
        let start = bytes.count / 2, length = 64 * 48
        for i in start..<(start + length) { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        let corrupt = path("corrupt-garbled.tif")
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        var failures: [TIFFError] = []
        var mismatches = 0
        do {
            let garbled = try TIFFVideo(path: corrupt)
            for i in 0..<garbled.pageCount {
                do {
                    if try garbled.readPage(i) != frames[i] { mismatches += 1 }
                } catch let error as TIFFError {
                    failures.append(error)
                }
            }
        } catch let error as TIFFError {
            failures.append(error)
        }
        // LZW has no checksum: garbage may decode to wrong samples rather than fail,
        // but it must not crash, and any failure names the file and the page.
        XCTAssertGreaterThan(failures.count + mismatches, 0)
        for failure in failures {
            XCTAssertEqual(failure.path, corrupt)
            XCTAssertNotNil(failure.page, failure.description)
        }
    }

    func testPageOutOfRange() throws {
        let (file, _) = try writeCompressedVideo("five.tif")
        let video = try TIFFVideo(path: file)
        for page in [5, 17, -1] {
            let error = assertThrows(TIFFError.self) { _ = try video.readPage(page) }
            XCTAssertEqual(error?.path, file)
            XCTAssertEqual(error?.page, page)
        }
    }

    func testPagesOfDifferentSizes() throws {
        let file = path("mixed-sizes.tif")
        let writer = try TIFFWriter(path: file)
        try writer.writePage(RawFrame(width: 8, height: 8, bitDepth: 8, samples: [UInt16](repeating: 1, count: 64)))
        try writer.writePage(RawFrame(width: 9, height: 8, bitDepth: 8, samples: [UInt16](repeating: 1, count: 72)))
        try writer.writePage(RawFrame(width: 8, height: 8, bitDepth: 16, samples: [UInt16](repeating: 1, count: 64)))
        writer.close()
        let video = try TIFFVideo(path: file)
        XCTAssertNoThrow(try video.readPage(0))
        let size = assertThrows(TIFFError.self) { _ = try video.readPage(1) }
        XCTAssertEqual(size?.page, 1)
        XCTAssertEqual(size?.path, file)
        let depth = assertThrows(TIFFError.self) { _ = try video.readPage(2) }
        XCTAssertEqual(depth?.page, 2)
    }

    func testChannelOutOfRange() throws {
        let rgb = path("rgb.tif")
        let writer = try TIFFWriter(path: rgb)
        try writer.writePage(width: 4, height: 4, bitDepth: 8, samples: [UInt16](repeating: 9, count: 48),
                             samplesPerPixel: 3)
        writer.close()
        for channel in [3, 7, -1] {
            let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: rgb, channel: channel) }
            XCTAssertEqual(error?.path, rgb)
            XCTAssertTrue(error?.message.contains("--channel \(channel)") ?? false, error?.description ?? "")
            XCTAssertTrue(error?.message.contains("3 channel") ?? false, error?.description ?? "")
        }
        let grey = path("grey.tif")
        let greyWriter = try TIFFWriter(path: grey)
        try greyWriter.writePage(RawFrame(width: 4, height: 4, bitDepth: 8, samples: [UInt16](repeating: 9, count: 16)))
        greyWriter.close()
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: grey, channel: 1) }
        XCTAssertEqual(error?.path, grey)
        XCTAssertTrue(error?.message.contains("--channel 1") ?? false, error?.description ?? "")
    }

    // MARK: - Sample formats Plexus refuses, in hand-made files

    func testFloatSamples() throws {
        let floats: [Float] = [0, 1.5, 2, 3, 4, 5, 6, 7.25]
        let data = floats.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        let file = path("float32.tif")
        try MinimalTIFF(width: 4, height: 2, bitsPerSample: 32, sampleFormat: 3, data: data)
            .bytes.write(to: URL(fileURLWithPath: file))
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: file) }
        XCTAssertEqual(error?.path, file)
        XCTAssertEqual(error?.page, 0)
        XCTAssertTrue(error?.message.contains("floating-point") ?? false, error?.description ?? "")
    }

    func testSignedSamples() throws {
        let file = path("int16.tif")
        try MinimalTIFF(width: 4, height: 2, bitsPerSample: 16, sampleFormat: 2, data: [UInt8](repeating: 1, count: 16))
            .bytes.write(to: URL(fileURLWithPath: file))
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: file) }
        XCTAssertEqual(error?.path, file)
        XCTAssertTrue(error?.message.contains("signed") ?? false, error?.description ?? "")
    }

    func testThirtyTwoBitUnsignedSamples() throws {
        let file = path("uint32.tif")
        try MinimalTIFF(width: 4, height: 2, bitsPerSample: 32, sampleFormat: 1, data: [UInt8](repeating: 1, count: 32))
            .bytes.write(to: URL(fileURLWithPath: file))
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: file) }
        XCTAssertEqual(error?.path, file)
        XCTAssertTrue(error?.message.contains("32-bit") ?? false, error?.description ?? "")
    }

    /// Header sizes are checked before anything is allocated: a few bytes declaring a
    /// huge page get an error naming the field, not a crash or gigabytes of memory.
    func testDeclaredSizesAreCheckedBeforeAllocating() throws {
        let cases: [(MinimalTIFF, String)] = [
            (MinimalTIFF(width: 1_000_000, height: 1_000_000, bitsPerSample: 8, sampleFormat: 1, data: [0, 0, 0, 0]),
             "declares 1000000 × 1000000 px (ImageWidth × ImageLength), more than the 268435456 px"),
            (MinimalTIFF(width: 16_000, height: 16_000, bitsPerSample: 16, sampleFormat: 1, data: Array(repeating: 0, count: 600),
                         compression: 8),
             "(512000000 bytes decoded) but the file has 734 bytes, more than 4096 times less"),
            (MinimalTIFF(width: 4000, height: 4000, bitsPerSample: 8, sampleFormat: 1, data: Array(repeating: 7, count: 8)),
             "(16000000 bytes uncompressed) but the file has 142 bytes"),
        ]
        for (i, (tiff, message)) in cases.enumerated() {
            let file = path("huge-\(i).tif")
            try tiff.bytes.write(to: URL(fileURLWithPath: file))
            XCTAssertLessThan(try Data(contentsOf: URL(fileURLWithPath: file)).count, 1000)
            let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: file) }
            XCTAssertTrue(error?.description.contains(message) == true, "\(i): \(error?.description ?? "")")
            XCTAssertTrue(error?.description.contains("page 0") == true, "\(i): \(error?.description ?? "")")
        }
        // The label-image reader keeps the same limits: a mask declaring 2³¹ columns.
        let mask = path("huge-mask.tif")
        try MinimalTIFF(width: 1 << 31, height: 1, bitsPerSample: 16, sampleFormat: 1, data: [0, 0]).bytes
            .write(to: URL(fileURLWithPath: mask))
        let maskError = assertThrows(TIFFError.self) { _ = try LabelImage.read(path: mask) }
        XCTAssertTrue(maskError?.description.contains("2147483648 × 1 px (ImageWidth × ImageLength)") == true, maskError?.description ?? "")
        // So does the VTK reader.
        let vtk = "# vtk DataFile Version 3.0\nmask\nASCII\nDATASET STRUCTURED_POINTS\nDIMENSIONS 3037000500 3037000500 1\nSPACING 1 1 1\nORIGIN 0 0 0\nPOINT_DATA 1\nSCALARS labels unsigned_short 1\nLOOKUP_TABLE default\n0\n"
        XCTAssertThrowsError(try VTKLabelImage.parse(Data(vtk.utf8), name: "huge.vtk")) { error in
            XCTAssertTrue("\(error)".contains("more than the 268435456 px"), "\(error)")
        }
        let truncated = "# vtk DataFile Version 3.0\nmask\nBINARY\nDATASET STRUCTURED_POINTS\nDIMENSIONS 10000 10000 1\nPOINT_DATA 100000000\nSCALARS labels unsigned_short 1\nLOOKUP_TABLE default\n\u{0}\u{1}"
        XCTAssertThrowsError(try VTKLabelImage.parse(Data(truncated.utf8), name: "short.vtk")) { error in
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
    }

    /// A tiled page whose tile sizes were corrupted to 65,520² px is refused before its tile buffer is allocated.
    func testCorruptTileSizeIsRefused() throws {
        let file = path("tiled.tif")
        let writer = try TIFFWriter(path: file)
        try writer.writePage(width: 64, height: 64, bitDepth: 8, samples: Array(repeating: 9, count: 64 * 64),
                             layout: .tiles(width: 32, height: 32))
        writer.close()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        // Little-endian IFD: make TileWidth and TileLength (tags 322, 323, SHORT) 65,520 each.
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        let ifd = u32(4), count = Int(bytes[ifd]) | Int(bytes[ifd + 1]) << 8
        var patched = false
        for entry in 0..<count {
            let at = ifd + 2 + 12 * entry
            guard [322, 323].contains(Int(bytes[at]) | Int(bytes[at + 1]) << 8) else { continue }
            let type = Int(bytes[at + 2]) | Int(bytes[at + 3]) << 8
            XCTAssertEqual(type, 3, "tile sizes stored as SHORT")
            bytes.replaceSubrange((at + 8)..<(at + 10), with: [0xF0, 0xFF])
            patched = true
        }
        XCTAssertTrue(patched)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: file) }
        XCTAssertTrue(error?.description.contains("TileWidth × TileLength") == true, error?.description ?? "")
    }

    /// Found while writing the fuzzing seeds: a tiled JPEG page in YCbCr with subsampled
    /// chroma decodes to fewer bytes than its tiles' pixels, and the tiles were copied as if
    /// whole (a trap in debug builds, reads past the buffer in release). JPEG YCbCr now
    /// reads as RGB (libtiff converts it); other subsampled YCbCr is refused naming the tag.
    func testSubsampledYCbCrIsReadAsRGBOrRefused() throws {
        let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("fuzz")
        // 32 × 16 px, tiles of 16 × 16, written from RGB samples v, v / 2, v / 3.
        let jpeg = fixtures.appendingPathComponent("jpeg-ycbcr-tiled.tif").path
        let all = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: jpeg) }
        XCTAssertTrue(all?.description.contains("channels 0, 1, 2 all carry signal") == true, all?.description ?? "")
        var means: [Double] = []
        for channel in 0..<3 {
            let video = try TIFFVideo(path: jpeg, channel: channel)
            XCTAssertEqual([video.width, video.height, video.samplesPerPixel, video.bitDepth], [32, 16, 3, 8])
            let samples = try video.readPage(0).samples
            XCTAssertEqual(samples.count, 32 * 16)
            means.append(Double(samples.reduce(0) { $0 + Int($1) }) / Double(samples.count))
        }
        XCTAssertGreaterThan(means[0], means[1] * 1.5, "\(means)")
        XCTAssertGreaterThan(means[1], means[2] * 1.2, "\(means)")
        let frame = try MicroscopyVideo(path: jpeg, options: .init(channel: .index(0))).readFrame(0)
        XCTAssertEqual(frame.pixels.count, 32 * 16)

        let raw = fixtures.appendingPathComponent("ycbcr-subsampled-tiled.tif").path
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: raw, channel: 0) }
        XCTAssertEqual(error?.page, 0)
        XCTAssertTrue(error?.description.contains("chroma subsampled 2 × 2 (YCbCrSubsampling) are not supported") == true,
                      error?.description ?? "")
    }

    func testHandMadeEightBitFileReads() throws {
        // The builder itself is right: the same layout with 8-bit unsigned samples reads back.
        let file = path("uint8.tif")
        let data: [UInt8] = [0, 1, 2, 3, 250, 251, 252, 255]
        try MinimalTIFF(width: 4, height: 2, bitsPerSample: 8, sampleFormat: 1, data: data)
            .bytes.write(to: URL(fileURLWithPath: file))
        let video = try TIFFVideo(path: file)
        XCTAssertEqual(try video.readPage(0).samples, data.map(UInt16.init))
    }
}
