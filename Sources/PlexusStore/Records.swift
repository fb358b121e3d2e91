import PlexusGraph
import PlexusMixture

/// The `video` row of one ingested file (id assigned when it is committed).
package struct VideoRecord: Sendable {
    package var path: String
    package var sha256: String
    package var parametersSHA256: String
    package var condition: String
    package var replicate: String?
    package var frameCount: Int
    package var processedFrameCount: Int
    package var height: Int
    package var width: Int
    package var bitDepth: Int
    package var channel: Int
    package var pixelSizeMicrometres: Double?
    package var frameIntervalSeconds: Double?
    package var treatmentFrame: Int?
    package var metadataJSON: String
    /// The frame-0 label image, when the cells come from one.
    package var maskPath: String?
    package var maskSHA256: String?
    /// How the pages were read (`video.stack_json`).
    package var stackJSON: String = "{}"
    /// Where the pixel size and frame interval came from: sheet, option, ImageJ or OME.
    package var pixelSizeSource: String?
    package var frameIntervalSource: String?
    package var significantBits: Int?
    package var significantBitsSource: String?

    package init(path: String, sha256: String, parametersSHA256: String, condition: String,
                replicate: String?, frameCount: Int, processedFrameCount: Int, height: Int, width: Int,
                bitDepth: Int, channel: Int, pixelSizeMicrometres: Double?, frameIntervalSeconds: Double?,
                treatmentFrame: Int?, metadataJSON: String, maskPath: String? = nil, maskSHA256: String? = nil) {
        self.path = path
        self.sha256 = sha256
        self.parametersSHA256 = parametersSHA256
        self.condition = condition
        self.replicate = replicate
        self.frameCount = frameCount
        self.processedFrameCount = processedFrameCount
        self.height = height
        self.width = width
        self.bitDepth = bitDepth
        self.channel = channel
        self.pixelSizeMicrometres = pixelSizeMicrometres
        self.frameIntervalSeconds = frameIntervalSeconds
        self.treatmentFrame = treatmentFrame
        self.metadataJSON = metadataJSON
        self.maskPath = maskPath
        self.maskSHA256 = maskSHA256
    }
}

/// The `frame` row of one cell at one frame.
package struct FrameRecord: Sendable {
    package enum Status: String, Sendable { case fitted, noPeaks = "no_peaks", empty }
    package enum Initialization: String, Sendable { case peaks, previousFrame = "previous_frame" }

    package var t: Int
    package var timeSeconds: Double?
    package var status: Status
    package var maskAreaPixels: Int
    package var intensityTotal: Double
    package var initializedFrom: Initialization?
    package var peakCount: Int?
    package var logLikelihood: Double?
    package var iterations: Int?
    package var converged: Bool?
    package var bic: Double?
    package var componentCount: Int
    package var edgeCount: Int?
    package var edgeDensity: Double?
    package var algebraicConnectivity: Double?
    package var spectralGap: Double?
    package var connectedComponents: Int?
    /// Structural changes in effect from this frame (`component_event`).
    package var birthCount = 0
    package var deathCount = 0
    package var splitCount = 0
    package var mergeCount = 0

    package init(t: Int, timeSeconds: Double?, status: Status, maskAreaPixels: Int, intensityTotal: Double,
                initializedFrom: Initialization?, peakCount: Int?, logLikelihood: Double?, iterations: Int?,
                converged: Bool?, bic: Double?, componentCount: Int) {
        self.t = t
        self.timeSeconds = timeSeconds
        self.status = status
        self.maskAreaPixels = maskAreaPixels
        self.intensityTotal = intensityTotal
        self.initializedFrom = initializedFrom
        self.peakCount = peakCount
        self.logLikelihood = logLikelihood
        self.iterations = iterations
        self.converged = converged
        self.bic = bic
        self.componentCount = componentCount
    }

    /// Fills the graph summaries from a frame's network.
    package mutating func summarize(_ network: FrameNetwork) {
        edgeCount = network.edges.count
        edgeDensity = network.edgeDensity
        algebraicConnectivity = network.algebraicConnectivity
        spectralGap = network.spectralGap
        connectedComponents = network.connectedComponents
    }
}
