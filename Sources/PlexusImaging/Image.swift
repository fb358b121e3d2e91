/// A single-channel raster in row-major order: `pixels[row * width + col]`.
///
/// Frames read from a video keep their integer samples (`RawFrame`); analysis
/// works on `Image`, floating-point intensities on the 8-bit scale, so that the
/// published defaults (peak threshold 6, intensity weights) mean the same thing
/// for 8- and 16-bit videos.
public struct Image: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(pixels.count == width * height, "pixel count must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, repeating value: Float = 0) {
        self.init(width: width, height: height,
                  pixels: [Float](repeating: value, count: width * height))
    }

    @inlinable
    public subscript(row: Int, col: Int) -> Float {
        get { pixels[row * width + col] }
        set { pixels[row * width + col] = newValue }
    }
}

/// One page of a video as stored: unsigned integer samples of one channel.
public struct RawFrame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 8 or 16.
    public let bitDepth: Int
    public var samples: [UInt16]

    public init(width: Int, height: Int, bitDepth: Int, samples: [UInt16]) {
        precondition(samples.count == width * height, "sample count must be width × height")
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// The largest value a sample of this bit depth can hold.
    public var maximumValue: Int { (1 << bitDepth) - 1 }

    /// Intensities on the 8-bit scale (16-bit samples divided by 257, so 65535 → 255).
    public func eightBitScaled() -> Image {
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
