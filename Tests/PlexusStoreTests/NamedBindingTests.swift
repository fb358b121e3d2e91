import PlexusStore
import XCTest

/// Inserts written from a column list and bound by column name: an unknown
/// name, a repeated one or a column left without a value is an error, and a
/// value cannot land in another column.
final class NamedBindingTests: XCTestCase {
    func testValuesLandInTheirColumnsWhateverTheOrder() throws {
        let connection = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try connection.execute("CREATE TABLE t (id INTEGER, a TEXT, b REAL)")
        let insert = try connection.prepareInsert(into: "t", columns: ["a", "b"], fixed: ["id": "7"])
        try insert.run(named: [":b": .real(0.5), ":a": .text("x")])
        XCTAssertEqual(try insert.parameter(":b"), 2)
        let read = try connection.prepare("SELECT id, a, b FROM t")
        XCTAssertTrue(try read.step())
        XCTAssertEqual(read.int(0), 7)
        XCTAssertEqual(read.text(1), "x")
        XCTAssertEqual(read.double(2), 0.5)

        func message(_ values: KeyValuePairs<String, SQLValue>) -> String {
            do {
                try insert.run(named: values)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message([":a": .text("x")]), ":memory:: no value for :b")
        XCTAssertTrue(message([":a": .text("x"), ":b": .null, ":c": .null]).hasPrefix(":memory:: no parameter :c in INSERT INTO t"))
        XCTAssertEqual(message([":a": .text("x"), ":a": .text("y"), ":b": .null]), ":memory:: :a given twice")
        XCTAssertEqual(try connection.scalarInt("SELECT COUNT(*) FROM t"), 1, "nothing is written by a refused run")
    }
}
