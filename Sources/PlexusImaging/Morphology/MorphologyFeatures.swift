/// The morphology of one frame inside one mask: thresholded objects, their
/// skeleton and the intensities. A mean over no items (no objects, no branches,
/// no networks, an empty mask) is nil, not 0: it is undefined, and a stored
/// NULL says so.
package struct MorphologyFeatures: Equatable, Sendable {
    /// The method and the threshold it gave (nil for an empty mask); the
    /// foreground is the intensities above it.
    package var method: ThresholdMethod
    package var threshold: Double?

    /// 8-connected objects of the foreground (`ConnectedComponents`).
    package var objectCount: Int
    /// Foreground pixels.
    package var areaPx: Int
    package var meanObjectAreaPx: Double?
    /// Means over objects of `ObjectShape`'s measures.
    package var meanPerimeterPx: Double?
    package var meanCircularity: Double?
    package var meanAspectRatio: Double?
    package var meanEccentricity: Double?

    /// The skeleton (`Thinning.guoHall`) as a graph (`SkeletonGraph`).
    package var branchCount: Int
    package var junctionCount: Int
    package var endpointCount: Int
    package var totalBranchLengthPx: Double
    package var meanBranchLengthPx: Double?
    /// Median and population standard deviation of the branch lengths.
    package var medianBranchLengthPx: Double? = nil
    package var branchLengthStdPx: Double? = nil
    /// Pixels measured: the mask's, or the whole frame's without a mask.
    package var maskAreaPx: Int = 0
    /// Skeleton objects without / with a junction (MiNA's definitions).
    package var individuals: Int
    package var networks: Int
    package var meanNetworkSizeBranches: Double?
    /// Global efficiency of the skeleton graph, 0 for fewer than two nodes.
    package var skeletonEfficiency: Double

    /// Of all intensities inside the mask (`IntensityStatistics`).
    package var intensityMean: Double?
    package var intensityMedian: Double?
    package var intensityStd: Double?
    package var intensityEntropy: Double?

    package init(method: ThresholdMethod, threshold: Double?, objectCount: Int, areaPx: Int,
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
