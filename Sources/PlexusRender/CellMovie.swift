import Foundation
import PlexusStore

/// `plexus render`: a cell's drawn frames written as an RGB TIFF stack, an
/// animated GIF or one PNG. The file appears whole or not at all: it is
/// written beside the target under a temporary name and renamed over it.
package enum CellMovie {
    package enum Format: String, CaseIterable, Sendable {
        case tiff, png, gif

        /// The format of an output file's extension.
        package init(path: String) throws {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "tif", "tiff": self = .tiff
            case "png": self = .png
            case "gif": self = .gif
            case let other:
                throw RenderError("--out \(path): \(other.isEmpty ? "no extension" : "the extension .\(other) is not supported"); write .tif or .tiff (an RGB stack for Fiji and napari), .gif (an animation) or .png (one frame)")
            }
        }
    }

    /// The processed frames to draw: all, or those `frames` names, then every `every`-th of them.
    ///
    /// `frames` is a comma-separated list of frame indices `t` and ranges
    /// `a-b` (inclusive), in the video's frame numbering (`frame.t`).
    package static func select(_ frames: String?, every: Int, from cell: StoredCell) throws -> [Int] {
        let processed = cell.frames.map(\.t)
        guard !processed.isEmpty else { throw RenderError("cell \(cell.cellID) has no processed frames") }
        guard every >= 1 else { throw RenderError("--every must be 1 or more, not \(every)") }
        let available = processed.count == 1 ? "its only processed frame is \(processed[0])"
            : "its processed frames are \(processed[0])…\(processed[processed.count - 1])\(processed.count > 1 ? " (\(processed.count) frames, step \(processed[1] - processed[0]))" : "")"
        var chosen = processed
        if let frames {
            let known = Set(processed)
            var picked = Set<Int>()
            for part in frames.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map { Int($0) }
                if bounds.count == 1, let t = bounds[0] {
                    guard known.contains(t) else {
                        throw RenderError("--frames \(frames): frame \(t) is not a processed frame of cell \(cell.cellID); \(available)")
                    }
                    picked.insert(t)
                } else if bounds.count == 2, let a = bounds[0], let b = bounds[1], a <= b {
                    let inside = processed.filter { (a...b).contains($0) }
                    guard !inside.isEmpty else {
                        throw RenderError("--frames \(frames): no processed frame of cell \(cell.cellID) lies in \(a)-\(b); \(available)")
                    }
                    picked.formUnion(inside)
                } else {
                    throw RenderError("--frames \(frames): \"\(part)\" is neither a frame index nor a range FIRST-LAST (e.g. --frames 0-40,60)")
                }
            }
            chosen = processed.filter { picked.contains($0) }
        }
        return chosen.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }

    package struct Summary: Sendable {
        package let format: Format
        package let frames: [Int]
        package let width: Int
        package let height: Int
        package let bytes: Int
    }

    /// Draws `frames` with `renderer` into `path` (format from its extension).
    /// `progress` is told after each frame.
    package static func write(_ renderer: CellRenderer, frames: [Int], to path: String, framesPerSecond: Double = 10,
                             progress: ((Int) -> Void)? = nil) throws -> Summary {
        let format = try Format(path: path)
        guard !frames.isEmpty else { throw RenderError("no frame to draw") }
        if format == .png && frames.count != 1 {
            throw RenderError("--out \(path): a PNG holds one frame, but \(frames.count) are selected; choose one with --frames T, or write .tif or .gif")
        }
        guard framesPerSecond > 0, framesPerSecond <= 100 else {
            throw RenderError("--fps must be above 0 and at most 100, not \(framesPerSecond)")
        }
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw RenderError("--out \(path): the folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        var finished = false
        defer { if !finished { try? FileManager.default.removeItem(atPath: temporary) } }

        let cell = renderer.cell
        switch format {
        case .png:
            let bytes = try PNGEncoding.encode(try renderer.draw(t: frames[0]))
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
                throw RenderError("--out \(path): cannot write into \(folder.path)")
            }
            progress?(1)
        case .gif:
            let gif = try AnimatedGIF(path: temporary, width: renderer.canvasWidth, height: renderer.canvasHeight,
                                      framesPerSecond: framesPerSecond)
            for (i, t) in frames.enumerated() {
                try gif.append(try renderer.draw(t: t))
                progress?(i + 1)
            }
            try gif.close()
        case .tiff:
            // A frame interval only when the drawn frames are evenly spaced.
            let steps = Set(zip(frames.dropFirst(), frames).map { $0 - $1 })
            let step: Double? = frames.count == 1 ? 1 : steps.count == 1 ? Double(steps.first!) : nil
            let stack = try RGBStackTIFF(
                path: temporary, frames: frames.count,
                pixelSize: cell.video.pixelSizeMicrometres.map { $0 / Double(renderer.settings.scale) },
                interval: step.flatMap { step in cell.video.frameIntervalSeconds.map { $0 * step } },
                note: "cell \(cell.cellID) (label \(cell.label)) of \(cell.video.path); frames \(frames.count <= 10 ? frames.map(String.init).joined(separator: ",") : "\(frames[0])…\(frames[frames.count - 1]) (\(frames.count) frames)"); display range \(renderer.displayRange.lowerBound)-\(renderer.displayRange.upperBound) (8-bit scale); scale \(renderer.settings.scale)")
            for (i, t) in frames.enumerated() {
                try stack.append(try renderer.draw(t: t))
                progress?(i + 1)
            }
        }
        guard rename(temporary, path) == 0 else {
            throw RenderError("--out \(path): cannot write it: \(String(cString: strerror(errno)))")
        }
        finished = true
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return Summary(format: format, frames: frames, width: renderer.canvasWidth, height: renderer.canvasHeight, bytes: bytes)
    }
}
