import Foundation
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// SHA-256 against the FIPS 180-2 examples, in one piece, in pieces and from files.
final class SHA256Tests: TemporaryDirectoryTestCase {
    static let vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (String(repeating: "a", count: 1_000_000),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    func testFIPSVectors() {
        for (message, digest) in Self.vectors {
            XCTAssertEqual(SHA256.hexDigest(of: message), digest, "message of \(message.utf8.count) bytes")
        }
    }

    /// Padding edge cases: lengths around the 55/56/64-byte boundaries.
    func testPaddingBoundaries() {
        // sha256("a" × n) for n = 55, 56, 63, 64, 65 (from coreutils sha256sum).
        let known: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (n, digest) in known {
            XCTAssertEqual(SHA256.hexDigest(of: String(repeating: "a", count: n)), digest, "\(n) bytes")
        }
    }

    func testPiecewiseUpdatesEqualOneUpdate() {
        let message = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        var whole = SHA256()
        whole.update(message)
        let expected = whole.finalize()
        for sizes in [[1], [63], [64], [65], [3, 61, 1, 200], [0, 1000]] {
            var hasher = SHA256()
            var offset = 0, i = 0
            while offset < message.count {
                let size = max(1, sizes[i % sizes.count])
                let end = min(message.count, offset + size)
                hasher.update(message.subdata(in: offset..<end))
                offset = end
                i += 1
            }
            XCTAssertEqual(hasher.finalize(), expected, "chunks of \(sizes)")
        }
    }

    func testFileDigestEqualsStringDigestAcrossChunks() throws {
        // Larger than the 1 MiB read size and not a multiple of it or of 64.
        let unit = "Plexus \u{1F52C} frames, 0123456789\n"
        var text = ""
        while text.utf8.count < (3 << 20) + 17 { text += unit }
        let file = path("big.txt")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0, 3 << 20)
        XCTAssertEqual(try SHA256.hexDigest(ofFile: file), SHA256.hexDigest(of: text))

        let exact = path("exact.txt")
        let mebibyte = String(repeating: "z", count: 1 << 20)
        try Data(mebibyte.utf8).write(to: URL(fileURLWithPath: exact))
        XCTAssertEqual(try SHA256.hexDigest(ofFile: exact), SHA256.hexDigest(of: mebibyte))

        let empty = path("empty.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        XCTAssertEqual(try SHA256.hexDigest(ofFile: empty), Self.vectors[0].1)
    }

    func testMissingFileNamesThePath() {
        let missing = path("missing.tif")
        let error = assertThrows(IngestError.self) { _ = try SHA256.hexDigest(ofFile: missing) }
        XCTAssertEqual(error?.path, missing)
        XCTAssertTrue(error?.description.contains(missing) ?? false)
    }
}
