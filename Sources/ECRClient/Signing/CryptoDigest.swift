import COpenSSL
import Foundation
import PolicyCore

/// SHA-256 and HMAC-SHA256 through OpenSSL; the only C the signer touches.
///
/// By default not through EVP: in OpenSSL 3 a process's first EVP digest or MAC builds the library's
/// name map of every algorithm (about 3 million instructions), which every `ecrguard ecr` call would
/// pay to hash a few hundred bytes. OpenSSL's SHA-256 functions run the same code without it, and
/// HMAC is RFC 2104 over them. Where OpenSSL is configured for FIPS (its default properties ask for
/// FIPS-approved implementations), everything goes through EVP, so the FIPS provider does the work.
/// `CryptoDigestTests` checks both ways against RFC 4231's and FIPS 180's vectors and each other.
public enum CryptoDigest {
    /// How digests are computed in this process.
    enum Backend: Sendable {
        /// OpenSSL's SHA-256 functions, HMAC written out.
        case direct
        /// EVP (`EVP_Digest*`, `HMAC`), which OpenSSL routes to its configured provider.
        case evp
    }

    /// EVP when OpenSSL's configuration makes FIPS-approved implementations the default.
    static let backend: Backend = ecrg_openssl_fips_by_default() == 1 ? .evp : .direct

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { sha256(bytes, backend: backend) }

    public static func sha256(_ data: Data) -> [UInt8] {
        var hash = SHA256Hash(backend: backend)
        data.withUnsafeBytes { hash.update($0) }
        return hash.finish()
    }

    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] { hmacSHA256(key: key, data: data, backend: backend) }

    public static func hex(_ bytes: [UInt8]) -> String { HexDigits.string(bytes) }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(sha256(bytes)) }

    public static func sha256Hex(_ data: Data) -> String { hex(sha256(data)) }

    static func sha256(_ bytes: [UInt8], backend: Backend) -> [UInt8] {
        var hash = SHA256Hash(backend: backend)
        hash.update(bytes)
        return hash.finish()
    }

    /// HMAC-SHA256. Direct: RFC 2104, a key longer than a block hashed first, then padded with zeros
    /// to a block; the MAC is H((key ⊕ opad) ‖ H((key ⊕ ipad) ‖ data)). EVP: OpenSSL's `HMAC`.
    static func hmacSHA256(key: [UInt8], data: [UInt8], backend: Backend) -> [UInt8] {
        switch backend {
        case .evp:
            var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard HMAC(EVP_sha256(), key, Int32(key.count), data, data.count, &digest, &length) != nil, length == SHA256_DIGEST_LENGTH else {
                SHA256Hash.openSSLFailed("HMAC")
            }
            return Array(digest.prefix(Int(length)))
        case .direct:
            let block = Int(ECRG_SHA256_BLOCK_LENGTH)
            var padded = key.count > block ? sha256(key, backend: .direct) : key
            padded.append(contentsOf: repeatElement(0, count: block - padded.count))
            var inner = SHA256Hash(backend: .direct)
            inner.update(padded.map { $0 ^ 0x36 })
            inner.update(data)
            var outer = SHA256Hash(backend: .direct)
            outer.update(padded.map { $0 ^ 0x5c })
            outer.update(inner.finish())
            return outer.finish()
        }
    }
}

/// One SHA-256 computation: OpenSSL's SHA-256 context by value, or an EVP digest context. Not
/// copyable: a copy would share the EVP context, and finishing both would finish it twice.
struct SHA256Hash: ~Copyable {
    private var context = ecrg_sha256_context()
    private let evp: EVPDigest?

    init(backend: CryptoDigest.Backend = CryptoDigest.backend) {
        switch backend {
        case .direct:
            evp = nil
            ecrg_sha256_init(&context)
        case .evp:
            evp = EVPDigest()
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if let evp {
            guard EVP_DigestUpdate(evp.context, base, bytes.count) == 1 else { Self.openSSLFailed("EVP_DigestUpdate") }
        } else {
            ecrg_sha256_update(&context, base, bytes.count)
        }
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest. The hash must not be updated afterwards.
    mutating func finish() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Int(SHA256_DIGEST_LENGTH)) { buffer, count in
            if let evp {
                var length: UInt32 = 0
                guard EVP_DigestFinal_ex(evp.context, buffer.baseAddress, &length) == 1, length == SHA256_DIGEST_LENGTH else {
                    Self.openSSLFailed("EVP_DigestFinal_ex")
                }
            } else {
                ecrg_sha256_final(&context, buffer.baseAddress)
            }
            count = Int(SHA256_DIGEST_LENGTH)
        }
    }

    /// Stops the process: OpenSSL could not hash, so no digest or signature this process would
    /// make can be trusted (a FIPS configuration whose provider cannot serve SHA-256, say).
    static func openSSLFailed(_ function: String) -> Never {
        fatalError("OpenSSL could not compute SHA-256 (\(function) failed); check OpenSSL's configuration (openssl.cnf, its providers)")
    }

    /// An EVP SHA-256 context, freed with its owner.
    private final class EVPDigest {
        let context: OpaquePointer

        init() {
            guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
            self.context = context
            guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { SHA256Hash.openSSLFailed("EVP_DigestInit_ex") }
        }

        deinit { EVP_MD_CTX_free(context) }
    }
}
