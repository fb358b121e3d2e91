/// A single-channel raster in row-major order: `pixels[row * width + col]`.
///
/// Frames read from a video keep their integer samples (`RawFrame`); analysis
/// works on `Image`, floating-point intensities on the 8-bit scale, so that the
/// published defaults (peak threshold 6, intensity weights) mean the same thing
/// for 8- and 16-bit videos.
package struct Image: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package var pixels: [Float]

    package init(width: Int, height: Int, pixels: [Float]) {
        precondition(pixels.count == width * height, "pixel count must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    package init(width: Int, height: Int, repeating value: Float = 0) {
        self.init(width: width, height: height,
                  pixels: [Float](repeating: value, count: width * height))
    }

    @inlinable
    package subscript(row: Int, col: Int) -> Float {
        get { pixels[row * width + col] }
        set { pixels[row * width + col] = newValue }
    }
}

/// One page of a video as stored: unsigned integer samples of one channel.
package struct RawFrame: Equatable, Sendable {
    package let width: Int
    package let height: Int
    /// 8 or 16.
    package let bitDepth: Int
    package var samples: [UInt16]

    package init(width: Int, height: Int, bitDepth: Int, samples: [UInt16]) {
        precondition(samples.count == width * height, "sample count must be width × height")
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// The largest value a sample of this bit depth can hold.
    package var maximumValue: Int { (1 << bitDepth) - 1 }

    /// Intensities on the 8-bit scale (16-bit samples divided by 257, so 65535 → 255).
    package func eightBitScaled() -> Image {
        let scale = Float(255) / Float(maximumValue)
        var pixels = [Float](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for i in 0..<source.count { target[i] = Float(source[i]) * scale }
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }
}
