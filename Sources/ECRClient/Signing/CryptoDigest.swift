import COpenSSL
import Foundation
import PolicyCore

/// SHA-256 and HMAC-SHA256 over OpenSSL's SHA-256 functions; the only C the signer touches.
///
/// Not through EVP: in OpenSSL 3 a process's first EVP digest or MAC builds the library's name map
/// of every algorithm (about 3 million instructions), which every `ecrguard ecr` call would pay to
/// hash a few hundred bytes. HMAC is RFC 2104 over the same digest (`CryptoDigestTests` checks it
/// against RFC 4231's vectors and against OpenSSL's own `HMAC`).
public enum CryptoDigest {
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var hash = SHA256Hash()
        hash.update(bytes)
        return hash.finish()
    }

    public static func sha256(_ data: Data) -> [UInt8] {
        var hash = SHA256Hash()
        data.withUnsafeBytes { hash.update($0) }
        return hash.finish()
    }

    /// HMAC-SHA256 (RFC 2104): a key longer than a block is hashed first, then padded with zeros
    /// to a block; the MAC is H((key ⊕ opad) ‖ H((key ⊕ ipad) ‖ data)).
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        let block = Int(ECRG_SHA256_BLOCK_LENGTH)
        var padded = key.count > block ? sha256(key) : key
        padded.append(contentsOf: repeatElement(0, count: block - padded.count))
        var inner = SHA256Hash()
        inner.update(padded.map { $0 ^ 0x36 })
        inner.update(data)
        var outer = SHA256Hash()
        outer.update(padded.map { $0 ^ 0x5c })
        outer.update(inner.finish())
        return outer.finish()
    }

    public static func hex(_ bytes: [UInt8]) -> String { HexDigits.string(bytes) }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(sha256(bytes)) }

    public static func sha256Hex(_ data: Data) -> String { hex(sha256(data)) }
}

/// One SHA-256 computation: OpenSSL's context, by value.
struct SHA256Hash {
    private var context = ecrg_sha256_context()

    init() { ecrg_sha256_init(&context) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        ecrg_sha256_update(&context, base, bytes.count)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest. The hash must not be updated afterwards.
    mutating func finish() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Int(SHA256_DIGEST_LENGTH)) { buffer, count in
            ecrg_sha256_final(&context, buffer.baseAddress)
            count = Int(SHA256_DIGEST_LENGTH)
        }
    }
}
