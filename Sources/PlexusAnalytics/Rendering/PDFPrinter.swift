import Foundation

/// Prints an HTML report to PDF with a headless Chromium (or Chrome) found on
/// the machine. Plexus draws no PDF itself: the browser lays out the same page
/// the HTML report is, so the two never differ.
package struct PDFPrinter: Sendable {
    /// Looked for on PATH, in this order.
    package static let browserNames = ["chromium", "chromium-browser", "google-chrome"]
    /// An environment variable naming the browser to use instead of searching PATH.
    package static let browserVariable = "PLEXUS_BROWSER"

    /// The browser's executable.
    package let browser: URL

    package init(browser: URL) {
        self.browser = browser
    }

    /// The browser that `PLEXUS_BROWSER` names, else the first of
    /// `browserNames` on `PATH` of `environment`. Throws a `ReportError` with
    /// what to do instead when there is none (or the named one is not an
    /// executable file).
    package static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PDFPrinter {
        let files = FileManager.default
        if let named = environment[browserVariable], !named.isEmpty {
            guard files.isExecutableFile(atPath: named) else {
                throw ReportError("\(browserVariable)=\(named): not an executable file; name a Chromium or Chrome executable, or unset it to search PATH for \(browserNames.joined(separator: ", "))")
            }
            return PDFPrinter(browser: URL(fileURLWithPath: named))
        }
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for name in browserNames {
            for folder in folders {
                let candidate = (folder as NSString).appendingPathComponent(name)
                if files.isExecutableFile(atPath: candidate) { return PDFPrinter(browser: URL(fileURLWithPath: candidate)) }
            }
        }
        throw ReportError("a PDF report is printed by headless Chromium, and none of \(browserNames.joined(separator: ", ")) is on PATH: install chromium (e.g. apt-get install chromium), name one with \(browserVariable)=/path/to/chrome, or write the report as .html and print it from a browser")
    }

    /// Prints `html` to the file `pdf` (which the browser creates or replaces):
    /// the page is written to a temporary folder, opened there by the browser
    /// with a throw-away profile, and printed. Throws a `ReportError` with the
    /// browser's own messages when it fails or writes no PDF.
    package func print(html: String, to pdf: URL) throws {
        let files = FileManager.default
        let folder = files.temporaryDirectory.appendingPathComponent("plexus-pdf-\(UUID().uuidString)")
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let log = folder.appendingPathComponent("browser.log")
        _ = files.createFile(atPath: log.path, contents: nil)

        let process = Process()
        process.executableURL = browser
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        process.standardInput = FileHandle.nullDevice
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw ReportError("\(browser.path): cannot start it to print the PDF: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? output.close()
        let printed = (try? Data(contentsOf: pdf)) ?? Data()
        guard process.terminationStatus == 0, printed.starts(with: Data("%PDF".utf8)) else {
            let messages = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = messages.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw ReportError("\(browser.path) did not print the PDF (exit status \(process.terminationStatus))\(tail.isEmpty ? "" : ":\n\(tail)")")
        }
    }
}
