import Foundation
import XCTest
@testable import PlexusAnalytics

/// The report's format from the extension of --out, and finding a browser to print a PDF.
final class ReportFormatTests: XCTestCase {
    func testFormatComesFromTheExtension() throws {
        let cases: [(String, ReportFormat)] = [
            ("r.html", .html), ("R.HTM", .html), ("a/b/r.md", .md), ("r.markdown", .md),
            ("r.csv", .csv), ("r.json", .json), ("r.pdf", .pdf), ("r.PDF", .pdf),
        ]
        for (out, format) in cases {
            XCTAssertEqual(try ReportFormat.resolve(out: out, format: nil), format, out)
            XCTAssertEqual(try ReportFormat.resolve(out: out, format: format), format, out)
        }
        XCTAssertEqual(try ReportFormat.resolve(out: "-", format: nil), .html)
        XCTAssertEqual(try ReportFormat.resolve(out: "-", format: .csv), .csv)
    }

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testUnknownExtensionsAndContradictionsAreRefused() {
        for out in ["report.xlsx", "report.txt", "report"] {
            let text = message { try ReportFormat.resolve(out: out, format: nil) }
            XCTAssertTrue(text.contains("--out \(out)"), text)
            XCTAssertTrue(text.contains("html/htm, md/markdown, csv, json, pdf"), text)
        }
        // An explicit format does not make an unknown extension acceptable either.
        XCTAssertTrue(message { try ReportFormat.resolve(out: "report.txt", format: .md) }.contains("not a report format"))
        let contradiction = message { try ReportFormat.resolve(out: "report.pdf", format: .html) }
        XCTAssertTrue(contradiction.contains("--format html contradicts --out report.pdf"), contradiction)
        XCTAssertTrue(message { try ReportFormat.resolve(out: "-", format: .pdf) }.contains("standard output"))
    }

    func testBrowserLookup() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // No browser on PATH: refused with what to do instead.
        let none = message { try PDFPrinter.find(environment: ["PATH": folder.path]) }
        XCTAssertTrue(none.contains("install chromium"), none)
        XCTAssertTrue(none.contains(".html"), none)
        // An executable of a known name on PATH is found; a file that is not executable is not.
        let fake = folder.appendingPathComponent("chromium-browser")
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: fake)
        XCTAssertTrue(message { try PDFPrinter.find(environment: ["PATH": "/nonexistent:" + folder.path]) }.contains("install chromium"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        XCTAssertEqual(try PDFPrinter.find(environment: ["PATH": "/nonexistent:" + folder.path]).browser.path, fake.path)
        // PLEXUS_BROWSER wins over PATH, and must name an executable.
        XCTAssertEqual(try PDFPrinter.find(environment: ["PATH": "", "PLEXUS_BROWSER": fake.path]).browser.path, fake.path)
        let missing = message { try PDFPrinter.find(environment: ["PLEXUS_BROWSER": folder.appendingPathComponent("chrome").path]) }
        XCTAssertTrue(missing.contains("PLEXUS_BROWSER="), missing)
        // A browser that exits without printing gives an error, not an empty or HTML file.
        let target = folder.appendingPathComponent("out.pdf")
        let failed = message { try PDFPrinter(browser: fake).print(html: "<p>x</p>", to: target) }
        XCTAssertTrue(failed.contains("did not print the PDF"), failed)
    }
}
