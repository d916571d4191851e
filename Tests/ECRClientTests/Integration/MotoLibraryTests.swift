@testable import ECRClient
import Foundation
import XCTest

/// The typed ECR operations against moto_server (signature verification off).
final class MotoLibraryTests: MotoTestCase {
    func testRepositoryLifecycle() throws {
        let ecr = try moto().service()
        let name = unique("lib/app")
        let created = try ecr.createRepository(.init(repositoryName: name, tags: [ECR.Tag(key: "team", value: "a")], imageTagMutability: .immutable,
                                                     imageScanningConfiguration: .init(scanOnPush: true), encryptionConfiguration: .init(encryptionType: .aes256)))
        XCTAssertEqual(created.repository?.repositoryName, name)
        XCTAssertEqual(created.repository?.imageScanningConfiguration?.scanOnPush, true)
        XCTAssertEqual(created.repository?.imageTagMutability, .immutable)
        let arn = try XCTUnwrap(created.repository?.repositoryArn)

        let described = try ecr.describeRepositoriesPaginator(.init(repositoryNames: [name])).allPages().flatMap { $0.repositories ?? [] }
        XCTAssertEqual(described.first?.repositoryUri, created.repository?.repositoryUri)

        XCTAssertEqual(try ecr.putImageScanningConfiguration(.init(repositoryName: name, imageScanningConfiguration: .init(scanOnPush: false)))
            .imageScanningConfiguration?.scanOnPush, false)
        XCTAssertEqual(try ecr.putImageTagMutability(.init(repositoryName: name, imageTagMutability: .mutable)).imageTagMutability, .mutable)

        _ = try ecr.tagResource(.init(resourceArn: arn, tags: [ECR.Tag(key: "env", value: "prod")]))
        XCTAssertEqual(Set(try ecr.listTagsForResource(.init(resourceArn: arn)).tags?.compactMap(\.key) ?? []), ["team", "env"])
        _ = try ecr.untagResource(.init(resourceArn: arn, tagKeys: ["team"]))
        XCTAssertEqual(try ecr.listTagsForResource(.init(resourceArn: arn)).tags?.map(\.key), ["env"])

        let lifecycle = #"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#
        XCTAssertEqual(try ecr.putLifecyclePolicy(.init(repositoryName: name, lifecyclePolicyText: lifecycle)).repositoryName, name)
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(ecr.getLifecyclePolicy(.init(repositoryName: name)).lifecyclePolicyText)), try JSONValue.parse(lifecycle))
        _ = try ecr.deleteLifecyclePolicy(.init(repositoryName: name))
        XCTAssertThrowsError(try ecr.getLifecyclePolicy(.init(repositoryName: name))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "LifecyclePolicyNotFoundException")
        }

        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:BatchGetImage"}]}"#
        _ = try ecr.setRepositoryPolicy(.init(repositoryName: name, policyText: policy))
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(ecr.getRepositoryPolicy(.init(repositoryName: name)).policyText)), try JSONValue.parse(policy))
        _ = try ecr.deleteRepositoryPolicy(.init(repositoryName: name))
        XCTAssertThrowsError(try ecr.getRepositoryPolicy(.init(repositoryName: name))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RepositoryPolicyNotFoundException")
        }

        XCTAssertEqual(try ecr.deleteRepository(.init(repositoryName: name)).repository?.repositoryName, name)
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [name]))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RepositoryNotFoundException")
        }
    }

    func testImagesListDescribeGetAndDelete() throws {
        let ecr = try moto().service()
        let name = unique("images")
        _ = try ecr.createRepository(.init(repositoryName: name))
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#
        let digest = "sha256:" + CryptoDigest.sha256Hex(Data(manifest.utf8))
        _ = try ecr.putImage(.init(repositoryName: name, imageManifest: manifest, imageTag: "v1", imageDigest: digest))
        XCTAssertEqual(try ecr.listImagesPaginator(.init(repositoryName: name)).allPages().flatMap { $0.imageIds ?? [] }, [ECR.ImageIdentifier(imageDigest: digest, imageTag: "v1")])
        XCTAssertEqual(try ecr.describeImagesPaginator(.init(repositoryName: name)).allPages().flatMap { $0.imageDetails ?? [] }.first?.imageTags, ["v1"])
        let got = try ecr.batchGetImage(.init(repositoryName: name, imageIds: [ECR.ImageIdentifier(imageTag: "v1"), ECR.ImageIdentifier(imageTag: "missing")]))
        XCTAssertEqual(got.images?.first?.imageManifest, manifest)
        XCTAssertEqual(got.failures?.first?.imageId?.imageTag, "missing")
        let deleted = try ecr.batchDeleteImage(.init(repositoryName: name, imageIds: [ECR.ImageIdentifier(imageTag: "v1")]))
        XCTAssertEqual(deleted.imageIds?.first?.imageDigest, digest)
        XCTAssertEqual(try ecr.listImagesPaginator(.init(repositoryName: name)).allPages().flatMap { $0.imageIds ?? [] }.count, 0)
        _ = try ecr.deleteRepository(.init(repositoryName: name, force: true))
    }

    func testRegistryPolicyReplicationAuthorizationAndErrors() throws {
        let ecr = try moto().service()
        let registryPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
        XCTAssertEqual(try ecr.putRegistryPolicy(.init(policyText: registryPolicy)).registryId, "123456789012")
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(ecr.getRegistryPolicy().policyText)), try JSONValue.parse(registryPolicy))
        _ = try ecr.deleteRegistryPolicy()
        XCTAssertThrowsError(try ecr.getRegistryPolicy()) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RegistryPolicyNotFoundException")
        }

        let replication = ECR.ReplicationConfiguration(rules: [ECR.ReplicationRule(destinations: [ECR.ReplicationDestination(region: "eu-west-1", registryId: "123456789012")],
                                                                                   repositoryFilters: [ECR.RepositoryFilter(filter: "prod-", filterType: .prefixMatch)])])
        XCTAssertEqual(try ecr.putReplicationConfiguration(.init(replicationConfiguration: replication)).replicationConfiguration, replication)
        XCTAssertEqual(try ecr.describeRegistry().replicationConfiguration, replication)

        let auth = try XCTUnwrap(ecr.getAuthorizationToken().authorizationData?.first)
        XCTAssertEqual(auth.decodedCredentials()?.user, "AWS")
        XCTAssertEqual(auth.decodedCredentials()?.password, "123456789012-auth-token")

        let name = unique("dup")
        _ = try ecr.createRepository(.init(repositoryName: name))
        XCTAssertThrowsError(try ecr.createRepository(.init(repositoryName: name))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RepositoryAlreadyExistsException")
        }
    }

    func testAssumeRoleThroughMotoSTSThenCallECR() throws {
        let server = try moto()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = try dir.write("config", "[profile base]\naws_access_key_id = AKIDBASE0000000000000\naws_secret_access_key = basesecret\n[profile deploy]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n")
        let env = ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_ENDPOINT_URL": server.endpoint, "AWS_EC2_METADATA_DISABLED": "true"]
        let configuration = try AWSClientConfiguration.resolve(AWSClientOptions(profile: "deploy"), environment: env)
        let log = LockedLines()
        let ecr = try configuration.makeECR(debugLog: DebugLog { log.append($0) })
        XCTAssertEqual(try ecr.describeRegistry().registryId, "123456789012")
        XCTAssertTrue(log.joined.contains("assuming role arn:aws:iam::123456789012:role/deploy"), log.joined)
        XCTAssertTrue(log.joined.contains("source: assume-role"), log.joined)
        XCTAssertFalse(log.joined.contains("basesecret"))
    }

    func testWebIdentityThroughMotoSTSThenCallECR() throws {
        let server = try moto()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let tokenFile = try dir.write("token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl\n")
        let env = ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/gha", "AWS_ROLE_SESSION_NAME": "ci-run",
                   "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_ENDPOINT_URL": server.endpoint,
                   "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"]
        let log = LockedLines()
        let ecr = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: env).makeECR(debugLog: DebugLog { log.append($0) })
        XCTAssertEqual(try ecr.describeRegistry().registryId, "123456789012")
        XCTAssertTrue(log.joined.contains("source: web-identity"), log.joined)
        XCTAssertTrue(log.joined.contains("X-Amz-Security-Token: <redacted>"), "the ECR call carries the session token")
        XCTAssertFalse(log.joined.contains("c2lnbmF0dXJl"), "the web identity token is redacted")
    }
}
