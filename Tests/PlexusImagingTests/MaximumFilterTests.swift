import PlexusNumerics
import XCTest
@testable import PlexusImaging

/// The running-maximum filter against the window scanned pixel by pixel, on
/// grids with plateaus (few distinct values), every radius up to past the grid's
/// size, with the window clipped to the grid and with constant padding.
final class MaximumFilterTests: XCTestCase {
    private func scanned(_ values: [Double], width: Int, height: Int, radius: Int, padding: Double?) -> [Double] {
        var out = values
        for r in 0..<height {
            for c in 0..<width {
                var m = -Double.infinity
                for i in (r - radius)...(r + radius) {
                    for j in (c - radius)...(c + radius) {
                        if i >= 0, j >= 0, i < height, j < width {
                            m = max(m, values[i * width + j])
                        } else if let padding {
                            m = max(m, padding)
                        }
                    }
                }
                out[r * width + c] = m
            }
        }
        return out
    }

    func testEqualsTheScannedWindow() {
        var random = SeededRandom(seed: 11)
        for (width, height) in [(1, 1), (1, 9), (7, 1), (5, 3), (37, 23), (16, 16)] {
            // Values from a handful of levels, negative too: plateaus and ties everywhere.
            let values = (0..<(width * height)).map { _ in Double(Int(random.unit() * 7) - 3) }
            for radius in [0, 1, 2, 3, 5, 10, 40] {
                for padding in [nil, 0.0, -5.0] {
                    XCTAssertEqual(MaximumFilter.apply(values, width: width, height: height, radius: radius,
                                                       padding: padding),
                                   scanned(values, width: width, height: height, radius: radius, padding: padding),
                                   "\(width)×\(height), radius \(radius), padding \(String(describing: padding))")
                }
            }
        }
    }

    func testRowPassAloneLeavesSkippedRows() {
        let values: [Double] = [1, 5, 2, 0,
                                9, 1, 1, 3,
                                4, 4, 8, 2]
        let rows = MaximumFilter.alongRows(values, width: 4, height: 3, radius: 1, padding: nil, skip: { $0 == 1 })
        XCTAssertEqual(rows, [5, 5, 5, 2,
                              9, 1, 1, 3,
                              4, 8, 8, 8])
    }
}
