import Foundation
import XCTest

/// SplitMix64: a tiny seeded generator, so test data is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` samples uniformly in 0...maximum, reproducibly.
func randomSamples(count: Int, maximum: UInt16, seed: UInt64) -> [UInt16] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt16.random(in: 0...maximum, using: &generator) }
}

/// A fresh directory under the system's temporary directory, removed by `tearDown`.
class TemporaryDirectoryTestCase: XCTestCase {
    private(set) var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plexus-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Asserts that `body` throws an error of type `E` and returns it for further checks.
func assertThrows<E: Error>(_ expected: E.Type, file: StaticString = #filePath, line: UInt = #line,
                            _ body: () throws -> Void) -> E? {
    do {
        try body()
        XCTFail("expected a \(E.self), nothing was thrown", file: file, line: line)
    } catch let error as E {
        return error
    } catch {
        XCTFail("expected a \(E.self), got \(type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}
