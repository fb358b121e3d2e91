import CTIFF
import Foundation
import PlexusImaging
import PlexusSimulation

/// The seed corpora: small valid files in every layout the readers accept,
/// written by the project's own writers (`plexus simulate`'s experiment,
/// `TIFFWriter`), by libtiff for what TIFFWriter does not write (BigTIFF,
/// separate planes, JPEG), byte by byte for what libtiff will not write
/// (float and signed samples), the test fixtures, and a few edge cases.
enum Seeds {
    /// The repository: three folders up from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Writes every target's seeds into `directory/TARGET/` (replacing what is there).
    static func write(to directory: String) throws -> [(target: FuzzTarget, files: Int)] {
        let base = URL(fileURLWithPath: directory)
        var counts: [(FuzzTarget, Int)] = []
        for target in FuzzTarget.allCases {
            let folder = base.appendingPathComponent(target.rawValue)
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let writer = SeedFolder(folder)
            switch target {
            case .tiffVideo: try videos(writer)
            case .labelImage: try labelImages(writer)
            case .sampleSheet: try sampleSheets(writer)
            case .stackMetadata: try descriptions(writer)
            }
            counts.append((target, try FileManager.default.contentsOfDirectory(atPath: folder.path).count))
        }
        return counts
    }

    // MARK: - Videos

    static func videos(_ out: SeedFolder) throws {
        // What `plexus simulate` writes: an 8-bit and a 16-bit cell video.
        let simulated = try simulate()
        try out.copy(simulated.appendingPathComponent("control-1.tif").path, as: "simulated-8bit.tif")
        try out.copy(simulated.appendingPathComponent("llo-1.tif").path, as: "simulated-16bit.tif")

        // TIFFWriter: strips (a short last strip), LZW, Deflate tiles (partial tiles), PackBits.
        try out.tiff("strips-8bit.tif") { w in
            for page in 0..<3 { try w.writePage(pattern(16, 12, bits: 8, page: page), layout: .strips(rowsPerStrip: 5)) }
        }
        try out.tiff("lzw-16bit.tif") { w in
            for page in 0..<3 { try w.writePage(pattern(24, 16, bits: 16, page: page), compression: .lzw) }
        }
        try out.tiff("deflate-tiled-16bit.tif") { w in
            for page in 0..<2 {
                try w.writePage(pattern(40, 24, bits: 16, page: page), compression: .deflate, layout: .tiles(width: 16, height: 16))
            }
        }
        try out.tiff("packbits-8bit.tif") { w in
            for page in 0..<2 { try w.writePage(pattern(20, 10, bits: 8, page: page), compression: .packBits) }
        }
        // Several samples per pixel: one channel with signal (read without --channel), all
        // three with signal (needs --channel), and four samples (an extra sample).
        for (name, spp, live) in [("rgb-one-channel.tif", 3, [1]), ("rgb-three-channels.tif", 3, [0, 1, 2]),
                                  ("four-samples.tif", 4, [3])] {
            try out.tiff(name) { w in
                for page in 0..<2 {
                    try w.writePage(width: 12, height: 8, bitDepth: 8,
                                    samples: interleaved(12, 8, samplesPerPixel: spp, live: live, page: page),
                                    samplesPerPixel: spp)
                }
            }
        }
        // ImageJ hyperstacks: 2 channels × 2 frames, and 2 z-slices × 2 frames, calibrated.
        let hyperstacks = [
            ("imagej-channels.tif", "ImageJ=1.54f\nimages=4\nchannels=2\nframes=2\nhyperstack=true\nmode=composite\nunit=micron\nfinterval=2.5\nloop=false\n"),
            ("imagej-slices.tif", "ImageJ=1.54f\nimages=4\nslices=2\nframes=2\nhyperstack=true\nunit=\\u00B5m\nspacing=0.5\nfinterval=1\ntunit=min\n"),
        ]
        for (name, description) in hyperstacks {
            try out.tiff(name) { w in
                for page in 0..<4 {
                    try w.writePage(pattern(16, 8, bits: 8, page: page), description: page == 0 ? description : nil,
                                    resolution: (x: 15.4, y: 15.4, unit: 1))
                }
            }
        }
        // OME-TIFF: 2 z-slices × 2 channels × 2 time points, channel names, TiffData, calibration.
        try out.tiff("ome-channels.ome.tif") { w in
            for page in 0..<8 {
                var frame = pattern(16, 8, bits: 16, page: page)
                frame.samples = frame.samples.map { $0 >> 4 } // SignificantBits 12
                try w.writePage(frame, description: page == 0 ? omeXML : nil)
            }
        }
        // BigTIFF, separate planes, JPEG (greyscale strips, and YCbCr tiles subsampled 2 × 2, which
        // libtiff converts to RGB): libtiff directly.
        try out.libtiff("bigtiff.tif", mode: "w8", pages: 2, width: 16, height: 16, bits: 8)
        try out.libtiff("bigtiff-16bit-tiled.tif", mode: "w8", pages: 2, width: 20, height: 20, bits: 16, tiles: 16)
        try out.libtiff("planar-separate.tif", mode: "w", pages: 2, width: 12, height: 8, bits: 16, samplesPerPixel: 3,
                        separate: true, live: [2])
        try out.libtiff("jpeg-strips.tif", mode: "w", pages: 2, width: 16, height: 16, bits: 8,
                        compression: COMPRESSION_JPEG)
        try out.libtiff("jpeg-ycbcr-tiled.tif", mode: "w", pages: 1, width: 32, height: 16, bits: 8, samplesPerPixel: 3,
                        compression: COMPRESSION_JPEG, photometric: PHOTOMETRIC_YCBCR, tiles: 16, live: [0, 1, 2])
        // Uncompressed YCbCr with chroma subsampled 2 × 2 (refused: stored in blocks, not pixels).
        try out.libtiff("ycbcr-subsampled-tiled.tif", mode: "w", pages: 1, width: 32, height: 16, bits: 8, samplesPerPixel: 3,
                        photometric: PHOTOMETRIC_YCBCR, tiles: 16, live: [0, 1, 2])
        // Byte by byte: big-endian 16-bit, and sample formats Plexus refuses (float, signed).
        try out.write("big-endian-16bit.tif", HandMadeTIFF(width: 4, height: 2, bitsPerSample: 16, sampleFormat: 1,
                                                           data: (0..<16).map { UInt8($0 * 13) }, bigEndian: true).bytes)
        try out.write("float32.tif", HandMadeTIFF(width: 2, height: 2, bitsPerSample: 32, sampleFormat: 3,
                                                  data: [Float](repeating: 1.5, count: 4).flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }).bytes)
        try out.write("int16.tif", HandMadeTIFF(width: 2, height: 2, bitsPerSample: 16, sampleFormat: 2,
                                                data: [1, 0, 255, 255, 7, 0, 0, 128]).bytes)
        // Test fixtures: tifffile's ImageJ and OME layouts, and a real cell's mask (one 8-bit page).
        try out.copyAll(in: "Tests/PlexusImagingTests/Fixtures/layouts", suffix: ".tif")
        try out.copy(root.appendingPathComponent("Tests/PlexusIngestTests/Fixtures/hela-llo-cell1-mask.tif").path,
                     as: "hela-mask.tif")
    }

    static let omeXML = """
        <?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">\
        <Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="16" SizeY="8" \
        SizeZ="2" SizeC="2" SizeT="2" SignificantBits="12" PhysicalSizeX="65" PhysicalSizeXUnit="nm" \
        PhysicalSizeY="0.065" PhysicalSizeZ="0.3" TimeIncrement="0.5" TimeIncrementUnit="min">\
        <Channel ID="Channel:0:0" SamplesPerPixel="1" Name="mito"/><Channel ID="Channel:0:1" SamplesPerPixel="1" Name="GFP"/>\
        <TiffData IFD="0" PlaneCount="4"/><TiffData IFD="4" FirstT="1" PlaneCount="2"/>\
        <TiffData IFD="6" FirstT="1" FirstC="1"><UUID FileName="video.ome.tif">urn:uuid:0</UUID></TiffData>\
        <TiffData IFD="7" FirstT="1" FirstC="1" FirstZ="1"/></Pixels></Image></OME>
        """

    // MARK: - Label images

    static func labelImages(_ out: SeedFolder) throws {
        let simulated = try simulate()
        try out.copy(simulated.appendingPathComponent("control-1-mask.tif").path, as: "simulated-mask.tif")
        try out.copy(root.appendingPathComponent("Tests/PlexusIngestTests/Fixtures/hela-llo-cell1-mask.tif").path,
                     as: "hela-mask.tif")
        // Background in the first four columns, then six cells in blocks of 4 × 4.
        func label(_ i: Int) -> UInt16 {
            let row = i / 12, col = i % 12
            return col < 4 ? 0 : UInt16(col / 4 + 2 * (row / 4))
        }
        let labels = (0..<12 * 8).map(label)
        try out.tiff("labels-8bit.tif") { w in
            try w.writePage(RawFrame(width: 12, height: 8, bitDepth: 8, samples: labels))
        }
        func wideLabel(_ i: Int) -> UInt16 {
            let row = i / 20, col = i % 20
            return UInt16(row / 6 * 300 + col / 7)
        }
        let wide = (0..<20 * 18).map(wideLabel)
        try out.tiff("labels-16bit-tiled-lzw.tif") { w in
            try w.writePage(RawFrame(width: 20, height: 18, bitDepth: 16, samples: wide),
                            compression: .lzw, layout: .tiles(width: 16, height: 16))
        }
        try out.write("labels-32bit.tif", HandMadeTIFF(width: 3, height: 2, bitsPerSample: 32, sampleFormat: 1,
                                                       data: [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 2, 0, 1, 0]).bytes)
        try out.write("labels-int16-big-endian.tif", HandMadeTIFF(width: 2, height: 2, bitsPerSample: 16, sampleFormat: 2,
                                                                  data: [0, 0, 0, 3, 0, 3, 0, 0], bigEndian: true).bytes)
        try out.write("labels-negative.tif", HandMadeTIFF(width: 2, height: 1, bitsPerSample: 8, sampleFormat: 2,
                                                          data: [1, 255]).bytes)
        try out.libtiff("labels-two-pages.tif", mode: "w", pages: 2, width: 8, height: 4, bits: 8)
        // The legacy VTK files ITK-SNAP writes, and variants the reader accepts.
        let header = "# vtk DataFile Version 3.0\nITK-SNAP segmentation\n"
        let structure = "DATASET STRUCTURED_POINTS\nDIMENSIONS 4 3 1\nSPACING 1 1 1\nORIGIN 0 0 0\nPOINT_DATA 12\n"
        let values: [UInt16] = [0, 0, 1, 1, 0, 2, 2, 1, 0, 0, 0, 300]
        try out.write("itksnap-binary.vtk", Data((header + "BINARY\n" + structure
                + "SCALARS scalars unsigned_short 1\nLOOKUP_TABLE default\n").utf8)
            + Data(values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
        try out.write("ascii.vtk", Data((header + "ASCII\n" + structure + "SCALARS labels int 1\nLOOKUP_TABLE default\n"
                + values.map(String.init).joined(separator: " ") + "\n").utf8))
        try out.write("ascii-no-table.vtk", Data((header + "ASCII\n\nDATASET STRUCTURED_POINTS\nDIMENSIONS 2 2 1\n"
                + "POINT_DATA 4\nSCALARS labels unsigned_char\n0 1\n\t2 -0\r\n").utf8))
        try out.write("binary-char.vtk", Data((header + "BINARY\n" + structure + "SCALARS labels char 1\nLOOKUP_TABLE default\n").utf8)
            + Data(values.map { UInt8(truncatingIfNeeded: $0) }))
        try out.write("binary-int.vtk", Data((header + "BINARY\n" + structure + "SCALARS labels int\n").utf8)
            + Data(values.flatMap { [0, 0, UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
    }

    // MARK: - Sample sheets

    static func sampleSheets(_ out: SeedFolder) throws {
        let simulated = try simulate()
        try out.copy(simulated.appendingPathComponent("samples.csv").path, as: "simulated.csv")
        try out.copy(root.appendingPathComponent("ingest/example-samples.csv").path, as: "example-samples.csv")
        try out.write("minimal.csv", Data("video,condition\na.tif,control\n".utf8))
        try out.write("every-column.csv", Data("""
            video,condition,replicate,pixel_size_um,frame_interval_s,treatment_frame,mask,channel,z_project,bit_depth,stain
            cells/a.tif,control,1,0.065,2.5,0,masks/a-mask.tif,0,max,12,TMRM
            /data/b.ome.tif,llo,2,1e-1,30,10,,GFP,mean,,
            frames/c,mdivi,,,,,c.vtk,1,sum,16,"MitoTracker, red"

            """.utf8))
        try out.write("quoted-crlf-bom.csv", Data("\u{FEFF}\"video\",\"condition\",\"notes\"\r\n\"a b.tif\",\"control\",\"line one\r\nline \"\"two\"\"\"\r\n\"c.tif\",llo,\r\n".utf8))
        try out.write("bad-rows.csv", Data("video,condition,treatment_frame\na.tif,control,-1\nb.tif,,3\n".utf8))
        try out.write("duplicate.csv", Data("video,condition\na.tif,control\n./a.tif,llo\n".utf8))
        try out.write("header-only.csv", Data("Video , CONDITION,mask\n".utf8))
    }

    // MARK: - Image descriptions

    /// Each seed is a byte giving the page count and samples per pixel (see
    /// `FuzzTarget.layout`), then the description of such a file.
    static func descriptions(_ out: SeedFolder) throws {
        func write(_ name: String, pages: Int, rgb: Bool = false, _ text: String) throws {
            try out.write(name, Data([UInt8(pages - 1) | (rgb ? 0x80 : 0)] + Array(text.utf8)))
        }
        try write("imagej-hyperstack.txt", pages: 12, "ImageJ=1.54f\nimages=12\nchannels=2\nslices=2\nframes=3\nhyperstack=true\nunit=micron\nspacing=0.3\nfinterval=500\ntunit=ms\n")
        try write("imagej-plain.txt", pages: 6, "ImageJ=1.11a\nimages=6\nunit=\\u00B5m\nloop=false\n")
        try write("imagej-frames.txt", pages: 24, "ImageJ=1.53t\nimages=24\nframes=24\nfinterval=2\ntunit=min\n")
        try write("ome.xml", pages: 8, omeXML)
        try write("ome-rgb.xml", pages: 4, rgb: true, """
            <OME><Image ID="Image:0"><Pixels DimensionOrder="XYCZT" SizeC="3" SizeZ="1" SizeT="4" PhysicalSizeX="0.1" PhysicalSizeXUnit="µm">\
            <Channel SamplesPerPixel="3" Name="RGB"/></Pixels></Image><Image ID="Image:1"><Pixels DimensionOrder="XYZCT"/></Image></OME>
            """)
        try write("ome-prefixed.xml", pages: 12, """
            <ome:OME xmlns:ome="http://www.openmicroscopy.org/Schemas/OME/2016-06"><ome:Image><ome:Pixels DimensionOrder="XYTZC" SizeC="2" SizeZ="3" SizeT="2" TimeIncrement="1">\
            <ome:TiffData FirstZ="1" FirstC="1" FirstT="1" IFD="11"/><ome:TiffData PlaneCount="11"/></ome:Pixels></ome:Image></ome:OME>
            """)
        try write("plain.txt", pages: 3, "Acquired with MicroManager\n")
        // The descriptions of tifffile's layouts (the test fixtures).
        let layouts = root.appendingPathComponent("Tests/PlexusImagingTests/Fixtures/layouts")
        for name in try FileManager.default.contentsOfDirectory(atPath: layouts.path).sorted() where name.hasSuffix(".tif") {
            let video = try TIFFVideo(path: layouts.appendingPathComponent(name).path)
            if let description = video.description { try write(name + ".txt", pages: video.pageCount, description) }
        }
    }

    // MARK: - Helpers

    /// A tiny simulated experiment (one control and one llo cell, 32 × 32 px, 3 frames,
    /// the llo cell's video 16-bit), written once per run into a temporary folder.
    static func simulate() throws -> URL {
        if let simulated = simulatedFolder { return simulated }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-fuzz-seeds-\(getpid())")
        for (condition, bits) in [(SimulatedCondition.control, 8), (.llo, 16)] {
            _ = try SyntheticExperiment(conditions: [condition], cellsPerCondition: 1, frameCount: 3, size: 32, seed: 1,
                                        bitDepth: bits).write(to: folder.path)
            if condition == .control {
                // The sheet lists the last experiment written; keep the first one's too.
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("control-samples.csv"))
                try FileManager.default.moveItem(at: folder.appendingPathComponent("samples.csv"),
                                                 to: folder.appendingPathComponent("control-samples.csv"))
            }
        }
        simulatedFolder = folder
        atexit { if let folder = Seeds.simulatedFolder { try? FileManager.default.removeItem(at: folder) } }
        return folder
    }

    nonisolated(unsafe) static var simulatedFolder: URL?

    /// A smooth frame with a bright spot that moves with the page.
    static func pattern(_ width: Int, _ height: Int, bits: Int, page: Int) -> RawFrame {
        let top = Double((1 << bits) - 1)
        let samples = (0..<width * height).map { i -> UInt16 in
            let dx = Double(i % width - (width / 3 + page)), dy = Double(i / width - height / 2)
            return UInt16(top * (0.1 + 0.9 * exp(-(dx * dx + dy * dy) / 8)))
        }
        return RawFrame(width: width, height: height, bitDepth: bits, samples: samples)
    }

    /// `samplesPerPixel` interleaved samples per pixel, zero except in the `live` samples.
    static func interleaved(_ width: Int, _ height: Int, samplesPerPixel: Int, live: [Int], page: Int) -> [UInt16] {
        let frame = pattern(width, height, bits: 8, page: page).samples
        return (0..<width * height * samplesPerPixel).map { i in
            live.contains(i % samplesPerPixel) ? frame[i / samplesPerPixel] / UInt16(1 + i % samplesPerPixel) : 0
        }
    }
}

/// A folder of seeds.
struct SeedFolder {
    let url: URL
    init(_ url: URL) { self.url = url }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ data: Data) throws { try data.write(to: url.appendingPathComponent(name)) }

    func copy(_ source: String, as name: String) throws {
        try FileManager.default.copyItem(atPath: source, toPath: path(name))
    }

    func copyAll(in folder: String, suffix: String) throws {
        let source = Seeds.root.appendingPathComponent(folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() where name.hasSuffix(suffix) {
            try copy(source.appendingPathComponent(name).path, as: name)
        }
    }

    /// A file written by TIFFWriter.
    func tiff(_ name: String, _ body: (TIFFWriter) throws -> Void) throws {
        let writer = try TIFFWriter(path: path(name))
        try body(writer)
        writer.close()
    }

    /// A file written by libtiff directly, for what TIFFWriter does not write: `mode` "w8"
    /// is BigTIFF; `separate` stores each sample in its own plane; `tiles` square tiles.
    func libtiff(_ name: String, mode: String, pages: Int, width: Int, height: Int, bits: Int,
                 samplesPerPixel: Int = 1, separate: Bool = false, compression: Int32 = COMPRESSION_NONE,
                 photometric: Int32? = nil, tiles: Int? = nil, live: [Int] = [0]) throws {
        guard let handle = TIFFOpen(path(name), mode) else { throw TIFFError(path: path(name), "libtiff cannot create it") }
        defer { TIFFClose(handle) }
        func check(_ ok: Int32, _ what: String) throws {
            guard ok == 1 else { throw TIFFError(path: path(name), "libtiff: \(what)") }
        }
        let bytesPerSample = bits / 8
        for page in 0..<pages {
            let samples = Seeds.interleaved(width, height, samplesPerPixel: samplesPerPixel, live: live, page: page)
                .map { bits == 16 ? $0 &* 257 : $0 }
            try check(TIFFSetFieldUInt32(handle, TIFFTAG_IMAGEWIDTH, UInt32(width)), "width")
            try check(TIFFSetFieldUInt32(handle, TIFFTAG_IMAGELENGTH, UInt32(height)), "height")
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_BITSPERSAMPLE, UInt16(bits)), "bits")
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_SAMPLESPERPIXEL, UInt16(samplesPerPixel)), "samples")
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_PLANARCONFIG,
                                         UInt16(separate ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG)), "planar")
            let photometric = photometric ?? (samplesPerPixel == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK)
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_PHOTOMETRIC, UInt16(photometric)), "photometric")
            try check(TIFFSetFieldUInt16(handle, TIFFTAG_COMPRESSION, UInt16(compression)), "compression")
            if compression == COMPRESSION_JPEG && photometric == PHOTOMETRIC_YCBCR {
                // libtiff converts the RGB samples given to YCbCr, subsampled 2 × 2.
                try check(TIFFSetFieldUInt16(handle, TIFFTAG_JPEGCOLORMODE, UInt16(JPEGCOLORMODE_RGB)), "JPEG colour mode")
            }
            // Separate planes: every sample of one plane, then the next.
            let planes = separate ? samplesPerPixel : 1
            let perPixel = separate ? 1 : samplesPerPixel
            func sample(_ plane: Int, _ row: Int, _ col: Int, _ s: Int) -> UInt16 {
                guard row < height, col < width else { return 0 }
                return samples[(row * width + col) * samplesPerPixel + (separate ? plane : s)]
            }
            func block(plane: Int, row0: Int, col0: Int, blockWidth: Int, rows: Int) -> [UInt8] {
                var bytes: [UInt8] = []
                for r in 0..<rows {
                    for c in 0..<blockWidth {
                        for s in 0..<perPixel {
                            let value = sample(plane, row0 + r, col0 + c, s)
                            bytes += bytesPerSample == 1 ? [UInt8(truncatingIfNeeded: value)]
                                : withUnsafeBytes(of: value, Array.init)
                        }
                    }
                }
                return bytes
            }
            if let tiles {
                try check(TIFFSetFieldUInt32(handle, TIFFTAG_TILEWIDTH, UInt32(tiles)), "tile width")
                try check(TIFFSetFieldUInt32(handle, TIFFTAG_TILELENGTH, UInt32(tiles)), "tile length")
                for plane in 0..<planes {
                    for row0 in stride(from: 0, to: height, by: tiles) {
                        for col0 in stride(from: 0, to: width, by: tiles) {
                            var bytes = block(plane: plane, row0: row0, col0: col0, blockWidth: tiles, rows: tiles)
                            let tile = TIFFComputeTile(handle, UInt32(col0), UInt32(row0), 0, UInt16(plane))
                            guard TIFFWriteEncodedTile(handle, tile, &bytes, tmsize_t(bytes.count)) >= 0 else {
                                throw TIFFError(path: path(name), "libtiff: write tile \(tile)")
                            }
                        }
                    }
                }
            } else {
                let rowsPerStrip = compression == COMPRESSION_JPEG ? 16 : 4
                try check(TIFFSetFieldUInt32(handle, TIFFTAG_ROWSPERSTRIP, UInt32(rowsPerStrip)), "rows per strip")
                for plane in 0..<planes {
                    for row0 in stride(from: 0, to: height, by: rowsPerStrip) {
                        var bytes = block(plane: plane, row0: row0, col0: 0, blockWidth: width,
                                          rows: min(rowsPerStrip, height - row0))
                        let strip = TIFFComputeStrip(handle, UInt32(row0), UInt16(plane))
                        guard TIFFWriteEncodedStrip(handle, strip, &bytes, tmsize_t(bytes.count)) >= 0 else {
                            throw TIFFError(path: path(name), "libtiff: write strip \(strip)")
                        }
                    }
                }
            }
            try check(TIFFWriteDirectory(handle), "write directory")
        }
    }
}

/// A single-strip, uncompressed, single-page greyscale TIFF made byte by byte
/// (as the tests' MinimalTIFF), little- or big-endian, for sample formats
/// neither TIFFWriter nor libtiff's writer will produce.
struct HandMadeTIFF {
    let width: Int, height: Int, bitsPerSample: Int, sampleFormat: Int
    let data: [UInt8]
    var bigEndian = false

    var bytes: Data {
        let dataOffset = 8 + 2 + 10 * 12 + 4
        let entries: [(UInt16, UInt16, UInt32)] = [
            (256, 4, UInt32(width)), (257, 4, UInt32(height)), (258, 3, UInt32(bitsPerSample)), (259, 3, 1),
            (262, 3, 1), (273, 4, UInt32(dataOffset)), (277, 3, 1), (278, 4, UInt32(height)),
            (279, 4, UInt32(data.count)), (339, 3, UInt32(sampleFormat)),
        ]
        var out = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: bigEndian ? value.bigEndian : value.littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: bigEndian ? [0x4D, 0x4D] : [0x49, 0x49])
        append(UInt16(42))
        append(UInt32(8))
        append(UInt16(entries.count))
        for (tag, type, value) in entries {
            append(tag)
            append(type)
            append(UInt32(1))
            if type == 3 {
                append(UInt16(value))
                append(UInt16(0))
            } else {
                append(value)
            }
        }
        append(UInt32(0))
        out.append(contentsOf: data)
        return out
    }
}
