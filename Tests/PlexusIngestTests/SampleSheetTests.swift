import Foundation
import PlexusImaging
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// Sample sheets as spreadsheets export them, and every way one can be wrong.
final class SampleSheetTests: TemporaryDirectoryTestCase {
    private func write(_ text: String, name: String = "samples.csv") throws -> String {
        let file = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    func testGoodSheet() throws {
        let text = "\u{FEFF}Video,condition,replicate,pixel_size_um,frame_interval_s,treatment_frame,mask,notes,Operator\r\n"
            + "a.tif,control,r1,0.108,2.5,3,,\"hello, world\",\"Ann \"\"A\"\"\"\r\n"
            + "\r\n"
            + "  sub/b.tif , llo ,,,,,,\"two\r\nlines\",\r\n"
            + ",,,,,,,,\r\n"
            + "/abs/c.tif,control,r2, 1 ,,0,,x,y"
        let sheet = try write(text)
        let specs = try SampleSheet.load(path: sheet)
        XCTAssertEqual(specs.count, 3)
        guard specs.count == 3 else { return }

        XCTAssertEqual(specs[0].path, path("a.tif"))
        XCTAssertEqual(specs[0].condition, "control")
        XCTAssertEqual(specs[0].replicate, "r1")
        XCTAssertEqual(specs[0].pixelSizeMicrometres, 0.108)
        XCTAssertEqual(specs[0].frameIntervalSeconds, 2.5)
        XCTAssertEqual(specs[0].treatmentFrame, 3)
        XCTAssertEqual(specs[0].metadata, ["notes": "hello, world", "operator": "Ann \"A\""])
        XCTAssertEqual(specs[0].metadataJSON, #"{"notes":"hello, world","operator":"Ann \"A\""}"#)
        XCTAssertEqual(specs[0].origin, "\(sheet) row 2")

        XCTAssertEqual(specs[1].path, path("sub/b.tif"))
        XCTAssertEqual(specs[1].condition, "llo")
        XCTAssertNil(specs[1].replicate)
        XCTAssertNil(specs[1].pixelSizeMicrometres)
        XCTAssertNil(specs[1].frameIntervalSeconds)
        XCTAssertNil(specs[1].treatmentFrame)
        XCTAssertEqual(specs[1].metadata["notes"], "two\r\nlines")
        XCTAssertEqual(specs[1].origin, "\(sheet) row 4", "the blank row 3 still counts")

        XCTAssertEqual(specs[2].path, "/abs/c.tif")
        XCTAssertEqual(specs[2].pixelSizeMicrometres, 1)
        XCTAssertEqual(specs[2].treatmentFrame, 0)
        XCTAssertEqual(specs[2].metadata, ["notes": "x", "operator": "y"])
        // Row 4's quoted field spans two lines, and row 6 is blank: the last row is 7.
        XCTAssertEqual(specs[2].origin, "\(sheet) row 7")
    }

    func testRelativePathsResolveAgainstTheSheetFolder() throws {
        try FileManager.default.createDirectory(atPath: path("sheets"), withIntermediateDirectories: true)
        let sheet = try write("video,condition\n../videos/a.tif,control\nb.tif,control\n", name: "sheets/s.csv")
        let specs = try SampleSheet.load(path: sheet)
        XCTAssertEqual(specs.map(\.path), [path("videos/a.tif"), path("sheets/b.tif")])
    }

    /// The mask column names each video's frame-0 label image, relative to the sheet like the video; empty: no mask.
    func testChannelProjectionAndBitDepthColumns() throws {
        let sheet = try write("video,condition,channel,z_project,bit_depth\n"
                              + "a.tif,control,1,max,12\nb.tif,control,TOM20,,\nc.tif,control,,MEAN,16\n")
        let specs = try SampleSheet.load(path: sheet)
        XCTAssertEqual(specs.map(\.channel), [.index(1), .name("TOM20"), nil])
        XCTAssertEqual(specs.map(\.zProjection), [.max, nil, .mean])
        XCTAssertEqual(specs.map(\.bitDepth), [12, nil, 16])
        XCTAssertEqual(specs[0].metadata, [:], "known columns are not metadata")
        // A row's own values replace the command line's in what identifies its analysis.
        let base = IngestParameters(channel: 0)
        XCTAssertEqual(base.applying(specs[0]).channel, 1)
        XCTAssertEqual(base.applying(specs[1]).channelName, "TOM20")
        XCTAssertNil(base.applying(specs[1]).channel)
        XCTAssertEqual(base.applying(specs[2]), IngestParameters(channel: 0, zProjection: .mean, bitDepth: 16))
        XCTAssertNotEqual(base.applying(specs[0]).sha256, base.sha256)
        XCTAssertEqual(base.applying(VideoSpec(path: "d.tif", condition: "c")).sha256, base.sha256)

        for (row, message) in [("a.tif,c,,median,", "column z_project: 'median' is not max, mean or sum"),
                               ("a.tif,c,,,24", "column bit_depth: '24'"),
                               ("a.tif,c,-1,,", "column channel: -1")] {
            let bad = try write("video,condition,channel,z_project,bit_depth\n" + row + "\n", name: "bad.csv")
            do {
                _ = try SampleSheet.load(path: bad)
                XCTFail("accepted \(row)")
            } catch {
                XCTAssertTrue("\(error)".contains("row 2, \(message)"), "\(error)")
            }
        }
    }

    func testMaskColumn() throws {
        try FileManager.default.createDirectory(atPath: path("sheets"), withIntermediateDirectories: true)
        let sheet = try write("video,condition,mask\na.tif,control,\nb.tif,control,masks/b-mask.vtk\nc.tif,llo,/abs/c.tif\n",
                              name: "sheets/s.csv")
        let specs = try SampleSheet.load(path: sheet)
        XCTAssertEqual(specs.map(\.maskPath), [nil, path("sheets/masks/b-mask.vtk"), "/abs/c.tif"])
        XCTAssertEqual(specs.map(\.metadata), [[:], [:], [:]], "mask is a known column, not metadata")
    }

    /// Each malformed sheet: an IngestError naming the sheet, and the row and column where there is one.
    /// The same file with another mask or channel is another analysis, and may be listed again.
    func testSameVideoWithAnotherMaskOrChannelIsAllowed() throws {
        let sheet = try write("video,condition,mask,channel\na.tif,control,m1.tif,0\na.tif,control,m2.tif,0\na.tif,control,m1.tif,1\n")
        XCTAssertEqual(try SampleSheet.load(path: sheet).count, 3)
    }

    func testMalformedSheets() throws {
        let cases: [(name: String, text: String, mentions: [String])] = [
            ("missing video column", "file,condition\na.tif,control\n", ["row 1", "video", "missing"]),
            ("missing condition column", "video,replicate\na.tif,r1\n", ["row 1", "condition", "missing"]),
            ("empty condition", "video,condition\na.tif,control\nb.tif,\n", ["row 3", "column condition", "empty"]),
            ("blank condition", "video,condition\na.tif,control\nb.tif,   \n", ["row 3", "column condition"]),
            ("empty video", "video,condition\n,control\n", ["row 2", "column video"]),
            ("non-numeric pixel size", "video,condition,pixel_size_um\na.tif,control,0.1 um\n",
             ["row 2", "column pixel_size_um", "'0.1 um'"]),
            ("negative frame interval", "video,condition,frame_interval_s\na.tif,control,2\nb.tif,control,-2\n",
             ["row 3", "column frame_interval_s", "'-2'"]),
            ("zero frame interval", "video,condition,frame_interval_s\na.tif,control,0\n",
             ["row 2", "column frame_interval_s"]),
            ("infinite pixel size", "video,condition,pixel_size_um\na.tif,control,inf\n",
             ["row 2", "column pixel_size_um"]),
            ("non-integer treatment frame", "video,condition,treatment_frame\na.tif,control,2.5\n",
             ["row 2", "column treatment_frame", "'2.5'"]),
            ("negative treatment frame", "video,condition,treatment_frame\na.tif,control,-1\n",
             ["row 2", "column treatment_frame"]),
            ("too few fields", "video,condition,replicate\na.tif,control,r1\nb.tif,control\n",
             ["row 3", "2 fields", "3 columns"]),
            ("too many fields", "video,condition\na.tif,control,extra\n", ["row 2", "3 fields", "2 columns"]),
            ("unterminated quote", "video,condition\na.tif,control\n\"b.tif,control\nc.tif,control\n",
             ["row 3", "never closed"]),
            ("quote inside a field", "video,condition\na\"b.tif,control\n", ["row 2", "quote"]),
            ("one video, two conditions", "video,condition\na.tif,control\nb.tif,llo\na.tif,llo\n",
             ["row 4 lists a.tif with condition llo (row 2: control)", "remove one"]),
            ("one video listed twice", "video,condition,replicate\na.tif,control,1\n./a.tif,control,1\n",
             ["row 3 lists ./a.tif again", "row 2"]),
            ("duplicate column", "video,condition,Condition\na.tif,control,llo\n", ["row 1", "condition", "twice"]),
            ("unnamed column", "video,condition,,notes\na.tif,control,x,y\n", ["row 1", "column 3", "no name"]),
            ("empty file", "", ["empty"]),
            ("empty lines only", "\r\n\r\n", ["empty"]),
            ("byte-order mark only", "\u{FEFF}", ["empty"]),
            ("header only", "video,condition\n", ["no videos"]),
            ("header and blank rows", "video,condition\n\n,\n", ["no videos"]),
        ]
        for (name, text, mentions) in cases {
            let sheet = try write(text, name: "bad.csv")
            do {
                let specs = try SampleSheet.load(path: sheet)
                XCTFail("\(name): accepted, giving \(specs)")
            } catch let error as IngestError {
                XCTAssertEqual(error.path, sheet, name)
                XCTAssertTrue(error.description.hasPrefix(sheet), "\(name): \(error)")
                for mention in mentions {
                    XCTAssertTrue(error.message.contains(mention), "\(name): '\(mention)' not in: \(error.message)")
                }
            } catch {
                XCTFail("\(name): expected an IngestError, got \(type(of: error)): \(error)")
            }
        }
    }

    func testUnreadableSheets() throws {
        let missing = path("missing.csv")
        let notFound = assertThrows(IngestError.self) { _ = try SampleSheet.load(path: missing) }
        XCTAssertEqual(notFound?.path, missing)
        XCTAssertTrue(notFound?.message.contains("not found") ?? false)

        let latin1 = path("latin1.csv")
        try Data("video,condition\nmüller.tif,control\n".data(using: .isoLatin1)!).write(to: URL(fileURLWithPath: latin1))
        let encoding = assertThrows(IngestError.self) { _ = try SampleSheet.load(path: latin1) }
        XCTAssertEqual(encoding?.path, latin1)
        XCTAssertTrue(encoding?.message.contains("UTF-8") ?? false, encoding?.message ?? "")
    }
}
