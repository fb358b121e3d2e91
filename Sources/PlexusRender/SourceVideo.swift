import Foundation
import PlexusImaging
import PlexusIngest
import PlexusStore

/// The video a stored cell came from, found and checked before anything is
/// drawn from it.
package enum SourceVideo {
    /// Opens the file `cell` was ingested from: the stored path, or `path`
    /// when given (the file moved). Its SHA-256 must equal the stored one and
    /// its frames must be the stored size, so that the drawing shows the
    /// frames the numbers came from.
    package static func open(for cell: StoredCell, at path: String? = nil) throws -> MicroscopyVideo {
        let stored = cell.video
        let location = path ?? stored.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isFolder) else {
            if let path {
                throw RenderError("--video \(path): no such file")
            }
            throw RenderError("the video of cell \(cell.cellID) was ingested from \(stored.path) (SHA-256 \(stored.sha256)), which does not exist (any more): if it moved, give its new place with --video PATH")
        }
        let video: MicroscopyVideo
        do {
            video = try MicroscopyVideo(path: location, options: stored.readerOptions)
        } catch {
            throw RenderError("\(location): cannot be read as the video of cell \(cell.cellID) was read at ingest: \(error)")
        }
        let digest = try SHA256.hexDigest(of: video)
        guard digest == stored.sha256 else {
            let which = path == nil ? "the stored path \(stored.path)" : "--video \(location)"
            throw RenderError("\(which) is not the video cell \(cell.cellID) was ingested from: its SHA-256 is \(digest), the stored one \(stored.sha256) (the file changed, or is another file); give the original with --video PATH")
        }
        guard video.width == stored.width, video.height == stored.height else {
            throw RenderError("\(location): frames are \(video.width)×\(video.height) px, but cell \(cell.cellID)'s video was \(stored.width)×\(stored.height) px")
        }
        return video
    }
}
