/// Lower-case hexadecimal, in one place for digests (SHA-256 of findings, SigV4 signatures and
/// payload hashes) and JSON's `\u00xx` escapes.
public enum HexDigits {
    /// `0`–`9`, `a`–`f` as UTF-8 bytes.
    public static let lowercase: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two lower-case digits per byte.
    /// Inlinable so that callers in other modules get a copy specialised for their sequence type: the
    /// generic version looks up the sequence's associated types at run time (0.4 million instructions
    /// for the first SigV4 signature).
    @inlinable
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(lowercase[Int(byte >> 4)])
            out.append(lowercase[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
