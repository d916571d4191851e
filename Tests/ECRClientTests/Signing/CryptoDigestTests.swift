import COpenSSL
@testable import ECRClient
import Foundation
import XCTest

/// SHA-256 and HMAC-SHA256 as the signer computes them, both ways (OpenSSL's SHA-256 functions with
/// HMAC written out, and EVP, used where OpenSSL is configured for FIPS): the published vectors, and
/// the same answers as OpenSSL's EVP `SHA256`/`HMAC` on every key and message length around the block.
final class CryptoDigestTests: XCTestCase {
    private func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// Both ways (OpenSSL's SHA-256 functions, and EVP as a FIPS configuration uses) hash a text fed in
    /// pieces as the whole text.
    func testBothBackendsHashPiecesAsTheWholeText() {
        for backend in [CryptoDigest.Backend.direct, .evp] {
            var hash = SHA256Hash(backend: backend)
            for piece in ["a", "b", "c"] { hash.update(Array(piece.utf8)) }
            XCTAssertEqual(CryptoDigest.hex(hash.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "\(backend)")
        }
    }

    func testSHA256MatchesFIPS180Vectors() {
        XCTAssertEqual(CryptoDigest.sha256Hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(CryptoDigest.sha256Hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(CryptoDigest.sha256Hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(CryptoDigest.sha256Hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231, test cases 1–4, 6 and 7 (5 truncates the MAC, which SigV4 never does).
    func testHMACSHA256MatchesRFC4231() {
        let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (index, test) in cases.enumerated() {
            XCTAssertEqual(CryptoDigest.hex(CryptoDigest.hmacSHA256(key: test.key, data: test.data)), test.mac, "RFC 4231 case \(index + 1)")
            for backend in [CryptoDigest.Backend.direct, .evp] {
                XCTAssertEqual(CryptoDigest.hex(CryptoDigest.hmacSHA256(key: test.key, data: test.data, backend: backend)), test.mac,
                               "RFC 4231 case \(index + 1), \(backend)")
            }
        }
    }

    /// Against OpenSSL's EVP one-shot functions, for keys of 0–140 bytes (shorter than, equal to and
    /// longer than the block) and messages of 0–200 bytes (every padding boundary of one to three blocks).
    func testSameAnswersAsOpenSSLsEVPFunctions() {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [0, 1, 31, 32, 33, 55, 56, 63, 64, 65, 127, 128, 129, 140] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for dataLength in 0...200 {
                let data = (0..<dataLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                var expected = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
                var length: UInt32 = 0
                _ = HMAC(EVP_sha256(), key, Int32(key.count), data, data.count, &expected, &length)
                XCTAssertEqual(CryptoDigest.hmacSHA256(key: key, data: data), Array(expected.prefix(Int(length))),
                               "key \(keyLength) bytes, data \(dataLength) bytes")
                XCTAssertEqual(CryptoDigest.hmacSHA256(key: key, data: data, backend: .direct),
                               CryptoDigest.hmacSHA256(key: key, data: data, backend: .evp), "key \(keyLength) bytes, data \(dataLength) bytes")
                if keyLength == 0 {
                    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
                    _ = SHA256(data, data.count, &digest)
                    XCTAssertEqual(CryptoDigest.sha256(data), digest, "\(dataLength) bytes")
                    XCTAssertEqual(CryptoDigest.sha256(Data(data)), digest, "\(dataLength) bytes as Data")
                    XCTAssertEqual(CryptoDigest.sha256(data, backend: .direct), digest, "\(dataLength) bytes, direct")
                    XCTAssertEqual(CryptoDigest.sha256(data, backend: .evp), digest, "\(dataLength) bytes, EVP")
                }
            }
        }
    }

    /// The stream gives the one-shot digest however the bytes are cut, and starts again after each digest.
    func testStreamMatchesOneShotDigestForAnyCut() {
        let message = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let expected = CryptoDigest.sha256Hex(message)
        let stream = SHA256Stream()
        for cut in [1, 7, 63, 64, 65, 999, 1_000] {
            var start = 0
            while start < message.count {
                let end = min(start + cut, message.count)
                stream.update(Array(message[start..<end]))
                start = end
            }
            XCTAssertEqual(stream.byteCount, 1_000)
            XCTAssertEqual(stream.finalizeHex(), expected, "pieces of \(cut) bytes")
            XCTAssertEqual(stream.byteCount, 0)
        }
        XCTAssertEqual(stream.finalizeHex(), CryptoDigest.sha256Hex([UInt8]()), "a stream with nothing after a digest")
    }
}
