import Foundation
import PlexusTestSupport
import XCTest
@testable import PlexusImaging

/// Files written by TIFFWriter in every layout the reader must accept, read back
/// by TIFFVideo and compared sample for sample.
final class TIFFRoundTripTests: TemporaryDirectoryTestCase {
    /// Writes `pages` (single-channel) and returns the path.
    private func write(_ name: String, pages: [RawFrame], compression: TIFFWriter.Compression = .none,
                       layout: TIFFWriter.Layout = .strips(rowsPerStrip: 16)) throws -> String {
        let file = path(name)
        let writer = try TIFFWriter(path: file)
        for page in pages { try writer.writePage(page, compression: compression, layout: layout) }
        writer.close()
        return file
    }

    private func randomFrame(width: Int, height: Int, bitDepth: Int, seed: UInt64) -> RawFrame {
        let maximum: UInt16 = bitDepth == 8 ? 255 : 65535
        var samples = randomSamples(count: width * height, maximum: maximum, seed: seed)
        // Make sure both extremes occur.
        samples[0] = 0
        samples[samples.count - 1] = maximum
        return RawFrame(width: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    private func assertRoundTrip(bitDepth: Int, width: Int, height: Int, pageCount: Int,
                                 compression: TIFFWriter.Compression, layout: TIFFWriter.Layout,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let frames = (0..<pageCount).map {
            randomFrame(width: width, height: height, bitDepth: bitDepth, seed: UInt64(1000 * bitDepth + $0))
        }
        let name = "roundtrip-\(bitDepth)-\(width)x\(height)-\(pageCount)-\(compression)-\(layout).tif"
        let tiff = try write(name, pages: frames, compression: compression, layout: layout)
        let video = try TIFFVideo(path: tiff)
        XCTAssertEqual(video.pageCount, pageCount, file: file, line: line)
        XCTAssertEqual(video.width, width, file: file, line: line)
        XCTAssertEqual(video.height, height, file: file, line: line)
        XCTAssertEqual(video.bitDepth, bitDepth, file: file, line: line)
        XCTAssertEqual(video.samplesPerPixel, 1, file: file, line: line)
        XCTAssertEqual(video.channel, 0, file: file, line: line)
        for i in 0..<pageCount {
            XCTAssertEqual(try video.readPage(i), frames[i], "page \(i) of \(name)", file: file, line: line)
        }
    }

    func testEightBitSinglePage() throws {
        try assertRoundTrip(bitDepth: 8, width: 23, height: 17, pageCount: 1, compression: .none,
                            layout: .strips(rowsPerStrip: 16))
    }

    func testSixteenBitSinglePage() throws {
        try assertRoundTrip(bitDepth: 16, width: 23, height: 17, pageCount: 1, compression: .none,
                            layout: .strips(rowsPerStrip: 16))
    }

    func testStripSizes() throws {
        // One row per strip, a strip taller than the image, and a partial last strip.
        for rows in [1, 5, 64] {
            try assertRoundTrip(bitDepth: 8, width: 19, height: 13, pageCount: 2, compression: .none,
                                layout: .strips(rowsPerStrip: rows))
            try assertRoundTrip(bitDepth: 16, width: 19, height: 13, pageCount: 2, compression: .lzw,
                                layout: .strips(rowsPerStrip: rows))
        }
    }

    func testMultiPageInOrderAndOutOfOrder() throws {
        for bitDepth in [8, 16] {
            let frames = (0..<5).map {
                randomFrame(width: 31, height: 22, bitDepth: bitDepth, seed: UInt64(77 + $0))
            }
            // Different content on every page, or the order would not be tested.
            XCTAssertEqual(Set(frames.map(\.samples)).count, 5)
            let tiff = try write("multi-\(bitDepth).tif", pages: frames, compression: .deflate)
            let video = try TIFFVideo(path: tiff)
            XCTAssertEqual(video.pageCount, 5)
            for i in 0..<5 { XCTAssertEqual(try video.readPage(i), frames[i], "page \(i) in order") }
            for i in [3, 1, 4, 0, 2, 2, 4, 3] {
                XCTAssertEqual(try video.readPage(i), frames[i], "page \(i) out of order")
            }
        }
    }

    func testTiledOnSizeThatIsNoMultipleOfTheTile() throws {
        for bitDepth in [8, 16] {
            for compression: TIFFWriter.Compression in [.none, .lzw, .deflate, .packBits] {
                try assertRoundTrip(bitDepth: bitDepth, width: 37, height: 29, pageCount: 3,
                                    compression: compression, layout: .tiles(width: 16, height: 16))
            }
        }
        // Non-square tiles.
        try assertRoundTrip(bitDepth: 8, width: 37, height: 29, pageCount: 2, compression: .none,
                            layout: .tiles(width: 32, height: 16))
    }

    func testCompressedStrips() throws {
        for bitDepth in [8, 16] {
            for compression: TIFFWriter.Compression in [.lzw, .deflate, .packBits] {
                try assertRoundTrip(bitDepth: bitDepth, width: 40, height: 33, pageCount: 3,
                                    compression: compression, layout: .strips(rowsPerStrip: 8))
            }
        }
    }

    func testCompressionIsReallyApplied() throws {
        // A constant page compresses to a small fraction under every scheme; if the
        // writer ignored the setting, the "compressed" files would not be read
        // through the decoders at all.
        // 0x0505: both bytes equal, so PackBits (runs of equal bytes) compresses it too.
        let frame = RawFrame(width: 64, height: 64, bitDepth: 16,
                             samples: [UInt16](repeating: 0x0505, count: 64 * 64))
        let plain = try write("plain.tif", pages: [frame], compression: .none)
        let plainSize = try fileSize(plain)
        XCTAssertGreaterThan(plainSize, 64 * 64 * 2)
        for compression: TIFFWriter.Compression in [.lzw, .deflate, .packBits] {
            let tiff = try write("constant-\(compression).tif", pages: [frame], compression: compression)
            XCTAssertLessThan(try fileSize(tiff), plainSize / 4, "\(compression)")
            XCTAssertEqual(try TIFFVideo(path: tiff).readPage(0), frame, "\(compression)")
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
    }

    // MARK: - Several samples per pixel

    /// Interleaves three channels into RGB samples.
    private func interleave(_ channels: [[UInt16]]) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(channels[0].count * channels.count)
        for i in channels[0].indices { for channel in channels { out.append(channel[i]) } }
        return out
    }

    private func writeRGB(_ name: String, width: Int, height: Int, bitDepth: Int,
                          pages: [[[UInt16]]], layout: TIFFWriter.Layout = .strips(rowsPerStrip: 16))
        throws -> String {
        let file = path(name)
        let writer = try TIFFWriter(path: file)
        for channels in pages {
            try writer.writePage(width: width, height: height, bitDepth: bitDepth,
                                 samples: interleave(channels), samplesPerPixel: 3,
                                 compression: .lzw, layout: layout)
        }
        writer.close()
        return file
    }

    func testRGBWithExplicitChannel() throws {
        let width = 21, height = 18
        for bitDepth in [8, 16] {
            let maximum: UInt16 = bitDepth == 8 ? 255 : 65535
            let pages = (0..<2).map { page in
                (0..<3).map { c in
                    randomSamples(count: width * height, maximum: maximum, seed: UInt64(10 * page + c + bitDepth))
                }
            }
            for layout: TIFFWriter.Layout in [.strips(rowsPerStrip: 7), .tiles(width: 16, height: 16)] {
                let tiff = try writeRGB("rgb-\(bitDepth)-\(layout).tif", width: width, height: height,
                                        bitDepth: bitDepth, pages: pages, layout: layout)
                for channel in 0..<3 {
                    let video = try TIFFVideo(path: tiff, channel: channel)
                    XCTAssertEqual(video.samplesPerPixel, 3)
                    XCTAssertEqual(video.channel, channel)
                    XCTAssertEqual(video.pageCount, 2)
                    for page in [0, 1, 0] {
                        let frame = try video.readPage(page)
                        XCTAssertEqual(frame.bitDepth, bitDepth)
                        XCTAssertEqual(frame.samples, pages[page][channel],
                                       "channel \(channel), page \(page), \(layout)")
                    }
                }
            }
        }
    }

    func testRGBSelectsTheOnlyChannelWithSignal() throws {
        let width = 16, height = 12
        let zero = [UInt16](repeating: 0, count: width * height)
        for signalChannel in 0..<3 {
            var page0 = [zero, zero, zero]
            var page1 = [zero, zero, zero]
            page0[signalChannel] = randomSamples(count: width * height, maximum: 255, seed: 5)
            page1[signalChannel] = randomSamples(count: width * height, maximum: 255, seed: 6)
            let tiff = try writeRGB("rgb-one-\(signalChannel).tif", width: width, height: height,
                                    bitDepth: 8, pages: [page0, page1])
            let video = try TIFFVideo(path: tiff)
            XCTAssertEqual(video.channel, signalChannel)
            XCTAssertEqual(try video.readPage(0).samples, page0[signalChannel])
            XCTAssertEqual(try video.readPage(1).samples, page1[signalChannel])
        }
    }

    func testRGBWithSeveralChannelsCarryingSignalNeedsAChannel() throws {
        let width = 16, height = 12
        let zero = [UInt16](repeating: 0, count: width * height)
        var sparse = zero
        sparse[100] = 1 // one non-zero sample is signal
        let tiff = try writeRGB("rgb-two.tif", width: width, height: height, bitDepth: 8,
                                pages: [[randomSamples(count: width * height, maximum: 255, seed: 9), zero, sparse]])
        let error = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: tiff) }
        XCTAssertEqual(error?.path, tiff)
        XCTAssertEqual(error?.page, 0)
        XCTAssertTrue(error?.message.contains("--channel") ?? false, error?.description ?? "")
        XCTAssertTrue(error?.message.contains("0, 2") ?? false, "names the channels: \(error?.description ?? "")")
        // With a channel given, it opens.
        XCTAssertEqual(try TIFFVideo(path: tiff, channel: 2).readPage(0).samples, sparse)

        let empty = try writeRGB("rgb-empty.tif", width: width, height: height, bitDepth: 8,
                                 pages: [[zero, zero, zero]])
        let emptyError = assertThrows(TIFFError.self) { _ = try TIFFVideo(path: empty) }
        XCTAssertTrue(emptyError?.message.contains("--channel") ?? false, emptyError?.description ?? "")
    }

    func testGreyscaleFileWithChannelZero() throws {
        let frame = randomFrame(width: 9, height: 7, bitDepth: 8, seed: 3)
        let tiff = try write("grey.tif", pages: [frame])
        XCTAssertEqual(try TIFFVideo(path: tiff, channel: 0).readPage(0), frame)
    }
}
