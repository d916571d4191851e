@testable import ECRClient
import Foundation
import XCTest

final class EndpointResolverTests: XCTestCase {
    private func host(_ region: String, fips: Bool = false, dual: Bool = false, _ service: EndpointResolver.Service = .ecr) throws -> String? {
        try EndpointResolver.resolve(service, EndpointSettings(region: region, useFIPS: fips, useDualStack: dual)).host
    }

    func testDocumentedECREndpointsAcrossPartitions() throws {
        XCTAssertEqual(try host("us-east-1"), "api.ecr.us-east-1.amazonaws.com")
        XCTAssertEqual(try host("eu-central-1", fips: true), "ecr-fips.eu-central-1.amazonaws.com")
        XCTAssertEqual(try host("us-west-2", dual: true), "ecr.us-west-2.api.aws")
        XCTAssertEqual(try host("us-east-1", fips: true, dual: true), "ecr-fips.us-east-1.api.aws")
        XCTAssertEqual(try host("cn-north-1"), "api.ecr.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(try host("cn-northwest-1", dual: true), "ecr.cn-northwest-1.api.amazonwebservices.com.cn")
        XCTAssertEqual(try host("us-gov-west-1"), "api.ecr.us-gov-west-1.amazonaws.com")
        XCTAssertEqual(try host("us-gov-east-1", fips: true), "ecr-fips.us-gov-east-1.amazonaws.com")
        XCTAssertEqual(try host("us-iso-east-1"), "api.ecr.us-iso-east-1.c2s.ic.gov")
        XCTAssertEqual(try host("us-isob-east-1"), "api.ecr.us-isob-east-1.sc2s.sgov.gov")
        XCTAssertEqual(try host("us-east-1", .sts), "sts.us-east-1.amazonaws.com")
        XCTAssertThrowsError(try host("us-iso-east-1", dual: true))
        XCTAssertThrowsError(try host("us-east-1.evil.com"))
    }

    /// IAM and Organizations are global: one endpoint per partition, signed for its home Region;
    /// a partition without a known endpoint is an error asking for an override, never a guess.
    func testGlobalServicesPerPartition() throws {
        XCTAssertEqual(try host("eu-west-1", .iam), "iam.amazonaws.com")
        XCTAssertEqual(try host("eu-west-1", fips: true, .iam), "iam-fips.amazonaws.com")
        XCTAssertEqual(try host("ap-south-1", .organizations), "organizations.us-east-1.amazonaws.com")
        XCTAssertEqual(try host("us-east-1", fips: true, .organizations), "organizations-fips.us-east-1.amazonaws.com")
        XCTAssertEqual(try host("cn-north-1", .iam), "iam.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(try host("cn-north-1", .organizations), "organizations.cn-northwest-1.amazonaws.com.cn")
        XCTAssertEqual(try host("us-gov-east-1", .iam), "iam.us-gov.amazonaws.com")
        XCTAssertEqual(EndpointResolver.signingRegion(.iam, region: "eu-west-1"), "us-east-1")
        XCTAssertEqual(EndpointResolver.signingRegion(.organizations, region: "cn-north-1"), "cn-northwest-1")
        XCTAssertEqual(EndpointResolver.signingRegion(.iam, region: "us-gov-east-1"), "us-gov-west-1")
        XCTAssertEqual(EndpointResolver.signingRegion(.sts, region: "eu-west-1"), "eu-west-1")
        XCTAssertThrowsError(try host("us-iso-east-1", .iam)) { error in
            XCTAssertEqual("\(error)", "configuration: no known iam endpoint in partition aws-iso; set AWS_ENDPOINT_URL_IAM")
        }
        let override = EndpointSettings(region: "us-iso-east-1", useFIPS: false, useDualStack: false, override: "http://127.0.0.1:9")
        XCTAssertEqual(try EndpointResolver.resolve(.iam, override).absoluteString, "http://127.0.0.1:9")
        XCTAssertEqual(EndpointResolver.configuredOverride(.organizations, environment: ["AWS_ENDPOINT_URL_ORGANIZATIONS": "http://orgs:1",
                                                                                       "AWS_ENDPOINT_URL": "http://all:2"],
                                                           profile: nil, store: ProfileStore(config: SharedConfigFile(text: ""))), "http://orgs:1")
    }

    /// ECR Public is a us-east-1 service: its endpoint and signing region do not follow the configured Region;
    /// its override is AWS_ENDPOINT_URL_ECR_PUBLIC (`ecr_public` in a `[services]` section), as the SDKs name it.
    func testECRPublicIsUSEast1WithItsOwnOverride() throws {
        XCTAssertEqual(try host("eu-west-1", .ecrPublic), "api.ecr-public.us-east-1.amazonaws.com")
        XCTAssertEqual(try host("us-east-1", fips: true, .ecrPublic), "api.ecr-public-fips.us-east-1.amazonaws.com")
        XCTAssertEqual(try host("us-east-1", dual: true, .ecrPublic), "ecr-public.us-east-1.api.aws")
        XCTAssertEqual(EndpointResolver.signingRegion(.ecrPublic, region: "eu-west-1"), "us-east-1")
        let store = ProfileStore(config: SharedConfigFile(text: "[profile p]\nservices = s\n[services s]\necr_public =\n  endpoint_url = http://profile:3\n"))
        XCTAssertEqual(EndpointResolver.configuredOverride(.ecrPublic, environment: ["AWS_ENDPOINT_URL_ECR_PUBLIC": "http://public:1",
                                                                                   "AWS_ENDPOINT_URL_ECR": "http://ecr:2"],
                                                           profile: nil, store: store), "http://public:1")
        XCTAssertEqual(EndpointResolver.configuredOverride(.ecrPublic, environment: [:], profile: store.profile("p"), store: store), "http://profile:3")
        let configuration = try AWSClientConfiguration.resolve(AWSClientOptions(region: "eu-west-1", endpointURL: "http://ecr-only:4"),
                                                               environment: ["AWS_ENDPOINT_URL_ECR_PUBLIC": "http://public:1"], store: store)
        XCTAssertEqual(try configuration.endpoint(.ecrPublic).url.absoluteString, "http://public:1", "--endpoint-url is ECR's only")
        XCTAssertEqual(try configuration.endpoint(.ecrPublic).signingRegion, "us-east-1")
    }

    func testOverridesInSDKOrder() throws {
        let store = ProfileStore(config: SharedConfigFile(text: "[profile p]\nendpoint_url = http://profile:1\nservices = local\n[services local]\necr =\n  endpoint_url = http://services:2\n"))
        let profile = store.profile("p")
        func override(_ env: [String: String]) -> String? { EndpointResolver.configuredOverride(.ecr, environment: env, profile: profile, store: store) }
        XCTAssertEqual(override(["AWS_ENDPOINT_URL_ECR": "http://ecr:3", "AWS_ENDPOINT_URL": "http://all:4"]), "http://ecr:3")
        XCTAssertEqual(override(["AWS_ENDPOINT_URL": "http://all:4"]), "http://all:4")
        XCTAssertEqual(override([:]), "http://services:2")
        XCTAssertNil(override(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": "http://all:4"]))
        XCTAssertThrowsError(try EndpointResolver.resolve(.ecr, EndpointSettings(region: "us-east-1", override: "ftp://x")))
    }

    func testConfigurationResolvesRegionProfileEndpointAndFlags() throws {
        let store = ProfileStore(config: SharedConfigFile(text: "[profile west]\nregion = us-west-2\nuse_fips_endpoint = true\nmax_attempts = 5\nca_bundle = /tmp/ca.pem\n[default]\nregion = eu-west-1\n"))
        var config = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: [:], store: store)
        XCTAssertEqual(config.region, "eu-west-1")
        config = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: ["AWS_DEFAULT_REGION": "ap-south-1"], store: store)
        XCTAssertEqual(config.region, "ap-south-1")
        config = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: ["AWS_REGION": "sa-east-1", "AWS_DEFAULT_REGION": "ap-south-1"], store: store)
        XCTAssertEqual(config.region, "sa-east-1")
        config = try AWSClientConfiguration.resolve(AWSClientOptions(region: "ca-central-1"), environment: ["AWS_REGION": "sa-east-1"], store: store)
        XCTAssertEqual(config.region, "ca-central-1")
        config = try AWSClientConfiguration.resolve(AWSClientOptions(profile: "west"), environment: [:], store: store)
        XCTAssertEqual(config.region, "us-west-2")
        XCTAssertTrue(config.ecrEndpoint.useFIPS)
        XCTAssertEqual(config.retry.maxAttempts, 5)
        XCTAssertEqual(config.caBundle, "/tmp/ca.pem")
        XCTAssertTrue(config.profileExplicit)
        config = try AWSClientConfiguration.resolve(AWSClientOptions(caBundle: "/x.pem"), environment: ["AWS_PROFILE": "west", "AWS_CA_BUNDLE": "/env.pem", "AWS_ENDPOINT_URL_ECR": "http://127.0.0.1:1"], store: store)
        XCTAssertEqual(config.caBundle, "/x.pem")
        XCTAssertFalse(config.profileExplicit)
        XCTAssertEqual(config.ecrEndpoint.override, "http://127.0.0.1:1")
        XCTAssertThrowsError(try AWSClientConfiguration.resolve(AWSClientOptions(), environment: [:], store: ProfileStore())) { error in
            XCTAssertTrue("\(error)".contains("region"))
        }
        XCTAssertThrowsError(try AWSClientConfiguration.resolve(AWSClientOptions(region: "us-east-1", profile: "missing"), environment: [:], store: store))
    }
}
