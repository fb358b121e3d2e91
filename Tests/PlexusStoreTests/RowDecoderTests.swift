import PlexusStore
import XCTest

/// Rows decode into records by column name; a missing or mistyped column is an
/// error naming it, for optional properties too.
final class RowDecoderTests: XCTestCase {
    private struct Record: Decodable, Equatable {
        let id: Int
        let name: String
        let share: Double
        let note: String?

        enum CodingKeys: String, CodingKey {
            case id, name, share = "share_pct", note
        }
    }

    private let decoder = RowDecoder(columns: ["id", "name", "share_pct", "note", "extra"], source: "the query test")

    func testDecodesByNameWhateverTheOrder() throws {
        let record = try decoder.decode(Record.self, from: [.integer(3), .text("a"), .integer(2), .null, .real(9)])
        XCTAssertEqual(record, Record(id: 3, name: "a", share: 2, note: nil))
        let reordered = RowDecoder(columns: ["note", "share_pct", "name", "id"], source: "the query test")
        XCTAssertEqual(try reordered.decode(Record.self, from: [.text("n"), .real(0.5), .text("b"), .real(4)]),
                       Record(id: 4, name: "b", share: 0.5, note: "n"))
    }

    func testAMissingColumnIsAnErrorEvenForAnOptional() {
        let withoutNote = RowDecoder(columns: ["id", "name", "share_pct"], source: "the query test")
        XCTAssertThrowsError(try withoutNote.decode(Record.self, from: [.integer(1), .text("a"), .real(1)])) { error in
            XCTAssertEqual((error as? DecodingError)?.rowMessage,
                           "the query test has no column note (its columns: id, name, share_pct)")
        }
    }

    func testAMistypedValueIsAnErrorNamingTheColumn() {
        let cases: [([SQLValue], String)] = [
            ([.text("3"), .text("a"), .real(1), .null], "column id of the query test holds the text '3', not a Int"),
            ([.real(2.5), .text("a"), .real(1), .null], "column id of the query test holds the real 2.5, not a Int"),
            ([.integer(1), .integer(7), .real(1), .null], "column name of the query test holds the integer 7, not a String"),
            ([.integer(1), .text("a"), .null, .null], "column share_pct of the query test holds NULL, not a Double"),
        ]
        for (values, message) in cases {
            XCTAssertThrowsError(try decoder.decode(Record.self, from: values + [.null])) { error in
                XCTAssertEqual((error as? DecodingError)?.rowMessage, message)
            }
        }
    }
}
