import ArgumentParser
import Foundation
import PlexusIngest

extension Plexus {
    struct MasksCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "masks",
            abstract: "Write a cell's masks, as carried through its video, to a TIFF stack for checking.",
            discussion: """
                One 8-bit page per processed frame, in frame order, 255 inside the cell and 0 outside, \
                the size of the video: open it beside the video in Fiji or napari to see that the mask \
                follows the cell. Cells have stored masks when their video was ingested with --mask, a \
                mask column in the sample sheet, or --auto-cells. Example:
                  plexus masks --db experiment.sqlite --cell 2 --out cell2-masks.tif
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "The cell's id (cell.id in the database).")
        var cell: Int64

        @Option(help: ArgumentHelp("The TIFF file to write (replaced if it exists).", valueName: "file.tif"))
        var out: String

        func validate() throws {
            if cell < 1 { throw ValidationError("--cell must be a cell id (1 or more)") }
            let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
                throw ValidationError("--out \(out): folder \(folder) does not exist")
            }
        }

        func run() throws {
            let summary = try MaskExport.writeTIFF(database: database.db, cellID: cell, to: out)
            let masks = summary.masks
            let frames = summary.frames
            let span = frames.count == 1 ? "t = \(frames[0])" : "t = \(frames.first ?? 0)…\(frames.last ?? 0)"
            let lost = masks.lostAt.map { "; the cell was lost at t = \($0)" } ?? ""
            print("wrote \(summary.pages) masks (\(masks.width)×\(masks.height), \(span)) of cell \(cell), label \(masks.label) of \(masks.videoPath)\(lost) → \(out)")
        }
    }
}
