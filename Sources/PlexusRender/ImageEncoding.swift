import CGIF
import CPNG
import Foundation
import PlexusImaging

/// PNG through libpng's simplified API (which reports errors in its image
/// structure rather than by longjmp).
package enum PNGEncoding {
    /// PNG bytes of 8-bit pixels: `channels` 1 (grey) or 3 (RGB), row-major.
    package static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws -> [UInt8] {
        precondition(channels == 1 || channels == 3)
        guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20, pixels.count == width * height * channels else {
            throw RenderError("PNG: cannot encode a \(width)×\(height) image from \(pixels.count) bytes")
        }
        var image = png_image()
        image.version = 1  // PNG_IMAGE_VERSION
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = channels == 3 ? 0x02 : 0  // PNG_FORMAT_RGB (PNG_FORMAT_FLAG_COLOR), PNG_FORMAT_GRAY
        var size = 0
        let stride = png_int_32(width * channels)
        let sized = pixels.withUnsafeBytes { source in
            png_image_write_to_memory(&image, nil, &size, 0, source.baseAddress, stride, nil)
        }
        guard sized != 0, size > 0 else { throw RenderError("PNG: \(message(of: image))") }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { source in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, source.baseAddress, stride, nil)
            }
        }
        png_image_free(&image)
        guard written != 0 else { throw RenderError("PNG: \(message(of: image))") }
        return Array(output.prefix(size))
    }

    /// PNG bytes of a drawn frame, in RGB.
    package static func encode(_ canvas: Canvas) throws -> [UInt8] {
        try encode(width: canvas.width, height: canvas.height, channels: 3, pixels: canvas.rgb())
    }

    static func message(of image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}

/// An animated GIF through giflib: one global colour table (the palette every
/// frame is drawn in), looping forever.
package final class AnimatedGIF {
    package let path: String
    private var file: UnsafeMutablePointer<GifFileType>?
    private let width: Int
    private let height: Int
    /// Hundredths of a second each frame is shown.
    private let delay: Int

    package init(path: String, width: Int, height: Int, framesPerSecond: Double) throws {
        guard width > 0, height > 0, width <= 65535, height <= 65535 else {
            throw RenderError("\(path): a GIF is at most 65,535 px on a side; this image is \(width)×\(height) (use a smaller --scale)")
        }
        self.path = path
        self.width = width
        self.height = height
        delay = max(2, min(65535, Int((100 / framesPerSecond).rounded())))
        // Created first so that it gets the usual permissions (giflib would make it 0600).
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        var error: Int32 = 0
        guard let file = EGifOpenFileName(path, false, &error) else {
            throw RenderError("\(path): cannot create the GIF: \(Self.reason(error))")
        }
        self.file = file
        EGifSetGifVersion(file, true)
        var colours = Palette.colours.map { GifColorType(Red: $0.red, Green: $0.green, Blue: $0.blue) }
        guard let map = GifMakeMapObject(256, &colours) else { throw RenderError("\(path): out of memory") }
        defer { GifFreeMapObject(map) }
        try check(EGifPutScreenDesc(file, Int32(width), Int32(height), 8, 0, map), "screen descriptor")
        // The NETSCAPE2.0 application extension: loop forever.
        try check(EGifPutExtensionLeader(file, APPLICATION_EXT_FUNC_CODE), "loop extension")
        var identifier = Array("NETSCAPE2.0".utf8)
        try check(EGifPutExtensionBlock(file, 11, &identifier), "loop extension")
        var loop: [UInt8] = [1, 0, 0]
        try check(EGifPutExtensionBlock(file, 3, &loop), "loop extension")
        try check(EGifPutExtensionTrailer(file), "loop extension")
    }

    deinit {
        if let file {
            var error: Int32 = 0
            EGifCloseFile(file, &error)
        }
    }

    /// Appends one frame (drawn at the size given at creation).
    package func append(_ canvas: Canvas) throws {
        guard let file else { throw RenderError("\(path): the GIF is closed") }
        precondition(canvas.width == width && canvas.height == height, "every frame of a GIF has its size")
        var control: [UInt8] = [0, UInt8(delay & 0xff), UInt8(delay >> 8), 0]
        try check(EGifPutExtension(file, GRAPHICS_EXT_FUNC_CODE, 4, &control), "frame delay")
        try check(EGifPutImageDesc(file, 0, 0, Int32(width), Int32(height), false, nil), "image descriptor")
        var pixels = canvas.pixels
        try pixels.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<height {
                try check(EGifPutLine(file, buffer.baseAddress! + row * width, Int32(width)), "row \(row)")
            }
        }
    }

    /// Writes the trailer and closes the file.
    package func close() throws {
        guard let file else { return }
        self.file = nil
        var error: Int32 = 0
        guard EGifCloseFile(file, &error) == GIF_OK else {
            throw RenderError("\(path): cannot finish the GIF: \(Self.reason(error))")
        }
    }

    private func check(_ status: Int32, _ what: String) throws {
        guard status == GIF_OK else {
            throw RenderError("\(path): GIF \(what): \(Self.reason(file?.pointee.Error ?? 0))")
        }
    }

    static func reason(_ code: Int32) -> String {
        GifErrorString(code).map { String(cString: $0) } ?? "giflib error \(code)"
    }
}

/// An RGB multi-page TIFF that Fiji opens as an RGB stack of frames (ImageJ
/// description with the frame count, interval and µm calibration) and napari
/// as a (T, Y, X, 3) array.
package final class RGBStackTIFF {
    private let writer: TIFFWriter
    private let description: String
    private let resolution: (x: Double, y: Double, unit: Int)?
    private var pages = 0

    /// `pixelSize`: µm per drawn pixel; `interval`: seconds between drawn frames.
    package init(path: String, frames: Int, pixelSize: Double?, interval: Double?, note: String) throws {
        writer = try TIFFWriter(path: path)
        var text = "ImageJ=1.11a\nimages=\(frames)\nframes=\(frames)\n"
        if let pixelSize, pixelSize > 0 { text += "unit=micron\n" }
        if let interval, interval > 0 { text += "finterval=\(interval)\n" }
        text += "loop=false\n"
        // Free text after the key=value lines is ignored by ImageJ and kept for people.
        text += "plexus=\(note.replacingOccurrences(of: "\n", with: " "))\n"
        description = text
        resolution = pixelSize.flatMap { $0 > 0 ? (1 / $0, 1 / $0, 1) : nil }
    }

    package func append(_ canvas: Canvas) throws {
        let rgb = canvas.rgb()
        try writer.writePage(width: canvas.width, height: canvas.height, bitDepth: 8, samples: rgb.map(UInt16.init),
                             samplesPerPixel: 3, compression: .deflate,
                             layout: .strips(rowsPerStrip: max(1, 65536 / (canvas.width * 3))),
                             description: pages == 0 ? description : nil, resolution: resolution)
        pages += 1
    }
}
