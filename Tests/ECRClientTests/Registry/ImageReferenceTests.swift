import Foundation
import ECRClient
@testable import Registry
import XCTest

final class ImageReferenceTests: XCTestCase {
    func testReferencesWithPortsTagsAndDigests() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let ref = try ImageReference(parsing: "127.0.0.1:5000/team/app:v1.2@\(digest)")
        XCTAssertEqual(ref.registry, "127.0.0.1:5000")
        XCTAssertEqual(ref.host, "127.0.0.1")
        XCTAssertEqual(ref.port, 5000)
        XCTAssertEqual(ref.repository, "team/app")
        XCTAssertEqual(ref.tag, "v1.2")
        XCTAssertEqual(ref.manifestReference, digest)
        XCTAssertEqual(try ImageReference(parsing: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app").manifestReference, "latest")
    }

    func testReferencesWithoutARegistryOrWithBadPartsAreRefused() {
        for text in ["app:v1", "library/app:v1", "host.example/App:v1", "host.example/app:-bad", "host.example/app@sha512:abc",
                     "host.example/app@sha256:ABCDEF"] {
            XCTAssertThrowsError(try ImageReference(parsing: text), text)
        }
    }

    func testECRHostNames() {
        let classic = ECRRegistryHost("123456789012.dkr.ecr.eu-west-1.amazonaws.com")
        XCTAssertEqual(classic, ECRRegistryHost(kind: .private, registryId: "123456789012", region: "eu-west-1", fips: false, dualStack: false))
        XCTAssertEqual(ECRRegistryHost("https://123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/v2/")?.fips, true)
        XCTAssertEqual(ECRRegistryHost("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn")?.region, "cn-north-1")
        let dual = ECRRegistryHost("123456789012.dkr-ecr.us-east-1.on.aws")
        XCTAssertEqual(dual?.dualStack, true)
        XCTAssertEqual(ECRRegistryHost("123456789012.dkr-ecr-fips.us-east-1.on.aws")?.fips, true)
        XCTAssertEqual(ECRRegistryHost("public.ecr.aws")?.kind, .public)
        XCTAssertNil(ECRRegistryHost("123456789012.dkr.ecr.us-east-1.on.aws"), "dkr.ecr goes with amazonaws.com, not on.aws")
        XCTAssertNil(ECRRegistryHost("12345.dkr.ecr.us-east-1.amazonaws.com"))
        XCTAssertNil(ECRRegistryHost("registry.example.com"))
    }

    func testChallengesAreRead() throws {
        let bearer = try XCTUnwrap(AuthChallenge(header: #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push""#))
        XCTAssertEqual(bearer.scheme, "bearer")
        XCTAssertEqual(bearer.parameters["realm"], "https://auth.example/token")
        XCTAssertEqual(bearer.parameters["scope"], "repository:a/b:pull,push")
        XCTAssertEqual(AuthChallenge(header: #"Basic realm="x""#)?.scheme, "basic")
    }

    func testTarNumbers() {
        XCTAssertEqual(DockerArchive.tarNumber(ArraySlice(Array("00000001750\0".utf8))), 1000)
        var big = [UInt8](repeating: 0, count: 12)
        big[0] = 0x80; big[7] = 0x01; big[8] = 0x00; big[9] = 0x00; big[10] = 0x00; big[11] = 0x00
        XCTAssertEqual(DockerArchive.tarNumber(ArraySlice(big)), 1 << 32, "base-256 sizes above 8 GiB")
    }

    func testUploadRangeHeader() {
        func response(_ range: String) -> HTTPResponse { HTTPResponse(status: 202, headers: [.init("Range", range)]) }
        XCTAssertEqual(RegistryClient.uploadedLength(response("0-1048575")), 1_048_576)
        XCTAssertEqual(RegistryClient.uploadedLength(response("0-0"), previous: 0), 0)
        XCTAssertEqual(RegistryClient.uploadedLength(response("0-0"), previous: 1), 1)
    }
}
