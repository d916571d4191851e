import COpenSSL
import Foundation
import PolicyCore

/// SHA-256 and HMAC-SHA256 through OpenSSL's one-shot functions; the only C the signer touches.
public enum CryptoDigest {
    public static func sha256(_ data: some DataProtocol) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(data)
        bytes.withUnsafeBufferPointer { buffer in
            _ = SHA256(buffer.baseAddress, buffer.count, &digest)
        }
        return digest
    }

    public static func hmacSHA256(key: [UInt8], data: some DataProtocol) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(data)
        key.withUnsafeBufferPointer { keyBuffer in
            bytes.withUnsafeBufferPointer { dataBuffer in
                _ = HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                         dataBuffer.baseAddress, dataBuffer.count, &digest, &length)
            }
        }
        return Array(digest.prefix(Int(length)))
    }

    public static func hex(_ bytes: [UInt8]) -> String { HexDigits.string(bytes) }

    public static func sha256Hex(_ data: some DataProtocol) -> String { hex(sha256(data)) }
}
