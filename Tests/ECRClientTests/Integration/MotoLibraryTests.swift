@testable import ECRClient
import Foundation
import XCTest

/// The typed ECR operations against moto_server (signature verification off).
final class MotoLibraryTests: MotoTestCase {
    func testRepositoryLifecycle() throws {
        let ecr = try moto().service()
        let name = unique("lib/app")
        let created = try ecr.perform(CreateRepository(repositoryName: name, tags: [Tag(key: "team", value: "a")], imageTagMutability: "IMMUTABLE",
                                                       imageScanningConfiguration: .init(scanOnPush: true), encryptionConfiguration: .init(encryptionType: "AES256")))
        XCTAssertEqual(created.repository.repositoryName, name)
        XCTAssertEqual(created.repository.imageScanningConfiguration?.scanOnPush, true)
        XCTAssertEqual(created.repository.imageTagMutability, "IMMUTABLE")
        let arn = try XCTUnwrap(created.repository.repositoryArn)

        let described = try ecr.performAllPages(DescribeRepositories(repositoryNames: [name]))
        XCTAssertEqual(described.first?.repositoryUri, created.repository.repositoryUri)

        XCTAssertEqual(try ecr.perform(PutImageScanningConfiguration(repositoryName: name, scanOnPush: false)).imageScanningConfiguration?.scanOnPush, false)
        XCTAssertEqual(try ecr.perform(PutImageTagMutability(repositoryName: name, imageTagMutability: "MUTABLE")).imageTagMutability, "MUTABLE")

        _ = try ecr.perform(TagResource(resourceArn: arn, tags: [Tag(key: "env", value: "prod")]))
        XCTAssertEqual(Set(try ecr.perform(ListTagsForResource(resourceArn: arn)).tags?.map(\.Key) ?? []), ["team", "env"])
        _ = try ecr.perform(UntagResource(resourceArn: arn, tagKeys: ["team"]))
        XCTAssertEqual(try ecr.perform(ListTagsForResource(resourceArn: arn)).tags?.map(\.Key), ["env"])

        let lifecycle = #"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#
        XCTAssertEqual(try ecr.perform(PutLifecyclePolicy(repositoryName: name, lifecyclePolicyText: lifecycle)).repositoryName, name)
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(ecr.perform(GetLifecyclePolicy(repositoryName: name)).lifecyclePolicyText)), try JSONValue.parse(lifecycle))
        _ = try ecr.perform(DeleteLifecyclePolicy(repositoryName: name))
        XCTAssertThrowsError(try ecr.perform(GetLifecyclePolicy(repositoryName: name))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "LifecyclePolicyNotFoundException")
        }

        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:BatchGetImage"}]}"#
        _ = try ecr.perform(SetRepositoryPolicy(repositoryName: name, policyText: policy))
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(ecr.perform(GetRepositoryPolicy(repositoryName: name)).policyText)), try JSONValue.parse(policy))
        _ = try ecr.perform(DeleteRepositoryPolicy(repositoryName: name))
        XCTAssertThrowsError(try ecr.perform(GetRepositoryPolicy(repositoryName: name))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RepositoryPolicyNotFoundException")
        }

        XCTAssertEqual(try ecr.perform(DeleteRepository(repositoryName: name)).repository.repositoryName, name)
        XCTAssertThrowsError(try ecr.perform(DescribeRepositories(repositoryNames: [name]))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RepositoryNotFoundException")
        }
    }

    func testImagesListDescribeGetAndDelete() throws {
        let ecr = try moto().service()
        let name = unique("images")
        _ = try ecr.perform(CreateRepository(repositoryName: name))
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#
        let digest = "sha256:" + CryptoDigest.sha256Hex(Data(manifest.utf8))
        _ = try ecr.invoke("PutImage", body: .object([("repositoryName", .string(name)), ("imageManifest", .string(manifest)),
                                                      ("imageTag", .string("v1")), ("imageDigest", .string(digest))]))
        XCTAssertEqual(try ecr.performAllPages(ListImages(repositoryName: name)), [ImageIdentifier(imageDigest: digest, imageTag: "v1")])
        XCTAssertEqual(try ecr.performAllPages(DescribeImages(repositoryName: name)).first?.imageTags, ["v1"])
        let got = try ecr.perform(BatchGetImage(repositoryName: name, imageIds: [ImageIdentifier(imageTag: "v1"), ImageIdentifier(imageTag: "missing")]))
        XCTAssertEqual(got.images?.first?.imageManifest, manifest)
        XCTAssertEqual(got.failures?.first?.imageId?.imageTag, "missing")
        let deleted = try ecr.perform(BatchDeleteImage(repositoryName: name, imageIds: [ImageIdentifier(imageTag: "v1")]))
        XCTAssertEqual(deleted.imageIds?.first?.imageDigest, digest)
        XCTAssertEqual(try ecr.performAllPages(ListImages(repositoryName: name)).count, 0)
        _ = try ecr.perform(DeleteRepository(repositoryName: name, force: true))
    }

    func testRegistryPolicyReplicationAuthorizationAndErrors() throws {
        let ecr = try moto().service()
        let registryPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
        XCTAssertEqual(try ecr.perform(PutRegistryPolicy(policyText: registryPolicy)).registryId, "123456789012")
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(ecr.perform(GetRegistryPolicy()).policyText)), try JSONValue.parse(registryPolicy))
        _ = try ecr.perform(DeleteRegistryPolicy())
        XCTAssertThrowsError(try ecr.perform(GetRegistryPolicy())) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "RegistryPolicyNotFoundException")
        }

        let replication = ReplicationConfiguration(rules: [ReplicationRule(destinations: [ReplicationDestination(region: "eu-west-1", registryId: "123456789012")],
                                                                           repositoryFilters: [RepositoryFilter(filter: "prod-")])])
        XCTAssertEqual(try ecr.perform(PutReplicationConfiguration(replication)).replicationConfiguration, replication)
        XCTAssertEqual(try ecr.perform(DescribeRegistry()).replicationConfiguration, replication)

        let auth = try XCTUnwrap(ecr.perform(GetAuthorizationToken()).authorizationData?.first)
        XCTAssertEqual(auth.decodedCredentials()?.user, "AWS")
        XCTAssertEqual(auth.decodedCredentials()?.password, "123456789012-auth-token")

        let name = unique("dup")
        _ = try ecr.perform(CreateRepository(repositoryName: name))
        XCTAssertThrowsError(try ecr.perform(CreateRepository(repositoryName: name))) { error in
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
        let ecr = try configuration.makeECRService(debugLog: DebugLog { log.append($0) })
        XCTAssertEqual(try ecr.perform(DescribeRegistry()).registryId, "123456789012")
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
        let ecr = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: env).makeECRService(debugLog: DebugLog { log.append($0) })
        XCTAssertEqual(try ecr.perform(DescribeRegistry()).registryId, "123456789012")
        XCTAssertTrue(log.joined.contains("source: web-identity"), log.joined)
        XCTAssertTrue(log.joined.contains("X-Amz-Security-Token: <redacted>"), "the ECR call carries the session token")
        XCTAssertFalse(log.joined.contains("c2lnbmF0dXJl"), "the web identity token is redacted")
    }
}
