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
        guard case let .text(json) = value else {
            XCTFail("laplacian_gradients returned \(value), not text")
            return []
        }
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
        let rows = try XCTUnwrap(result[0][4] as? [String: Double])
        XCTAssertEqual(Set(rows.keys), ["0", "1"])
        for row in rows.values { XCTAssertEqual(row, 2.0.squareRoot() / 2, accuracy: 1e-15) }
        // Normalised: L_n of one edge is [[1, −1], [−1, 1]] too; of no edges all zero.
        let normalized = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 2.0)", kind: "normalized"))
        XCTAssertEqual(try XCTUnwrap(normalized[0][3] as? Double), 1, accuracy: 1e-15)
        // Doubling the weight doubles the combinatorial change and leaves the normalised one.
        let heavier = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 4.0)"))
        XCTAssertEqual(try XCTUnwrap(heavier[0][3] as? Double), 2, accuracy: 1e-15)
        let heavierNormalized = try pairs(try evaluate("(0, 0.0, NULL, NULL, NULL), (2, 2.0, 0, 1, 4.0)", kind: "normalized"))
        XCTAssertEqual(try XCTUnwrap(heavierNormalized[0][3] as? Double), 1, accuracy: 1e-15)
    }

    /// Frames with different nodes are compared over their union, an absent node
    /// a zero row and column: node 5 dies after frame 0, node 7 is born at frame 3,
    /// node 0 dies after frame 3. Expected values from numpy on the dense 8 × 8
    /// matrices over every id (numpy.linalg.norm of the difference and of its rows).
    func testChangingNodeSetsAreComparedOverTheirUnion() throws {
        let rows = """
            (0, 0.0, 0, 2, 1.0), (0, 0.0, 2, 0, 3.0), (0, 0.0, 2, 5, 0.5),
            (3, 1.5, 0, 2, 2.0), (3, 1.5, 7, 0, 1.0), (3, 1.5, 2, 7, 4.0), (3, 1.5, 7, 2, 2.0),
            (4, 2.5, 2, 7, 1.0)
            """
        let expected: [String: [(from: Int, to: Int, gradient: Double, rows: [String: Double])]] = [
            "combinatorial": [
                (0, 3, 4.013864859597432, ["0": 0.8164965809277259, "2": 2.41522945769824, "5": 0.23570226039551584, "7": 3.0912061651652345]),
                (3, 4, 6.2048368229954285, ["0": 1.8708286933869707, "2": 4.415880433163924, "7": 3.9370039370059056]),
            ],
            "normalized": [
                (0, 3, 1.362136393308804, ["0": 0.3849237986667562, "2": 0.6797788694713103, "5": 0.7027283689263065, "7": 0.8667887581889553]),
                (3, 4, 1.2276607069286782, ["0": 1.1019463300386796, "2": 0.4538241488167672, "7": 0.2948028816033591]),
            ],
        ]
        for (kind, pairs) in expected {
            let result = try self.pairs(try evaluate(rows, kind: kind))
            XCTAssertEqual(result.count, pairs.count, kind)
            for (row, pair) in zip(result, pairs) {
                XCTAssertEqual(row[0] as? Int, pair.from)
                XCTAssertEqual(row[1] as? Int, pair.to)
                XCTAssertEqual(try XCTUnwrap(row[3] as? Double), pair.gradient, accuracy: 1e-13 * pair.gradient, kind)
                let nodes = try XCTUnwrap(row[4] as? [String: Double])
                XCTAssertEqual(Set(nodes.keys), Set(pair.rows.keys), "\(kind): the union's nodes, keyed by id")
                for (node, norm) in pair.rows {
                    XCTAssertEqual(try XCTUnwrap(nodes[node]), norm, accuracy: 1e-13 * norm, "\(kind) node \(node)")
                }
            }
        }
    }

    /// On fixed-K data (ids 0 … K−1; node 3 without edges at frame 2, frame 5
    /// without any) the numbers are bit for bit those of the dense version this
    /// one replaced: its output, recorded from plexus 1c1e86e (`plexus sql`).
    func testFixedNodesGiveTheDenseResultExactly() throws {
        let rows = """
            (0, 0.0, 0, 1, 0.7), (0, 0.0, 1, 0, 0.3), (0, 0.0, 1, 2, 1.1), (0, 0.0, 2, 3, 0.05), (0, 0.0, 3, 0, 0.4),
            (2, 1.0, 0, 1, 0.9), (2, 1.0, 1, 2, 0.8), (2, 1.0, 2, 1, 0.1), (2, 1.0, 0, 2, 1e-3),
            (5, 3.5, NULL, NULL, NULL),
            (7, 4.0, 0, 3, 2.5), (7, 4.0, 3, 0, 2.5), (7, 4.0, 1, 2, 0.6), (7, 4.0, 2, 0, 0.2)
            """
        let dense = [
            "combinatorial": "[[0,2,1.0,0.5070759311976857,[0.3236518190895889,0.18708286933869708,0.1616338454656079,0.3020761493398643]],[2,5,2.5,0.5693365963997045,[0.2546999803690609,0.4409081537009721,0.25469998036906094,0.0]],[5,7,0.5,10.190191362285598,[7.216647421067486,0.848528137423857,1.019803902718557,7.0710678118654755]]]",
            "normalized": "[[0,2,1.0,1.24423029778343,[0.5188663945825804,0.12350754345176157,0.06952275428216488,1.1219621971540084]],[2,5,2.5,0.8942288483676742,[0.4898075202154035,0.5655284427275531,0.4898075202154034,0.0]],[5,7,0.5,5.456118654247795,[2.8079557305298426,2.6457513110645907,2.653009901689313,2.8010986855435576]]]",
        ]
        for (kind, json) in dense {
            let before = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]])
            let now = try pairs(try evaluate(rows, kind: kind))
            XCTAssertEqual(now.count, before.count)
            for (new, old) in zip(now, before) {
                XCTAssertEqual(new[1] as? Int, old[1] as? Int)
                XCTAssertEqual(try XCTUnwrap(new[3] as? Double), try XCTUnwrap(old[3] as? Double), "\(kind) gradient to \(new[1])")
                let oldRows = try XCTUnwrap(old[4] as? [Double]), newRows = try XCTUnwrap(new[4] as? [String: Double])
                for (node, norm) in oldRows.enumerated() {
                    // A node without an edge in either frame is not listed: its row is 0.
                    XCTAssertEqual(newRows["\(node)"] ?? 0, norm, "\(kind) node \(node) to \(new[1])")
                }
                XCTAssertTrue(Set(newRows.keys).isSubset(of: Set(oldRows.indices.map { "\($0)" })))
            }
        }
    }

    /// Ids far apart cost nothing: the graph is the one of its nodes, whatever
    /// their numbers (a matrix over 0 … 10⁹ would not fit in memory).
    func testNodeIdsNeedNotBeContiguous() throws {
        let far = try pairs(try evaluate("(0, 0.0, 3, 1000000000, 1.0), (1, 1.0, 3, 1000000000, 2.0), (1, 1.0, 1000000000, 3, 1.0)"))
        let near = try pairs(try evaluate("(0, 0.0, 0, 1, 1.0), (1, 1.0, 0, 1, 2.0), (1, 1.0, 1, 0, 1.0)"))
        XCTAssertEqual(far[0][3] as? Double, near[0][3] as? Double)
        let farRows = try XCTUnwrap(far[0][4] as? [String: Double]), nearRows = try XCTUnwrap(near[0][4] as? [String: Double])
        XCTAssertEqual(farRows["3"], nearRows["0"])
        XCTAssertEqual(farRows["1000000000"], nearRows["1"])
        // Too many nodes in one frame for dense matrices: an error naming the function and the frame.
        let star = (1...4096).map { "(4, 0.0, 0, \($0), 1.0)" }.joined(separator: ", ")
        XCTAssertThrowsError(try evaluate(star + ", (5, 1.0, 0, 1, 1.0)")) { error in
            XCTAssertTrue("\(error)".contains("laplacian_gradients(): 4097 nodes in frame 4, more than the 4096"), "\(error)")
        }
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
