import PlexusGraph
import PlexusMixture

/// The `video` row of one ingested file (id assigned when it is committed).
public struct VideoRecord: Sendable {
    public var path: String
    public var sha256: String
    public var parametersSHA256: String
    public var condition: String
    public var replicate: String?
    public var frameCount: Int
    public var processedFrameCount: Int
    public var height: Int
    public var width: Int
    public var bitDepth: Int
    public var channel: Int
    public var pixelSizeMicrometres: Double?
    public var frameIntervalSeconds: Double?
    public var treatmentFrame: Int?
    public var metadataJSON: String
    /// The frame-0 label image, when the cells come from one.
    public var maskPath: String?
    public var maskSHA256: String?
    /// How the pages were read (`video.stack_json`).
    public var stackJSON: String = "{}"
    /// Where the pixel size and frame interval came from: sheet, option, ImageJ or OME.
    public var pixelSizeSource: String?
    public var frameIntervalSource: String?
    public var significantBits: Int?
    public var significantBitsSource: String?

    public init(path: String, sha256: String, parametersSHA256: String, condition: String,
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
public struct FrameRecord: Sendable {
    public enum Status: String, Sendable { case fitted, noPeaks = "no_peaks", empty }
    public enum Initialization: String, Sendable { case peaks, previousFrame = "previous_frame" }

    public var t: Int
    public var timeSeconds: Double?
    public var status: Status
    public var maskAreaPixels: Int
    public var intensityTotal: Double
    public var initializedFrom: Initialization?
    public var peakCount: Int?
    public var logLikelihood: Double?
    public var iterations: Int?
    public var converged: Bool?
    public var bic: Double?
    public var componentCount: Int
    public var edgeCount: Int?
    public var edgeDensity: Double?
    public var algebraicConnectivity: Double?
    public var spectralGap: Double?
    public var connectedComponents: Int?
    /// Structural changes in effect from this frame (`component_event`).
    public var birthCount = 0
    public var deathCount = 0
    public var splitCount = 0
    public var mergeCount = 0

    public init(t: Int, timeSeconds: Double?, status: Status, maskAreaPixels: Int, intensityTotal: Double,
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
    public mutating func summarize(_ network: FrameNetwork) {
        edgeCount = network.edges.count
        edgeDensity = network.edgeDensity
        algebraicConnectivity = network.algebraicConnectivity
        spectralGap = network.spectralGap
        connectedComponents = network.connectedComponents
    }
}
