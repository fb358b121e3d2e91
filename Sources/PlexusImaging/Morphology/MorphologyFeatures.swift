/// The morphology of one frame inside one mask: thresholded objects, their
/// skeleton and the intensities. A mean over no items (no objects, no branches,
/// no networks, an empty mask) is nil, not 0: it is undefined, and a stored
/// NULL says so.
public struct MorphologyFeatures: Equatable, Sendable {
    /// The method and the threshold it gave (nil for an empty mask); the
    /// foreground is the intensities above it.
    public var method: ThresholdMethod
    public var threshold: Double?

    /// 8-connected objects of the foreground (`ConnectedComponents`).
    public var objectCount: Int
    /// Foreground pixels.
    public var areaPx: Int
    public var meanObjectAreaPx: Double?
    /// Means over objects of `ObjectShape`'s measures.
    public var meanPerimeterPx: Double?
    public var meanCircularity: Double?
    public var meanAspectRatio: Double?
    public var meanEccentricity: Double?

    /// The skeleton (`Thinning.guoHall`) as a graph (`SkeletonGraph`).
    public var branchCount: Int
    public var junctionCount: Int
    public var endpointCount: Int
    public var totalBranchLengthPx: Double
    public var meanBranchLengthPx: Double?
    /// Median and population standard deviation of the branch lengths.
    public var medianBranchLengthPx: Double? = nil
    public var branchLengthStdPx: Double? = nil
    /// Pixels measured: the mask's, or the whole frame's without a mask.
    public var maskAreaPx: Int = 0
    /// Skeleton objects without / with a junction (MiNA's definitions).
    public var individuals: Int
    public var networks: Int
    public var meanNetworkSizeBranches: Double?
    /// Global efficiency of the skeleton graph, 0 for fewer than two nodes.
    public var skeletonEfficiency: Double

    /// Of all intensities inside the mask (`IntensityStatistics`).
    public var intensityMean: Double?
    public var intensityMedian: Double?
    public var intensityStd: Double?
    public var intensityEntropy: Double?

    public init(method: ThresholdMethod, threshold: Double?, objectCount: Int, areaPx: Int,
                meanObjectAreaPx: Double?, meanPerimeterPx: Double?, meanCircularity: Double?,
                meanAspectRatio: Double?, meanEccentricity: Double?, branchCount: Int, junctionCount: Int,
                endpointCount: Int, totalBranchLengthPx: Double, meanBranchLengthPx: Double?, individuals: Int,
                networks: Int, meanNetworkSizeBranches: Double?, skeletonEfficiency: Double,
                intensityMean: Double?, intensityMedian: Double?, intensityStd: Double?, intensityEntropy: Double?) {
        self.method = method
        self.threshold = threshold
        self.objectCount = objectCount
        self.areaPx = areaPx
        self.meanObjectAreaPx = meanObjectAreaPx
        self.meanPerimeterPx = meanPerimeterPx
        self.meanCircularity = meanCircularity
        self.meanAspectRatio = meanAspectRatio
        self.meanEccentricity = meanEccentricity
        self.branchCount = branchCount
        self.junctionCount = junctionCount
        self.endpointCount = endpointCount
        self.totalBranchLengthPx = totalBranchLengthPx
        self.meanBranchLengthPx = meanBranchLengthPx
        self.individuals = individuals
        self.networks = networks
        self.meanNetworkSizeBranches = meanNetworkSizeBranches
        self.skeletonEfficiency = skeletonEfficiency
        self.intensityMean = intensityMean
        self.intensityMedian = intensityMedian
        self.intensityStd = intensityStd
        self.intensityEntropy = intensityEntropy
    }
}
