import CTIFF
import Foundation

/// What a TIFF page may declare before anything is allocated for it. Header
/// fields are checked with overflow-checked arithmetic against limits that no
/// microscopy frame reaches, and against the bytes the file actually stores,
/// so that a few hundred bytes declaring 10⁶ × 10⁶ pixels are refused with the
/// field's name instead of asking for terabytes.
///
/// 1. A page has at most `maximumPixels` (2²⁸ = 16,384 × 16,384) pixels, and
///    its decoded samples take at most `maximumBytes` (2 GiB).
/// 2. Uncompressed, the file must be at least as large as the page's decoded
///    bytes. LZW, Deflate and PackBits cannot shrink data more than about
///    1,400-, 1,032- and 64-fold, so the file must be at least 1/`maximumRatio`
///    (1/4,096) of the decoded bytes. Other schemes are held to rule 1 alone.
/// 3. A tile has at most `maximumPixels` pixels, and at most four times the
///    page's pixels (tiles pad the image up to a multiple of their size).
package enum TIFFSizeLimits {
    package static let maximumPixels = 1 << 28
    package static let maximumBytes = 1 << 31
    package static let maximumRatio = 4096

    /// Checks the current directory of `handle`, a page of `width` × `height`
    /// pixels of `samplesPerPixel` samples of `bytesPerSample` bytes.
    static func check(_ handle: OpaquePointer, path: String, page: Int, width: Int, height: Int,
                      samplesPerPixel: Int, bytesPerSample: Int) throws {
        func refuse(_ why: String) -> TIFFError {
            TIFFError(path: path, page: page, "\(why); the header is corrupt, or this is not a microscopy frame")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maximumPixels else {
            throw refuse("the page declares \(width) × \(height) px (ImageWidth × ImageLength), more than the \(maximumPixels) px (16,384 × 16,384) a frame may have")
        }
        let (samples, overflow2) = pixels.multipliedReportingOverflow(by: samplesPerPixel)
        let (bytes, overflow3) = samples.multipliedReportingOverflow(by: bytesPerSample)
        guard !overflow2, !overflow3, bytes <= maximumBytes else {
            throw refuse("the page declares \(width) × \(height) px × \(samplesPerPixel) samples (SamplesPerPixel) of \(bytesPerSample) bytes, more than the \(maximumBytes) bytes a frame may take")
        }
        let tiled = TIFFIsTiled(handle) != 0
        if tiled {
            var tileWidth: UInt32 = 0, tileHeight: UInt32 = 0
            _ = TIFFGetFieldUInt32(handle, TIFFTAG_TILEWIDTH, &tileWidth)
            _ = TIFFGetFieldUInt32(handle, TIFFTAG_TILELENGTH, &tileHeight)
            let (tilePixels, overflow4) = Int(tileWidth).multipliedReportingOverflow(by: Int(tileHeight))
            guard tileWidth > 0, tileHeight > 0, !overflow4, tilePixels <= maximumPixels,
                  tilePixels <= 4 * max(pixels, 1 << 16) else {
                throw refuse("the page declares tiles of \(tileWidth) × \(tileHeight) px (TileWidth × TileLength) for a \(width) × \(height) px image")
            }
        }
        var compression: UInt16 = UInt16(COMPRESSION_NONE)
        _ = TIFFGetFieldDefaultedUInt16(handle, TIFFTAG_COMPRESSION, &compression)
        // The file's size bounds what it can store (libtiff estimates missing or short byte counts);
        // fstat of the open file, once per page, costs a system call and nothing more.
        var status = stat()
        let stored = fstat(TIFFFileno(handle), &status) == 0 ? Int(status.st_size) : Int.max
        switch Int32(compression) {
        case COMPRESSION_NONE:
            guard stored >= bytes else {
                throw refuse("the page declares \(width) × \(height) px (\(bytes) bytes uncompressed) but the file has \(stored) bytes")
            }
        case COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE, COMPRESSION_DEFLATE, COMPRESSION_PACKBITS:
            guard stored.multipliedReportingOverflow(by: maximumRatio).partialValue >= bytes || stored > Int.max / maximumRatio else {
                throw refuse("the page declares \(width) × \(height) px (\(bytes) bytes decoded) but the file has \(stored) bytes, more than \(maximumRatio) times less than its compression can reach")
            }
        default:
            break
        }
    }
}
