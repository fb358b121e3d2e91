import Foundation
import PlexusStore
import XCTest

/// laplacian_gradients() on hand-made frames whose Laplacians are known.
final class LaplacianGradientsFunctionTests: XCTestCase {
    func evaluate(_ rows: String, kind: String? = nil) throws -> SQLValue {
        let connection = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try connection.installFunctions()
        try connection.execute("CREATE TABLE r (t, time, src, dst, weight); INSERT INTO r VALUES \(rows)")
        let kindArgument = kind.map { ", '\($0)'" } ?? ""
        let statement = try connection.prepare("SELECT laplacian_gradients(t, time, src, dst, weight\(kindArgument)) FROM r")
        let hasRow = try statement.step()
        XCTAssertTrue(hasRow)
        return statement.value(0)
    }

    func pairs(_ value: SQLValue) throws -> [[Any]] {
        guard case let .text(json) = value else { throw XCTSkip("not text: \(value)") }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]])
    }

    /// Far-apart components have tiny affinities: the normalised Laplacian must
    /// not divide by an underflowed √(dᵢdⱼ) (it did, giving NaN and invalid JSON).
    func testNormalizedLaplacianOfTinyWeights() throws {
        let result = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (1, 1.0, 0, 1, 1e-170)", kind: "normalized"))
        XCTAssertEqual(try XCTUnwrap(result[0][3] as? Double), 2, accuracy: 1e-15, "‖ΔL_n‖ = 2 over 1 s, as with any weight")
    }

    func testOneEdgeAppearing() throws {
        // Frame 0: no edges (a row with NULL src). Frame 2 (2 s later): 0 → 1 with weight 2,
        // so W_s[0][1] = 1 and L = [[1, −1], [−1, 1]]: ‖ΔL‖_F = 2, rows √2 each, over dt = 2.
        let result = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 2.0)"))
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result[0][0] as? Int, 0)
        XCTAssertEqual(result[0][1] as? Int, 2)
        XCTAssertEqual(result[0][2] as? Double, 2)
        XCTAssertEqual(try XCTUnwrap(result[0][3] as? Double), 1, accuracy: 1e-15)
        let rows = try XCTUnwrap(result[0][4] as? [Double])
        XCTAssertEqual(rows.count, 2)
        for row in rows { XCTAssertEqual(row, 2.0.squareRoot() / 2, accuracy: 1e-15) }
        // Normalised: L_n of one edge is [[1, −1], [−1, 1]] too; of no edges all zero.
        let normalized = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 2.0)", kind: "normalized"))
        XCTAssertEqual(try XCTUnwrap(normalized[0][3] as? Double), 1, accuracy: 1e-15)
        // Doubling the weight doubles the combinatorial change and leaves the normalised one.
        let heavier = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 4.0)"))
        XCTAssertEqual(try XCTUnwrap(heavier[0][3] as? Double), 2, accuracy: 1e-15)
        let heavierNormalized = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 4.0)", kind: "normalized"))
        XCTAssertEqual(try XCTUnwrap(heavierNormalized[0][3] as? Double), 1, accuracy: 1e-15)
    }

    func testFramesAreOrderedByIndexWhateverTheRowOrder() throws {
        let result = try pairs(try evaluate("(5, 10.0, 0, 1, 1.0), (1, 2.0, 0, 1, 1.0), (3, 6.0, 0, 1, 3.0), (3, 6.0, 1, 2, 1.0)"))
        XCTAssertEqual(result.map { $0[1] as? Int }, [3, 5])
        XCTAssertEqual(result.map { $0[2] as? Double }, [4, 4])
    }

    func testNullAndErrors() throws {
        XCTAssertEqual(try evaluate("(0, 0.0, 0, 1, 1.0)"), .null) // one frame
        XCTAssertEqual(try evaluate("(NULL, 0.0, 0, 1, 1.0)"), .null)
        let cases: [(String, String?, String)] = [
            ("(0, 0.0, 0, 1, 1.0), (1, 1.0, 0, 1, 1.0)", "laplace", "6th argument to laplacian_gradients() must be"),
            ("(0, 0.0, 0, 1, 1.0), (1, 0.0, 0, 1, 1.0)", nil, "no time passes"),
            ("(0, 0.0, 0, 1, 1.0), (0, 1.0, 1, 2, 1.0)", nil, "2nd argument to laplacian_gradients() differs between rows of frame 0"),
            ("(0, 0.0, 1, 1, 1.0)", nil, "self-loops are not edges"),
            ("(0, 0.0, -1, 1, 1.0)", nil, "3rd argument to laplacian_gradients() is a negative node"),
            ("(0, 0.0, 0, 1, -1.0)", nil, "5th argument to laplacian_gradients() is not a finite weight"),
            ("(0, 0.0, 0.5, 1, 1.0)", nil, "3rd argument to laplacian_gradients() is not an integer"),
        ]
        for (rows, kind, message) in cases {
            XCTAssertThrowsError(try evaluate(rows, kind: kind), rows) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }
}
