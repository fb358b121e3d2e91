import COpenSSL
import Foundation
import PlexusImaging

/// SHA-256 (FIPS 180-4), for the provenance of inputs, computed by OpenSSL's
/// libcrypto: it uses the processor's SHA extensions where there are any, and
/// hashing each video is otherwise a measurable share of an ingest (4–9 % with
/// a plain Swift implementation at ~200 MB/s).
///
/// A value owns its digest context: copies share it, so hash with one variable.
package struct SHA256 {
    /// The OpenSSL context, freed with the last reference.
    private final class Context {
        let pointer: OpaquePointer

        init() {
            // Allocation or the default provider's SHA-256 failing is not an input
            // error but a broken libcrypto; there is no digest to fall back to.
            guard let pointer = EVP_MD_CTX_new() else { fatalError("libcrypto: cannot allocate a digest context") }
            guard EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1 else {
                fatalError("libcrypto: SHA-256 is not available")
            }
            self.pointer = pointer
        }

        deinit { EVP_MD_CTX_free(pointer) }
    }

    private let context = Context()

    package init() {}

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // Only fails on a context that was never initialised.
        let updated = EVP_DigestUpdate(context.pointer, base, bytes.count)
        precondition(updated == 1, "libcrypto: SHA-256 update failed")
    }

    package mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The digest as 64 lowercase hex digits; the hasher is spent after it.
    package mutating func finalize() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let finished = EVP_DigestFinal_ex(context.pointer, &digest, &length)
        precondition(finished == 1 && length == 32, "libcrypto: SHA-256 final failed")
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The hex digest of a file, read in 1 MiB chunks into one buffer.
    package static func hexDigest(ofFile path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw IngestError(path: path, "cannot open the file to hash it (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw IngestError(path: path, "cannot read the file to hash it (\(String(cString: strerror(errno))))")
            }
            guard count > 0 else { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }

    package static func hexDigest(of string: String) -> String {
        var hasher = SHA256()
        hasher.update(Data(string.utf8))
        return hasher.finalize()
    }

    /// The digest that identifies a video's bytes (`video.sha256`): the
    /// file's, or for a frame folder the digest of each file's name and
    /// digest, in order.
    package static func hexDigest(of video: MicroscopyVideo) throws -> String {
        guard video.source == .folder else { return try hexDigest(ofFile: video.path) }
        var lines = "plexus frame folder\n"
        for file in video.files {
            lines += "\(URL(fileURLWithPath: file).lastPathComponent)\t\(try hexDigest(ofFile: file))\n"
        }
        return hexDigest(of: lines)
    }
}
