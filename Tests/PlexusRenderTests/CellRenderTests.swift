import CGIF
import CPNG
import Foundation
import PlexusImaging
import PlexusIngest
import PlexusSimulation
import PlexusStore
import XCTest
@testable import PlexusRender

/// `plexus render` on a simulated cell: the files are what Fiji, napari and
/// browsers expect, read back by the libraries that wrote them, and the
/// drawing puts each component where the database says it is.
final class CellRenderTests: XCTestCase {
    /// One simulated llo cell (8 frames of 128², with its frame-0 mask), ingested once for all tests.
    static let experiment: (folder: URL, database: String, video: String) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-render-tests-\(UUID().uuidString)")
        let simulated = SyntheticExperiment(conditions: [.llo], cellsPerCondition: 1, frameCount: 8, size: 128, seed: 3)
        let summary = try! simulated.write(to: folder.appendingPathComponent("videos").path)
        let database = folder.appendingPathComponent("experiment.sqlite").path
        let result = try! BatchIngest(store: try! ExperimentStore(path: database), parameters: IngestParameters())
            .run(try! SampleSheet.load(path: summary.sampleSheet), commandLine: "plexus ingest (render tests)")
        precondition(result.failed.isEmpty, "\(result.failed.map { $0.message ?? "" })")
        return (folder, database, summary.videos[0])
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(at: experiment.folder)
        super.tearDown()
    }

    var output: URL!

    override func setUpWithError() throws {
        output = Self.experiment.folder.appendingPathComponent("out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    }

    func out(_ name: String) -> String { output.appendingPathComponent(name).path }

    func renderer(scale: Int = 2, fullFrame: Bool = false) throws -> CellRenderer {
        let cell = try StoredCell(database: Self.experiment.database, cellID: 1)
        return try CellRenderer(cell: cell, video: try SourceVideo.open(for: cell),
                                settings: .init(scale: scale, fullFrame: fullFrame))
    }

    // MARK: - Files

    func testTIFFStackHasOneRGBPagePerProcessedFrame() throws {
        let renderer = try renderer()
        let frames = renderer.cell.frames.map(\.t)
        XCTAssertEqual(frames, Array(0..<8))
        let summary = try CellMovie.write(renderer, frames: frames, to: out("cell.tif"))
        XCTAssertEqual(summary.frames, frames)

        let stack = try TIFFVideo(path: out("cell.tif"), channel: 0)
        XCTAssertEqual(stack.pageCount, 8)
        XCTAssertEqual(stack.samplesPerPixel, 3)
        XCTAssertEqual(stack.bitDepth, 8)
        XCTAssertEqual(stack.width, renderer.canvasWidth)
        XCTAssertEqual(stack.height, renderer.canvasHeight)
        // The cell's region (its masks' bounds plus 8 px), enlarged twice.
        XCTAssertEqual(renderer.canvasWidth, 2 * renderer.region.width)
        XCTAssertLessThan(renderer.region.width, 128)
        // Fiji reads the ImageJ description: a stack of 8 frames in µm, 2 s apart.
        let description = try XCTUnwrap(stack.description)
        XCTAssertTrue(description.hasPrefix("ImageJ="), description)
        XCTAssertTrue(description.contains("frames=8\n"), description)
        XCTAssertTrue(description.contains("unit=micron\n"), description)
        XCTAssertTrue(description.contains("finterval=\(CellSimulation.frameIntervalSeconds)\n"), description)
        // The pixels are the drawn frames: each sample of every channel.
        for t in [0, 7] {
            let expected = try renderer.draw(t: t).rgb()
            for sample in 0..<3 {
                let page = try TIFFVideo(path: out("cell.tif"), channel: sample).readPage(t).samples
                XCTAssertEqual(page, (0..<(expected.count / 3)).map { UInt16(expected[3 * $0 + sample]) }, "t \(t) sample \(sample)")
            }
        }
    }

    func testPNGDecodesToTheDrawnFrame() throws {
        let renderer = try renderer(scale: 3)
        let summary = try CellMovie.write(renderer, frames: [5], to: out("frame5.png"))
        XCTAssertEqual(summary.frames, [5])
        var image = png_image()
        image.version = 1
        XCTAssertEqual(png_image_begin_read_from_file(&image, out("frame5.png")), 1)
        XCTAssertEqual(Int(image.width), renderer.canvasWidth)
        XCTAssertEqual(Int(image.height), renderer.canvasHeight)
        image.format = 0x02  // PNG_FORMAT_RGB
        var pixels = [UInt8](repeating: 0, count: Int(image.width * image.height) * 3)
        XCTAssertEqual(pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }, 1)
        XCTAssertEqual(pixels, try renderer.draw(t: 5).rgb())
    }

    func testGIFDecodesToTheDrawnFramesInOrder() throws {
        let renderer = try renderer()
        let frames = [0, 2, 4, 6]
        _ = try CellMovie.write(renderer, frames: frames, to: out("cell.gif"), framesPerSecond: 5)
        var error: Int32 = 0
        let gif = try XCTUnwrap(DGifOpenFileName(out("cell.gif"), &error))
        defer { DGifCloseFile(gif, &error) }
        XCTAssertEqual(DGifSlurp(gif), GIF_OK)
        XCTAssertEqual(Int(gif.pointee.SWidth), renderer.canvasWidth)
        XCTAssertEqual(Int(gif.pointee.SHeight), renderer.canvasHeight)
        XCTAssertEqual(Int(gif.pointee.ImageCount), 4)
        let map = try XCTUnwrap(gif.pointee.SColorMap)
        XCTAssertEqual(map.pointee.ColorCount, 256)
        for (i, t) in frames.enumerated() {
            let saved = gif.pointee.SavedImages[i]
            let count = Int(saved.ImageDesc.Width * saved.ImageDesc.Height)
            let indices = Array(UnsafeBufferPointer(start: saved.RasterBits, count: count))
            XCTAssertEqual(indices, try renderer.draw(t: t).pixels, "frame \(t)")
            // 5 frames/s: 20 hundredths of a second each.
            var control = GraphicsControlBlock()
            XCTAssertEqual(DGifSavedExtensionToGCB(gif, Int32(i), &control), GIF_OK)
            XCTAssertEqual(control.DelayTime, 20)
        }
        // The global colour table is the palette.
        for index in [0, 127, Int(Palette.component(3)), Int(Palette.maskOutline)] {
            let c = map.pointee.Colors[index], p = Palette.colours[index]
            XCTAssertEqual([c.Red, c.Green, c.Blue], [p.red, p.green, p.blue], "colour \(index)")
        }
    }

    // MARK: - What is drawn

    /// Every component's mean carries its id's colour, at the stored position;
    /// the ellipse passes through mean ± 1 SD along its major axis.
    func testComponentsAreDrawnAtTheirStoredMeans() throws {
        let renderer = try renderer(scale: 3)
        var checked = 0
        for t in [0, 4, 7] {
            let overlay = try renderer.cell.overlay(at: t)
            XCTAssertGreaterThan(overlay.components.count, 3, "t \(t)")
            let canvas = renderer.draw(image: try renderer.video.readFrame(t), overlay: overlay)
            for component in overlay.components where !component.collapsed {
                let colour = Palette.component(component.k)
                // Pixel (r, c) of the video covers canvas rows 3(r − top) … 3(r − top) + 2: its centre is 3(r − top) + 1.5.
                let p = (y: (component.meanRow - Double(renderer.region.top)) * 3 + 1.5,
                         x: (component.meanCol - Double(renderer.region.left)) * 3 + 1.5)
                func near(_ y: Double, _ x: Double, within r: Int) -> Bool {
                    let row = Int(y.rounded(.down)), col = Int(x.rounded(.down))
                    for dr in -r...r { for dc in -r...r {
                        let rr = row + dr, cc = col + dc
                        if rr >= 0, rr < canvas.height, cc >= 0, cc < canvas.width, canvas[rr, cc] == colour { return true }
                    } }
                    return false
                }
                // Later components may cover part of an earlier one's dot, not all of it.
                XCTAssertTrue(near(p.y, p.x, within: 2), "t \(t) component \(component.k): no pixel of its colour at its mean")
                let e = component.ellipse
                if e.major * 3 > 4 {
                    let dy = sin(e.angle) * e.major * 3, dx = cos(e.angle) * e.major * 3
                    XCTAssertTrue(near(p.y + dy, p.x + dx, within: 1) || near(p.y - dy, p.x - dx, within: 1),
                                  "t \(t) component \(component.k): its ellipse misses mean ± 1 SD")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }

    /// The mask outline follows the stored mask: outline pixels lie on the
    /// boundary of the enlarged mask, and every boundary pixel of the mask has one.
    func testMaskOutlineFollowsTheStoredMask() throws {
        let renderer = try renderer(scale: 1)
        let overlay = try renderer.cell.overlay(at: 3)
        let mask = try XCTUnwrap(overlay.mask)
        var canvas = Canvas(width: renderer.canvasWidth, height: renderer.canvasHeight)
        renderer.drawOutline(of: mask, on: &canvas)
        let region = renderer.region
        var boundary = 0
        for row in region.top..<region.bottom {
            for col in region.left..<region.right {
                let inside = mask[row, col]
                let edge = inside && [(-1, 0), (1, 0), (0, -1), (0, 1)].contains { d in
                    let r = row + d.0, c = col + d.1
                    return r < 0 || r >= mask.height || c < 0 || c >= mask.width || !mask[r, c]
                }
                XCTAssertEqual(canvas[row - region.top, col - region.left] == Palette.maskOutline, edge, "(\(row), \(col))")
                if edge { boundary += 1 }
            }
        }
        XCTAssertGreaterThan(boundary, 50)
    }

    func testScaleBarIsAOneTwoFiveLengthOfAFifthOfTheWidth() throws {
        let renderer = try renderer(scale: 2)
        let bar = try XCTUnwrap(renderer.scaleBar)
        let width = Double(renderer.canvasWidth) * bar.micrometresPerCanvasPixel
        XCTAssertLessThanOrEqual(bar.micrometres, width / 5)
        XCTAssertGreaterThan(bar.micrometres * 2.5, width / 5)
        XCTAssertEqual(bar.micrometresPerCanvasPixel, CellSimulation.pixelSizeMicrometres / 2, accuracy: 1e-12)
        let mantissa = bar.micrometres / pow(10, log10(bar.micrometres).rounded(.down))
        XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "\(bar.micrometres)")
    }

    /// The display range is the stated percentiles of the region's intensities.
    func testDisplayRangeIsThePercentilesOfTheRegion() throws {
        let renderer = try renderer()
        var values: [Float] = []
        let frames = renderer.cell.frames.map(\.t)
        for t in frames {
            let image = try renderer.video.readFrame(t)
            for row in renderer.region.top..<renderer.region.bottom {
                for col in renderer.region.left..<renderer.region.right { values.append(image[row, col]) }
            }
        }
        values.sort()
        let low = Double(values[Int(0.005 * Double(values.count))]), high = Double(values[Int(0.995 * Double(values.count))])
        XCTAssertEqual(renderer.displayRange.lowerBound, low, accuracy: 1.0 / 16 + 1e-9)
        XCTAssertEqual(renderer.displayRange.upperBound, high, accuracy: 2.0 / 16 + 1e-9)
        XCTAssertTrue(renderer.displayRangeFromPercentiles)
    }

    /// Each event is marked in its colour around its position: rings for births and
    /// splits, a square for a merge, a cross for a death; edges pair both directions.
    func testEventsAreMarkedWhereTheyHappened() throws {
        let renderer = try renderer(scale: 2)
        let region = renderer.region
        let image = try renderer.video.readFrame(0)
        let centre = (row: Double(region.top + region.height / 2), col: Double(region.left + region.width / 2))
        for kind in FrameOverlay.Event.Kind.allCases {
            let event = FrameOverlay.Event(k: 3, kind: kind, otherK: kind == .merge || kind == .split ? 1 : nil,
                                           row: centre.row, col: centre.col)
            let canvas = renderer.draw(image: image, overlay: FrameOverlay(t: 0, components: [], directed: [], events: [event], mask: nil))
            let colour = [FrameOverlay.Event.Kind.birth: Palette.birth, .death: Palette.death, .split: Palette.split, .merge: Palette.merge][kind]!
            let y = (centre.row - Double(region.top)) * 2 + 1, x = (centre.col - Double(region.left)) * 2 + 1
            var distances: [Double] = []
            for row in 0..<canvas.height { for col in 0..<canvas.width where canvas[row, col] == colour {
                distances.append(((Double(row) + 0.5 - y) * (Double(row) + 0.5 - y) + (Double(col) + 0.5 - x) * (Double(col) + 0.5 - x)).squareRoot())
            } }
            XCTAssertFalse(distances.isEmpty, "\(kind)")
            switch kind {
            case .birth, .split:  // a ring of radius 10 canvas px
                XCTAssertGreaterThan(distances.min()!, 7, "\(kind)")
                XCTAssertLessThan(distances.max()!, 13, "\(kind)")
            case .death:  // a cross through the point
                XCTAssertLessThan(distances.min()!, 2, "\(kind)")
            case .merge:  // a square of half-side 10
                XCTAssertGreaterThan(distances.min()!, 8, "\(kind)")
                XCTAssertLessThan(distances.max()!, 16, "\(kind)")
            }
        }
        let paired = FrameOverlay(t: 0, components: [], directed: [(1, 2, 4), (2, 1, 2), (1, 3, 1)], events: [], mask: nil)
        XCTAssertEqual(paired.edges.map { [$0.a, $0.b] }, [[1, 3], [1, 2]])
        XCTAssertEqual(paired.edges.map(\.weight), [0.5, 3])
        XCTAssertEqual(paired.edges.map(\.strength), [0.5 / 3, 1])
    }

    func testEllipseOfACovarianceIsItsEigenDecomposition() {
        func component(_ rr: Double, _ rc: Double, _ cc: Double) -> FrameOverlay.Component {
            FrameOverlay.Component(k: 0, weight: 1, meanRow: 0, meanCol: 0, covRR: rr, covRC: rc, covCC: cc, collapsed: false)
        }
        var e = component(4, 0, 9).ellipse
        XCTAssertEqual(e.major, 3, accuracy: 1e-12)
        XCTAssertEqual(e.minor, 2, accuracy: 1e-12)
        XCTAssertEqual(e.angle, 0, accuracy: 1e-12)
        e = component(9, 0, 4).ellipse
        XCTAssertEqual(e.major, 3, accuracy: 1e-12)
        XCTAssertEqual(abs(e.angle), Double.pi / 2, accuracy: 1e-12)
        // Rotated by 30°: Σ = R diag(16, 1) Rᵀ in (col, row) coordinates.
        let a = Double.pi / 6, c = cos(a), s = sin(a)
        e = component(16 * s * s + c * c, (16 - 1) * s * c, 16 * c * c + s * s).ellipse
        XCTAssertEqual(e.major, 4, accuracy: 1e-12)
        XCTAssertEqual(e.minor, 1, accuracy: 1e-12)
        XCTAssertEqual(e.angle, a, accuracy: 1e-12)
    }

    func testDrawingFarOutsideTheCanvasIsClipped() {
        var canvas = Canvas(width: 10, height: 10)
        canvas.line(y0: -50, x0: -50, y1: 500, x1: 300, colour: 1, size: 3)
        canvas.ellipse(cy: 1e6, cx: -1e6, a: 10, b: 3, angle: 1, colour: 2)
        canvas.ellipse(cy: 5, cx: 5, a: .infinity, b: .nan, angle: 0, colour: 2)
        canvas.disc(cy: -5, cx: 20, r: 3, colour: 3)
        canvas.dot(y: .nan, x: 4, colour: 4)
        canvas.text("t = 12  5 µm", top: 8, left: 7, scale: 3)
        canvas.fill(top: 9, left: 9, bottom: 100, right: 100, colour: 5)
        XCTAssertEqual(canvas.pixels.count, 100)
        XCTAssertEqual(canvas[9, 9], 5)
    }

    // MARK: - Bad input

    func testUnknownCellListsTheCells() {
        XCTAssertThrowsError(try StoredCell(database: Self.experiment.database, cellID: 42)) { error in
            XCTAssertTrue("\(error)".contains("there is no cell 42; the database's cells are 1"), "\(error)")
        }
    }

    func testMissingOrChangedVideoIsNamedWithItsHash() throws {
        let cell = try StoredCell(database: Self.experiment.database, cellID: 1)
        let moved = out("moved.tif")
        try FileManager.default.copyItem(atPath: Self.experiment.video, toPath: moved)
        // The copy is the same video: --video finds it.
        XCTAssertEqual(try SourceVideo.open(for: cell, at: moved).frameCount, 8)
        XCTAssertThrowsError(try SourceVideo.open(for: cell, at: out("nowhere.tif"))) { error in
            XCTAssertEqual("\(error)", "--video \(out("nowhere.tif")): no such file")
        }
        // A changed byte: the hashes differ, and both are named.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: moved)))
        bytes[bytes.count - 1] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: moved))
        XCTAssertThrowsError(try SourceVideo.open(for: cell, at: moved)) { error in
            XCTAssertTrue("\(error)".contains(cell.video.sha256), "\(error)")
            XCTAssertTrue("\(error)".contains("is not the video cell 1 was ingested from"), "\(error)")
        }
    }

    func testStoredPathThatNoLongerExistsSaysSoAndPointsToVideo() throws {
        // A copy of the database whose video path is elsewhere.
        let copy = out("copy.sqlite")
        // VACUUM INTO copies what the write-ahead log holds too (a file copy would miss it while
        // another connection keeps the database open).
        try SQLiteConnection(path: Self.experiment.database, mode: .readOnly).prepare("VACUUM INTO ?1").run([.text(copy)])
        let connection = try SQLiteConnection(path: copy, mode: .readWrite)
        try connection.execute("UPDATE video SET path = '/gone/llo-1.tif'")
        let cell = try StoredCell(database: copy, cellID: 1)
        XCTAssertThrowsError(try SourceVideo.open(for: cell)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/gone/llo-1.tif") && text.contains(cell.video.sha256) && text.contains("--video"), text)
        }
        XCTAssertEqual(try SourceVideo.open(for: cell, at: Self.experiment.video).frameCount, 8)
    }

    func testFrameSelection() throws {
        let cell = try StoredCell(database: Self.experiment.database, cellID: 1)
        XCTAssertEqual(try CellMovie.select(nil, every: 1, from: cell), Array(0..<8))
        XCTAssertEqual(try CellMovie.select("1-3,6", every: 1, from: cell), [1, 2, 3, 6])
        XCTAssertEqual(try CellMovie.select(nil, every: 3, from: cell), [0, 3, 6])
        for (spec, message) in [("9", "frame 9 is not a processed frame of cell 1; its processed frames are 0…7"),
                                ("20-30", "no processed frame of cell 1 lies in 20-30"),
                                ("a", "\"a\" is neither a frame index nor a range"),
                                ("5-2", "\"5-2\" is neither")] {
            XCTAssertThrowsError(try CellMovie.select(spec, every: 1, from: cell)) { error in
                XCTAssertTrue("\(error)".contains(message), "\(spec): \(error)")
            }
        }
        XCTAssertThrowsError(try CellMovie.select(nil, every: 0, from: cell))
    }

    /// A refused output leaves nothing behind: no file, no temporary.
    func testRefusedOutputsWriteNothing() throws {
        let renderer = try renderer()
        for (name, message) in [("cell.xlsx", "the extension .xlsx is not supported; write .tif or .tiff"),
                                ("cell", "no extension"),
                                ("two.png", "a PNG holds one frame, but 2 are selected")] {
            XCTAssertThrowsError(try CellMovie.write(renderer, frames: [0, 1], to: out(name))) { error in
                XCTAssertTrue("\(error)".contains(message), "\(name): \(error)")
            }
        }
        XCTAssertThrowsError(try CellMovie.write(renderer, frames: [0], to: out("missing/cell.tif"))) { error in
            XCTAssertTrue("\(error)".contains("does not exist"), "\(error)")
        }
        XCTAssertThrowsError(try CellRenderer(cell: renderer.cell, video: renderer.video, settings: .init(scale: 0)))
        XCTAssertThrowsError(try CellRenderer(cell: renderer.cell, video: renderer.video,
                                              settings: .init(displayRange: 5...5)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path), [])
    }
}
