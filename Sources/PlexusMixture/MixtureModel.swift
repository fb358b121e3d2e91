/// One bivariate Gaussian of a mixture, in (row, col) pixel coordinates of the
/// original video: feature 0 is the row, feature 1 the column.
public struct GaussianComponent: Equatable, Sendable {
    public var weight: Double
    public var meanRow: Double
    public var meanCol: Double
    public var covRR: Double
    public var covRC: Double
    public var covCC: Double

    public init(weight: Double, meanRow: Double, meanCol: Double,
                covRR: Double, covRC: Double, covCC: Double) {
        self.weight = weight
        self.meanRow = meanRow
        self.meanCol = meanCol
        self.covRR = covRR
        self.covRC = covRC
        self.covCC = covCC
    }
}

/// What happened to a component in the last fit.
public struct ComponentFlags: OptionSet, Equatable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The component holds less than one sample of the repeated-pixel data set
    /// (Σ intensity · responsibility < 1): it is kept, so that component k stays
    /// node k for the whole video, but it no longer describes any structure.
    public static let collapsed = ComponentFlags(rawValue: 1)
    /// Its covariance was not positive definite even with `reg_covar`, and more
    /// regularisation was added (scikit-learn would stop with an error here).
    public static let regularized = ComponentFlags(rawValue: 2)
}

public struct MixtureModel: Equatable, Sendable {
    public var components: [GaussianComponent]

    public init(components: [GaussianComponent]) { self.components = components }

    public var count: Int { components.count }

    /// Free parameters of a 2-D full-covariance mixture: means, covariances, weights.
    public var freeParameterCount: Int { count == 0 ? 0 : 6 * count - 1 }
}
