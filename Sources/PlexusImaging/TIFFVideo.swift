import CTIFF
import Foundation

/// A multi-page greyscale TIFF read one page at a time through libtiff.
///
/// Only the current page is held in memory, so reading a 13,000-frame movie uses
/// as much memory as reading one frame. Pages are expected in order (as a video
/// is processed); asking for an earlier page re-seeks, which libtiff supports.
///
/// Accepted: 8- or 16-bit unsigned integer samples, any compression libtiff
/// decodes, strips or tiles, contiguous or separate planes. Pages with several
/// samples per pixel (RGB) give one channel: the one chosen, or the only one
/// carrying signal on page 0.
package final class TIFFVideo {
    package let path: String
    package let pageCount: Int
    package let width: Int
    package let height: Int
    package let bitDepth: Int
    package let samplesPerPixel: Int
    /// The channel (sample index) that `readPage` returns.
    package let channel: Int
    /// Page 0's ImageDescription tag (where ImageJ and OME-TIFF keep their
    /// metadata), nil when it has none.
    package let description: String?
    /// Page 0's XResolution and YResolution (pixels per resolution unit) and
    /// ResolutionUnit (1 none, 2 inch, 3 cm), nil without them.
    package let resolution: (x: Double, y: Double, unit: Int)?

    private var handle: OpaquePointer?
    private let diagnostics = TIFFDiagnostics()
    private var currentPage = 0

    /// Opens `path` and checks page 0. `channel` picks a sample of multi-sample
    /// pages; nil accepts single-channel pages, or multi-channel pages in which
    /// exactly one channel is non-zero.
    package init(path: String, channel: Int? = nil) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw TIFFError(path: path, "file not found")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TIFFError(path: path, "file is not readable (check its permissions)")
        }
        let handle = try diagnostics.open(path, as: "TIFF")
        self.handle = handle
        do {
            let layout = try PageLayout(handle: handle, path: path, page: 0)
            width = layout.width
            height = layout.height
            bitDepth = layout.bitDepth
            samplesPerPixel = layout.samplesPerPixel
            var text: UnsafeMutablePointer<CChar>?
            description = TIFFGetFieldString(handle, TIFFTAG_IMAGEDESCRIPTION, &text) == 1
                ? text.map { String(cString: $0) } : nil
            var xResolution: Float = 0, yResolution: Float = 0, unit: UInt16 = UInt16(RESUNIT_INCH)
            if TIFFGetFieldFloat(handle, TIFFTAG_XRESOLUTION, &xResolution) == 1 {
                if TIFFGetFieldFloat(handle, TIFFTAG_YRESOLUTION, &yResolution) != 1 { yResolution = xResolution }
                _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_RESOLUTIONUNIT, &unit)
                resolution = (Double(xResolution), Double(yResolution), Int(unit))
            } else {
                resolution = nil
            }
            _ = diagnostics.takeErrors()
            pageCount = Int(TIFFNumberOfDirectories(handle))
            // A broken directory chain (a truncated file) ends the count early with
            // an error; ignoring it would make a truncated video look shorter.
            let countErrors = diagnostics.takeErrors()
            guard countErrors.isEmpty else {
                throw TIFFError(path: path, page: pageCount,
                                "cannot read the page's directory: \(TIFFDiagnostics.describe(countErrors, path: path))")
            }
            guard TIFFSetDirectory(handle, 0) == 1 else {
                throw TIFFError(path: path, page: 0, "cannot return to the first page")
            }
            if let channel {
                guard channel >= 0 && channel < layout.samplesPerPixel else {
                    throw TIFFError(path: path, page: 0,
                                    "--channel \(channel) is out of range: pages have \(layout.samplesPerPixel) channel(s), numbered from 0")
                }
                self.channel = channel
            } else if layout.samplesPerPixel == 1 {
                self.channel = 0
            } else {
                let all = try Self.decode(handle: handle, layout: layout, path: path, page: 0,
                                          diagnostics: diagnostics, channel: nil)
                let nonEmpty = (0..<layout.samplesPerPixel).filter { c in
                    stride(from: c, to: all.count, by: layout.samplesPerPixel).contains { all[$0] != 0 }
                }
                guard nonEmpty.count == 1 else {
                    let which = nonEmpty.isEmpty ? "none of its channels has signal"
                        : "channels \(nonEmpty.map(String.init).joined(separator: ", ")) all carry signal"
                    throw TIFFError(path: path, page: 0,
                                    "page has \(layout.samplesPerPixel) samples per pixel and \(which); choose one with --channel")
                }
                self.channel = nonEmpty[0]
            }
        } catch {
            TIFFClose(handle)
            self.handle = nil
            throw error
        }
    }

    deinit {
        if let handle { TIFFClose(handle) }
    }

    /// Reads page `index` (0-based) as raw samples of the selected channel.
    package func readPage(_ index: Int) throws -> RawFrame {
        guard let handle else { throw TIFFError(path: path, page: index, "file is closed") }
        guard index >= 0 && index < pageCount else {
            throw TIFFError(path: path, page: index, "no such page (the file has \(pageCount))")
        }
        try seek(to: index, handle: handle)
        let layout = try PageLayout(handle: handle, path: path, page: index)
        guard layout.width == width, layout.height == height else {
            throw TIFFError(path: path, page: index,
                            "page is \(layout.width)×\(layout.height) but page 0 is \(width)×\(height)")
        }
        guard layout.bitDepth == bitDepth, layout.samplesPerPixel == samplesPerPixel else {
            throw TIFFError(path: path, page: index,
                            "page has \(layout.bitDepth)-bit samples × \(layout.samplesPerPixel) but page 0 has \(bitDepth)-bit × \(samplesPerPixel)")
        }
        let samples = try Self.decode(handle: handle, layout: layout, path: path, page: index,
                                      diagnostics: diagnostics, channel: channel)
        return RawFrame(width: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    private func seek(to index: Int, handle: OpaquePointer) throws {
        if index == currentPage { return }
        if index == currentPage + 1 {
            guard TIFFReadDirectory(handle) == 1 else {
                throw TIFFError(path: path, page: index, failure("cannot read the page directory"))
            }
        } else {
            guard TIFFSetDirectory(handle, tdir_t(index)) == 1 else {
                throw TIFFError(path: path, page: index, failure("cannot seek to the page"))
            }
        }
        currentPage = index
    }

    private func failure(_ fallback: String) -> String {
        let errors = diagnostics.takeErrors()
        return errors.isEmpty ? fallback : "\(fallback): \(TIFFDiagnostics.describe(errors, path: path))"
    }

    /// Decodes the current directory's image. With `channel` nil all samples are
    /// returned interleaved; otherwise only that channel.
    private static func decode(handle: OpaquePointer, layout: PageLayout, path: String, page: Int,
                               diagnostics: TIFFDiagnostics, channel: Int?) throws -> [UInt16] {
        // JPEG-compressed YCbCr pages (chroma subsampled) are decoded to RGB by libtiff when
        // asked, and then read as RGB pages. The setting belongs to the directory: reading
        // a directory resets it, so it is made here, just before decoding.
        if layout.jpegYCbCr {
            _ = TIFFSetFieldUInt16(handle, TIFFTAG_JPEGCOLORMODE, UInt16(JPEGCOLORMODE_RGB))
        }
        let spp = layout.samplesPerPixel
        let outChannels = channel == nil ? spp : 1
        var output = [UInt16](repeating: 0, count: layout.width * layout.height * outChannels)
        let bytesPerSample = layout.bitDepth / 8
        let separate = layout.planarConfig == UInt16(PLANARCONFIG_SEPARATE) && spp > 1
        let planes: [Int] = separate ? (channel.map { [$0] } ?? Array(0..<spp)) : [0]
        let samplesPerBlockPixel = separate ? 1 : spp

        func fail(_ what: String) -> TIFFError {
            let errors = diagnostics.takeErrors()
            let detail = errors.isEmpty ? "" : ": \(TIFFDiagnostics.describe(errors, path: path))"
            return TIFFError(path: path, page: page, "\(what)\(detail) (the file may be truncated or corrupt)")
        }

        // Copies one decoded block (strip or tile) of `blockWidth` × `rows` pixels
        // whose top-left pixel is (row0, col0) into `output`.
        func scatter(_ block: UnsafeRawBufferPointer, row0: Int, col0: Int, blockWidth: Int,
                     rows: Int, plane: Int) {
            let cols = min(blockWidth, layout.width - col0)
            if spp == 1 && (bytesPerSample == 1 || bytesPerSample == 2) {
                // One sample per pixel (most microscopy): each row of the block is
                // a run of the output, copied or widened in one loop that vectorises.
                output.withUnsafeMutableBufferPointer { output in
                    for r in 0..<rows where row0 + r < layout.height {
                        let target = output.baseAddress! + (row0 + r) * layout.width + col0
                        if bytesPerSample == 1 {
                            let source = block.baseAddress!.assumingMemoryBound(to: UInt8.self) + r * blockWidth
                            for c in 0..<cols { target[c] = UInt16(source[c]) }
                        } else {
                            memcpy(target, block.baseAddress! + r * blockWidth * 2, cols * 2)
                        }
                    }
                }
                return
            }
            for r in 0..<rows where row0 + r < layout.height {
                for c in 0..<cols {
                    let pixelIndex = (row0 + r) * layout.width + col0 + c
                    let base = (r * blockWidth + c) * samplesPerBlockPixel
                    for s in 0..<samplesPerBlockPixel {
                        let sampleChannel = separate ? plane : s
                        if let channel, sampleChannel != channel { continue }
                        let offset = (base + s) * bytesPerSample
                        let value: UInt16 = bytesPerSample == 1
                            ? UInt16(block.load(fromByteOffset: offset, as: UInt8.self))
                            : block.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
                        let target = channel == nil ? pixelIndex * spp + sampleChannel : pixelIndex
                        output[target] = value
                    }
                }
            }
        }

        if TIFFIsTiled(handle) != 0 {
            var tileWidth: UInt32 = 0, tileHeight: UInt32 = 0
            _ = withUnsafeMutablePointer(to: &tileWidth) { TIFFGetFieldUInt32(handle, TIFFTAG_TILEWIDTH, $0) }
            _ = withUnsafeMutablePointer(to: &tileHeight) { TIFFGetFieldUInt32(handle, TIFFTAG_TILELENGTH, $0) }
            let tileSize = Int(TIFFTileSize(handle))
            guard tileWidth > 0, tileHeight > 0, tileSize > 0 else { throw fail("invalid tile layout") }
            // Every tile is copied whole: it must decode to tileWidth × tileHeight pixels of
            // samplesPerBlockPixel samples (tile sizes are bounded by TIFFSizeLimits).
            let expected = Int(tileWidth) * Int(tileHeight) * samplesPerBlockPixel * bytesPerSample
            guard tileSize >= expected else {
                throw fail("tiles of \(tileWidth) × \(tileHeight) px decode to \(tileSize) bytes, expected \(expected)")
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: tileSize, alignment: 16)
            defer { buffer.deallocate() }
            for plane in planes {
                for row0 in stride(from: 0, to: layout.height, by: Int(tileHeight)) {
                    for col0 in stride(from: 0, to: layout.width, by: Int(tileWidth)) {
                        let tile = TIFFComputeTile(handle, UInt32(col0), UInt32(row0), 0, UInt16(plane))
                        let read = TIFFReadEncodedTile(handle, tile, buffer.baseAddress, tmsize_t(tileSize))
                        guard read >= expected else {
                            throw fail(read < 0 ? "cannot decode tile \(tile)"
                                                : "tile \(tile) holds \(read) bytes, expected \(expected)")
                        }
                        scatter(UnsafeRawBufferPointer(buffer), row0: row0, col0: col0,
                                blockWidth: Int(tileWidth), rows: Int(tileHeight), plane: plane)
                    }
                }
            }
        } else {
            var rowsPerStrip: UInt32 = 0
            if withUnsafeMutablePointer(to: &rowsPerStrip, { TIFFGetFieldUInt32(handle, TIFFTAG_ROWSPERSTRIP, $0) }) != 1
                || rowsPerStrip == 0 || Int(rowsPerStrip) > layout.height {
                rowsPerStrip = UInt32(layout.height)
            }
            let stripSize = Int(TIFFStripSize(handle))
            guard stripSize > 0 else { throw fail("invalid strip layout") }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: stripSize, alignment: 16)
            defer { buffer.deallocate() }
            for plane in planes {
                for row0 in stride(from: 0, to: layout.height, by: Int(rowsPerStrip)) {
                    let strip = TIFFComputeStrip(handle, UInt32(row0), UInt16(plane))
                    let rows = min(Int(rowsPerStrip), layout.height - row0)
                    let expected = rows * layout.width * samplesPerBlockPixel * bytesPerSample
                    let read = TIFFReadEncodedStrip(handle, strip, buffer.baseAddress, tmsize_t(stripSize))
                    guard read >= expected else {
                        throw fail(read < 0 ? "cannot decode strip \(strip)"
                                            : "strip \(strip) holds \(read) bytes, expected \(expected)")
                    }
                    scatter(UnsafeRawBufferPointer(buffer), row0: row0, col0: 0,
                            blockWidth: layout.width, rows: rows, plane: plane)
                }
            }
        }
        return output
    }
}

/// The tags of one page that decide how it is decoded, validated.
struct PageLayout {
    let width: Int
    let height: Int
    let bitDepth: Int
    let samplesPerPixel: Int
    let planarConfig: UInt16
    /// JPEG-compressed YCbCr: decoded with libtiff's conversion to RGB.
    let jpegYCbCr: Bool

    init(handle: OpaquePointer, path: String, page: Int) throws {
        var width: UInt32 = 0, height: UInt32 = 0
        var bits: UInt16 = 1, spp: UInt16 = 1, format: UInt16 = UInt16(SAMPLEFORMAT_UINT)
        var planar: UInt16 = UInt16(PLANARCONFIG_CONTIG)
        guard TIFFGetFieldUInt32(handle, TIFFTAG_IMAGEWIDTH, &width) == 1,
              TIFFGetFieldUInt32(handle, TIFFTAG_IMAGELENGTH, &height) == 1, width > 0, height > 0 else {
            throw TIFFError(path: path, page: page, "page has no image size")
        }
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_BITSPERSAMPLE, &bits)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_SAMPLESPERPIXEL, &spp)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_SAMPLEFORMAT, &format)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_PLANARCONFIG, &planar)
        switch Int32(format) {
        case SAMPLEFORMAT_UINT: break
        case SAMPLEFORMAT_IEEEFP:
            throw TIFFError(path: path, page: page,
                            "\(bits)-bit floating-point samples are not supported; convert the video to 8- or 16-bit unsigned integers")
        case SAMPLEFORMAT_INT:
            throw TIFFError(path: path, page: page,
                            "signed \(bits)-bit samples are not supported; convert the video to 8- or 16-bit unsigned integers")
        default:
            throw TIFFError(path: path, page: page, "sample format \(format) is not supported")
        }
        guard bits == 8 || bits == 16 else {
            throw TIFFError(path: path, page: page,
                            "\(bits)-bit samples are not supported; Plexus reads 8- and 16-bit greyscale")
        }
        guard spp >= 1 else { throw TIFFError(path: path, page: page, "page has no samples per pixel") }
        // YCbCr with subsampled chroma is stored in blocks, not pixel by pixel; libtiff
        // converts it to RGB only for JPEG.
        var photometric = UInt16(PHOTOMETRIC_MINISBLACK), compression = UInt16(COMPRESSION_NONE)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_PHOTOMETRIC, &photometric)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_COMPRESSION, &compression)
        jpegYCbCr = Int32(photometric) == PHOTOMETRIC_YCBCR && Int32(compression) == COMPRESSION_JPEG && bits == 8
        if Int32(photometric) == PHOTOMETRIC_YCBCR && !jpegYCbCr {
            var horizontal: UInt16 = 2, vertical: UInt16 = 2
            _ = TIFFGetFieldDefaultedUInt16Pair(handle, TIFFTAG_YCBCRSUBSAMPLING, &horizontal, &vertical)
            guard horizontal == 1 && vertical == 1 else {
                throw TIFFError(path: path, page: page,
                                "YCbCr samples with chroma subsampled \(horizontal) × \(vertical) (YCbCrSubsampling) are not supported unless JPEG-compressed; save the video as 8- or 16-bit greyscale")
            }
        }
        try TIFFSizeLimits.check(handle, path: path, page: page, width: Int(width), height: Int(height),
                                 samplesPerPixel: Int(spp), bytesPerSample: Int(bits) / 8)
        self.width = Int(width)
        self.height = Int(height)
        self.bitDepth = Int(bits)
        self.samplesPerPixel = Int(spp)
        self.planarConfig = planar
    }
}
