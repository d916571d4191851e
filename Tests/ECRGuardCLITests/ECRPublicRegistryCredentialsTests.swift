@testable import ECRGuardCLI
import Foundation
import Registry
import XCTest

/// Which credentials push/pull/copy use for ECR Public (`public.ecr.aws`) under `--auth auto`: anonymous
/// when the AWS credential chain has nothing, and an error (never anonymous) when credentials are there but
/// the ECR Public token cannot be had. The happy path (the token as Basic credentials) is in
/// ECRClientTests' ECRPublicLoginTests, against a stub of ECR Public.
final class ECRPublicRegistryCredentialsTests: XCTestCase {
    /// No credentials anywhere, and an ECR Public endpoint nothing listens on (port 9).
    private let bare = ["AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                        "HOME": "/nonexistent", "DOCKER_CONFIG": "/nonexistent", "AWS_ENDPOINT_URL_ECR_PUBLIC": "http://127.0.0.1:9",
                        "AWS_MAX_ATTEMPTS": "1"]

    private func credentials(_ environment: [String: String]) throws -> RegistryCredentials {
        try RegistrySession(try RegistryAccessOptions.parse([]), environment: environment).credentials(for: "public.ecr.aws")
    }

    func testAnonymousOnlyWithoutCredentialsAndAFailedTokenRequestIsAnError() throws {
        guard case .anonymous = try credentials(bare) else { return XCTFail("expected anonymous access") }
        let environment = bare.merging(["AWS_ACCESS_KEY_ID": "AKIATESTING", "AWS_SECRET_ACCESS_KEY": "secret-not-printed"]) { $1 }
        XCTAssertThrowsError(try credentials(environment)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("GetAuthorizationToken"), text)
            XCTAssertFalse(text.contains("secret-not-printed"), text)
        }
    }
}
