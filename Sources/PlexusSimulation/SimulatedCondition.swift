/// The experimental conditions `plexus simulate` knows, and how each one sets
/// the rates of the mitochondrial dynamics before and after the treatment frame.
package enum SimulatedCondition: String, CaseIterable, Sendable {
    /// Vehicle only: fission and fusion balance, the network stays as it was.
    case control
    /// Listeriolysin O, a pore-forming toxin: the network fragments into short
    /// tubules and puncta, and the cell shrinks.
    case llo
    /// mdivi-1, a fission inhibitor: fusion dominates, tubules lengthen and join.
    case mdivi

    /// The rates in effect at frame `t`. Every condition behaves as the control
    /// before `treatmentFrame`, so that conditions differ only by the treatment.
    package func rates(atFrame t: Int, treatmentFrame: Int) -> DynamicsRates {
        t < treatmentFrame ? .control : treatedRates
    }

    package var treatedRates: DynamicsRates {
        switch self {
        case .control: .control
        case .llo: .llo
        case .mdivi: .mdivi
        }
    }
}

/// Per-frame rates of the events that change a mitochondrial network.
package struct DynamicsRates: Equatable, Sendable {
    /// Probability per frame that a tubule 20 px long splits (proportional to length).
    package var fissionPer20Pixels: Double
    /// Probability per frame that two objects whose ends are within the fusion
    /// distance join.
    package var fusionProbability: Double
    /// Speed (px per frame) at which an object moves toward the nearest end of
    /// another object within the attraction radius: how ends come close enough to fuse.
    package var attractionSpeed: Double
    /// Probability per frame that a tubule shorter than the rounding length rounds
    /// up into a punctum.
    package var roundingProbability: Double
    /// Homeostasis: fission and fusion are scaled so that the object count and the
    /// mean tubule length return to their frame-0 values (the balanced control).
    package var homeostatic: Bool
    /// Cell area at the last frame relative to the treatment frame (1: no change).
    package var finalAreaFraction: Double

    package init(fissionPer20Pixels: Double, fusionProbability: Double, attractionSpeed: Double,
                roundingProbability: Double, homeostatic: Bool, finalAreaFraction: Double) {
        self.fissionPer20Pixels = fissionPer20Pixels
        self.fusionProbability = fusionProbability
        self.attractionSpeed = attractionSpeed
        self.roundingProbability = roundingProbability
        self.homeostatic = homeostatic
        self.finalAreaFraction = finalAreaFraction
    }

    package static let control = DynamicsRates(fissionPer20Pixels: 0.03, fusionProbability: 0.2, attractionSpeed: 0.15,
                                              roundingProbability: 0, homeostatic: true, finalAreaFraction: 1)
    package static let llo = DynamicsRates(fissionPer20Pixels: 0.12, fusionProbability: 0, attractionSpeed: 0,
                                          roundingProbability: 0.04, homeostatic: false, finalAreaFraction: 0.7)
    package static let mdivi = DynamicsRates(fissionPer20Pixels: 0.002, fusionProbability: 0.9, attractionSpeed: 0.5,
                                            roundingProbability: 0, homeostatic: false, finalAreaFraction: 1)
}
