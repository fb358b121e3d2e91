import Foundation
import PlexusNumerics
import XCTest

/// `count` samples uniformly in 0...maximum, reproducibly.
func randomSamples(count: Int, maximum: UInt16, seed: UInt64) -> [UInt16] {
    var generator = SeededRandom(seed: seed)
    return (0..<count).map { _ in UInt16.random(in: 0...maximum, using: &generator) }
}

