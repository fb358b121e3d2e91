import CTIFF

/// Writes multi-page greyscale TIFFs through libtiff: the files `plexus simulate`
/// produces and the fixtures tests make, in any layout the reader must accept.
package final class TIFFWriter {
    package enum Compression: Sendable {
        case none, lzw, deflate, packBits

        var tag: UInt16 {
            switch self {
            case .none: UInt16(COMPRESSION_NONE)
            case .lzw: UInt16(COMPRESSION_LZW)
            case .deflate: UInt16(COMPRESSION_ADOBE_DEFLATE)
            case .packBits: UInt16(COMPRESSION_PACKBITS)
            }
        }
    }

    package enum Layout: Sendable {
        /// Strips of the given number of rows.
        case strips(rowsPerStrip: Int)
        /// Tiles of the given size (multiples of 16, as the TIFF standard requires).
        case tiles(width: Int, height: Int)
    }

    package let path: String
    private var handle: OpaquePointer?
    private let diagnostics = TIFFDiagnostics()
    private var pagesWritten = 0

    package init(path: String) throws {
        self.path = path
        let options = diagnostics.makeOpenOptions()
        defer { if let options { TIFFOpenOptionsFree(options) } }
        guard let handle = TIFFOpenExt(path, "w", options) else {
            let reason = diagnostics.takeErrors().last ?? "cannot create the file"
            throw TIFFError(path: path, reason)
        }
        self.handle = handle
    }

    deinit { if let handle { TIFFClose(handle) } }

    /// Appends one page. `samples` hold `samplesPerPixel` interleaved values per
    /// pixel, row-major; values must fit `bitDepth` (8 or 16).
    package func writePage(width: Int, height: Int, bitDepth: Int, samples: [UInt16],
                          samplesPerPixel: Int = 1, compression: Compression = .none,
                          layout: Layout = .strips(rowsPerStrip: 16), description: String? = nil,
                          resolution: (x: Double, y: Double, unit: Int)? = nil) throws {
        guard let handle else { throw TIFFError(path: path, "file is closed") }
        precondition(bitDepth == 8 || bitDepth == 16, "bit depth must be 8 or 16")
        precondition(samples.count == width * height * samplesPerPixel, "sample count mismatch")
        let page = pagesWritten
        func check(_ ok: Int32, _ what: String) throws {
            if ok != 1 {
                throw TIFFError(path: path, page: page,
                                "\(what): \(diagnostics.takeErrors().joined(separator: "; "))")
            }
        }
        try check(TIFFSetFieldUInt32(handle, TIFFTAG_IMAGEWIDTH, UInt32(width)), "set width")
        try check(TIFFSetFieldUInt32(handle, TIFFTAG_IMAGELENGTH, UInt32(height)), "set height")
        try check(TIFFSetFieldUInt16(handle, TIFFTAG_BITSPERSAMPLE, UInt16(bitDepth)), "set bit depth")
        try check(TIFFSetFieldUInt16(handle, TIFFTAG_SAMPLESPERPIXEL, UInt16(samplesPerPixel)), "set samples")
        try check(TIFFSetFieldUInt16(handle, TIFFTAG_SAMPLEFORMAT, UInt16(SAMPLEFORMAT_UINT)), "set format")
        try check(TIFFSetFieldUInt16(handle, TIFFTAG_PLANARCONFIG, UInt16(PLANARCONFIG_CONTIG)), "set planar")
        try check(TIFFSetFieldUInt16(handle, TIFFTAG_PHOTOMETRIC,
                                     UInt16(samplesPerPixel == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK)),
                  "set photometric")
        try check(TIFFSetFieldUInt16(handle, TIFFTAG_COMPRESSION, compression.tag), "set compression")
        if let description {
            try check(TIFFSetFieldString(handle, TIFFTAG_IMAGEDESCRIPTION, description), "set description")
        }
        if let resolution {
            try check(TIFFSetFieldDouble(handle, TIFFTAG_XRESOLUTION, resolution.x), "set x resolution")
            try check(TIFFSetFieldDouble(handle, TIFFTAG_YRESOLUTION, resolution.y), "set y resolution")
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_RESOLUTIONUNIT, UInt16(resolution.unit)), "set resolution unit")
        }
        if samplesPerPixel != 1 && samplesPerPixel != 3 {
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_EXTRASAMPLES, 0), "set extra samples")
        }

        let bytesPerSample = bitDepth / 8
        let pixelBytes = samplesPerPixel * bytesPerSample
        func fill(_ buffer: UnsafeMutableRawBufferPointer, row0: Int, col0: Int, blockWidth: Int, rows: Int) {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            for r in 0..<rows where row0 + r < height {
                for c in 0..<blockWidth where col0 + c < width {
                    for s in 0..<samplesPerPixel {
                        let value = samples[((row0 + r) * width + col0 + c) * samplesPerPixel + s]
                        let offset = (r * blockWidth + c) * pixelBytes + s * bytesPerSample
                        if bytesPerSample == 1 {
                            buffer.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: offset, as: UInt8.self)
                        } else {
                            buffer.storeBytes(of: value, toByteOffset: offset, as: UInt16.self)
                        }
                    }
                }
            }
        }

        switch layout {
        case let .strips(rowsPerStrip):
            try check(TIFFSetFieldUInt32(handle, TIFFTAG_ROWSPERSTRIP, UInt32(rowsPerStrip)), "set rows per strip")
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: rowsPerStrip * width * pixelBytes, alignment: 16)
            defer { buffer.deallocate() }
            var strip: UInt32 = 0
            for row0 in stride(from: 0, to: height, by: rowsPerStrip) {
                let rows = min(rowsPerStrip, height - row0)
                fill(buffer, row0: row0, col0: 0, blockWidth: width, rows: rows)
                if TIFFWriteEncodedStrip(handle, strip, buffer.baseAddress, tmsize_t(rows * width * pixelBytes)) < 0 {
                    try check(0, "write strip \(strip)")
                }
                strip += 1
            }
        case let .tiles(tileWidth, tileHeight):
            try check(TIFFSetFieldUInt32(handle, TIFFTAG_TILEWIDTH, UInt32(tileWidth)), "set tile width")
            try check(TIFFSetFieldUInt32(handle, TIFFTAG_TILELENGTH, UInt32(tileHeight)), "set tile height")
            let tileBytes = tileWidth * tileHeight * pixelBytes
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: tileBytes, alignment: 16)
            defer { buffer.deallocate() }
            for row0 in stride(from: 0, to: height, by: tileHeight) {
                for col0 in stride(from: 0, to: width, by: tileWidth) {
                    fill(buffer, row0: row0, col0: col0, blockWidth: tileWidth, rows: tileHeight)
                    let tile = TIFFComputeTile(handle, UInt32(col0), UInt32(row0), 0, 0)
                    if TIFFWriteEncodedTile(handle, tile, buffer.baseAddress, tmsize_t(tileBytes)) < 0 {
                        try check(0, "write tile \(tile)")
                    }
                }
            }
        }
        try check(TIFFWriteDirectory(handle), "write page directory")
        pagesWritten += 1
    }

    /// Appends a single-channel frame.
    package func writePage(_ frame: RawFrame, compression: Compression = .none,
                          layout: Layout = .strips(rowsPerStrip: 16), description: String? = nil,
                          resolution: (x: Double, y: Double, unit: Int)? = nil) throws {
        try writePage(width: frame.width, height: frame.height, bitDepth: frame.bitDepth,
                      samples: frame.samples, compression: compression, layout: layout,
                      description: description, resolution: resolution)
    }

    /// Flushes and closes the file; further writes fail.
    package func close() {
        if let handle { TIFFClose(handle) }
        handle = nil
    }
}
