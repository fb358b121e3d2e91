import Foundation
import XCTest

/// A test case with a fresh folder under the system's temporary folder,
/// removed by `tearDown` (made writable again first, for tests that take its
/// write permission away).
open class TemporaryDirectoryTestCase: XCTestCase {
    public private(set) var directory: URL!

    open override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plexus-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    open override func tearDownWithError() throws {
        if let directory {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The path of `name` in the test's folder.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The contents of `name` in the test's folder.
    public func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// Names of the files in the test's folder, sorted.
    public func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }
}

/// Asserts that `body` throws an error of type `E` and returns it for further checks.
package func assertThrows<E: Error>(_ expected: E.Type, file: StaticString = #filePath, line: UInt = #line,
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
