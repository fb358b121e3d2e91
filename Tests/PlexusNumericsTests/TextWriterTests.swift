import PlexusNumerics
import XCTest

/// The one JSON/CSV writer: JSONText's three layouts, CSV quoting, ResultWriter
/// and FieldEncoder.
final class TextWriterTests: XCTestCase {
    func testLayoutsAndOrder() {
        let value = JSONText.fields([.init("b", .real(0.1)), .init("a", .array([.integer(1), .null, .string("x\"y\n")]))])
        XCTAssertEqual(value.line, #"{"b": 0.1, "a": [1, null, "x\"y\n"]}"#)
        XCTAssertEqual(value.tight, #"{"b":0.1,"a":[1,null,"x\"y\n"]}"#)
        // An object sorts its keys by their UTF-8 bytes; fields keep theirs.
        XCTAssertEqual(JSONText.object(["b": .integer(2), "a": .bool(true), "B": .null]).tight, #"{"B":null,"a":true,"b":2}"#)
        XCTAssertEqual(JSONText.object(["a": .array([.object(["y": .number(0.5)])])]).rendered,
                       "{\n  \"a\": [\n    {\"y\": 0.5}\n  ]\n}\n")
        // .real is the shortest text that reads back; .number has at most six decimals.
        XCTAssertEqual(JSONText.real(1e-7).tight, "1e-07")
        XCTAssertEqual(JSONText.number(1e-7).tight, "0")
        XCTAssertEqual(JSONText.real(.infinity).tight, "null")
        XCTAssertEqual(JSONText.string("\u{1}").tight, "\"\\u0001\"")
    }

    func testCSVQuotesOnlyWhatNeedsIt() {
        XCTAssertEqual(CSVText.record(["a", "b,c", "say \"hi\"", "two\nlines", "cr\r"]),
                       "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n")
    }

    func testResultWriterFormats() {
        func render(_ format: ResultFormat) -> String {
            var out = ""
            let writer = ResultWriter(format: format) { out += $0 }
            writer.begin(["n", "x", "s"])
            writer.row([.integer(1), .real(0.5), .string("a,b")])
            writer.row([.null, .real(.infinity), .string("")])
            writer.finish()
            return out
        }
        XCTAssertEqual(render(.csv), "n,x,s\n1,0.5,\"a,b\"\n,inf,\n")
        XCTAssertEqual(render(.json), "[\n  {\"n\": 1, \"x\": 0.5, \"s\": \"a,b\"},\n  {\"n\": null, \"x\": null, \"s\": \"\"}\n]\n")
        XCTAssertEqual(render(.table), "n  x    s\n-  ---  ---\n1  0.5  a,b\n   inf\n")
    }

    private struct Record: Encodable {
        let name: String
        let count: Int
        let share: Double?
        let note: String?
    }

    func testFieldEncoderKeepsNilAsNull() throws {
        let fields = try FieldEncoder.fields(of: Record(name: "a", count: 3, share: nil, note: "x"))
        XCTAssertEqual(fields, ["name": .string("a"), "count": .integer(3), "share": .null, "note": .string("x")])
    }
}
