import CTIFF
import Foundation

/// Reads a single-page TIFF of integer labels (8-, 16- or 32-bit, unsigned or
/// signed with no negative value), as ImageJ, Fiji, napari and scikit-image
/// save label images.
///
/// Videos are read by `TIFFVideo`, which keeps to the 8- and 16-bit samples of
/// microscopes; label images need 32-bit integers too, so they have this
/// separate, small reader instead of widening the video path.
package enum TIFFLabelImage {
    package static func read(path: String) throws -> LabelImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TIFFError(path: path, "file not found")
        }
        let diagnostics = TIFFDiagnostics()
        let handle = try diagnostics.open(path, as: "TIFF or VTK label image")
        defer { TIFFClose(handle) }

        var width: UInt32 = 0, height: UInt32 = 0
        var bits: UInt16 = 1, samplesPerPixel: UInt16 = 1, format = UInt16(SAMPLEFORMAT_UINT)
        guard TIFFGetFieldUInt32(handle, TIFFTAG_IMAGEWIDTH, &width) == 1,
              TIFFGetFieldUInt32(handle, TIFFTAG_IMAGELENGTH, &height) == 1, width > 0, height > 0 else {
            throw TIFFError(path: path, page: 0, "page has no image size")
        }
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_BITSPERSAMPLE, &bits)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_SAMPLESPERPIXEL, &samplesPerPixel)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_SAMPLEFORMAT, &format)
        let signed: Bool
        switch Int32(format) {
        case SAMPLEFORMAT_UINT: signed = false
        case SAMPLEFORMAT_INT: signed = true
        default:
            throw TIFFError(path: path, page: 0,
                            "labels must be integers, but the samples are \(format == UInt16(SAMPLEFORMAT_IEEEFP) ? "floating-point" : "of sample format \(format)"); save the label image as 8-, 16- or 32-bit integers")
        }
        guard bits == 8 || bits == 16 || bits == 32 else {
            throw TIFFError(path: path, page: 0, "\(bits)-bit labels are not supported; save them as 8-, 16- or 32-bit integers")
        }
        guard samplesPerPixel == 1 else {
            throw TIFFError(path: path, page: 0,
                            "a label image has one value per pixel, but this one has \(samplesPerPixel) (RGB?); save the labels as a single-channel integer image")
        }
        let pages = Int(TIFFNumberOfDirectories(handle))
        guard pages == 1 else {
            throw TIFFError(path: path, "has \(pages) pages; the cell mask is the label image of frame 0 alone (one page)")
        }
        try TIFFSizeLimits.check(handle, path: path, page: 0, width: Int(width), height: Int(height),
                                 samplesPerPixel: 1, bytesPerSample: Int(bits) / 8)
        _ = diagnostics.takeErrors()

        let columns = Int(width), rows = Int(height), bytesPerSample = Int(bits) / 8
        var labels = [UInt32](repeating: 0, count: columns * rows)
        var negative = false
        func fail(_ what: String) -> TIFFError {
            let errors = diagnostics.takeErrors()
            let detail = errors.isEmpty ? "" : ": \(TIFFDiagnostics.describe(errors, path: path))"
            return TIFFError(path: path, page: 0, "\(what)\(detail) (the file may be truncated or corrupt)")
        }
        // Copies a decoded block (strip or tile) of blockWidth × blockRows samples at (row0, col0).
        func scatter(_ block: UnsafeRawBufferPointer, row0: Int, col0: Int, blockWidth: Int, blockRows: Int) {
            for r in 0..<blockRows where row0 + r < rows {
                for c in 0..<min(blockWidth, columns - col0) {
                    let offset = (r * blockWidth + c) * bytesPerSample
                    let value: Int64
                    switch (bytesPerSample, signed) {
                    case (1, false): value = Int64(block.load(fromByteOffset: offset, as: UInt8.self))
                    case (1, true): value = Int64(block.load(fromByteOffset: offset, as: Int8.self))
                    case (2, false): value = Int64(block.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
                    case (2, true): value = Int64(block.loadUnaligned(fromByteOffset: offset, as: Int16.self))
                    case (_, false): value = Int64(block.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                    default: value = Int64(block.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                    }
                    if value < 0 { negative = true; continue }
                    labels[(row0 + r) * columns + col0 + c] = UInt32(value)
                }
            }
        }

        if TIFFIsTiled(handle) != 0 {
            var tileWidth: UInt32 = 0, tileHeight: UInt32 = 0
            _ = TIFFGetFieldUInt32(handle, TIFFTAG_TILEWIDTH, &tileWidth)
            _ = TIFFGetFieldUInt32(handle, TIFFTAG_TILELENGTH, &tileHeight)
            let tileSize = Int(TIFFTileSize(handle))
            guard tileWidth > 0, tileHeight > 0, tileSize > 0 else { throw fail("invalid tile layout") }
            // Every tile is copied whole (tile sizes are bounded by TIFFSizeLimits).
            let expected = Int(tileWidth) * Int(tileHeight) * bytesPerSample
            guard tileSize >= expected else {
                throw fail("tiles of \(tileWidth) × \(tileHeight) px decode to \(tileSize) bytes, expected \(expected)")
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: tileSize, alignment: 16)
            defer { buffer.deallocate() }
            for row0 in stride(from: 0, to: rows, by: Int(tileHeight)) {
                for col0 in stride(from: 0, to: columns, by: Int(tileWidth)) {
                    let tile = TIFFComputeTile(handle, UInt32(col0), UInt32(row0), 0, 0)
                    let read = TIFFReadEncodedTile(handle, tile, buffer.baseAddress, tmsize_t(tileSize))
                    guard read >= expected else {
                        throw fail(read < 0 ? "cannot decode tile \(tile)" : "tile \(tile) holds \(read) bytes, expected \(expected)")
                    }
                    scatter(UnsafeRawBufferPointer(buffer), row0: row0, col0: col0,
                            blockWidth: Int(tileWidth), blockRows: Int(tileHeight))
                }
            }
        } else {
            var rowsPerStrip: UInt32 = 0
            if TIFFGetFieldUInt32(handle, TIFFTAG_ROWSPERSTRIP, &rowsPerStrip) != 1
                || rowsPerStrip == 0 || Int(rowsPerStrip) > rows {
                rowsPerStrip = UInt32(rows)
            }
            let stripSize = Int(TIFFStripSize(handle))
            guard stripSize > 0 else { throw fail("invalid strip layout") }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: stripSize, alignment: 16)
            defer { buffer.deallocate() }
            for row0 in stride(from: 0, to: rows, by: Int(rowsPerStrip)) {
                let strip = TIFFComputeStrip(handle, UInt32(row0), 0)
                let stripRows = min(Int(rowsPerStrip), rows - row0)
                let expected = stripRows * columns * bytesPerSample
                let read = TIFFReadEncodedStrip(handle, strip, buffer.baseAddress, tmsize_t(stripSize))
                guard read >= expected else {
                    throw fail(read < 0 ? "cannot decode strip \(strip)" : "strip \(strip) holds \(read) bytes, expected \(expected)")
                }
                scatter(UnsafeRawBufferPointer(buffer), row0: row0, col0: 0, blockWidth: columns, blockRows: stripRows)
            }
        }
        if negative {
            throw TIFFError(path: path, page: 0, "holds negative labels; cells are labelled 1, 2, 3, … and the background 0")
        }
        return LabelImage(width: columns, height: rows, labels: labels)
    }
}
