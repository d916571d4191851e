/// SHA-256 over data that arrives in pieces (image blobs streamed to and from a registry): memory
/// stays constant whatever the blob's size. The digest is `CryptoDigest`'s (OpenSSL's SHA-256).
public final class SHA256Stream {
    private var hash = SHA256Hash()
    public private(set) var byteCount: Int64 = 0

    public init() {}

    public func update(_ bytes: UnsafeRawBufferPointer) {
        hash.update(bytes)
        byteCount += Int64(bytes.count)
    }

    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The digest as lower-case hex. The stream is reset afterwards.
    public func finalizeHex() -> String {
        let digest = hash.finish()
        hash = SHA256Hash()
        byteCount = 0
        return CryptoDigest.hex(digest)
    }
}
