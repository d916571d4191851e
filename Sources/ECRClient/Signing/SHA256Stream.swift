import COpenSSL

/// SHA-256 over data that arrives in pieces (image blobs streamed to and from a registry), through
/// OpenSSL's EVP digest API: memory stays constant whatever the blob's size.
public final class SHA256Stream {
    private let context: OpaquePointer
    public private(set) var byteCount: Int64 = 0

    public init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.context = context
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
        byteCount += Int64(bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The digest as lower-case hex. The stream is reset afterwards.
    public func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        byteCount = 0
        return CryptoDigest.hex(Array(digest.prefix(Int(length))))
    }
}
