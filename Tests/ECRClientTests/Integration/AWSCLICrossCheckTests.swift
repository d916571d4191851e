@testable import ECRClient
import Foundation
import XCTest

/// The AWS CLI as an independent client against the same moto: what ecrguard writes, `aws` reads back
/// identically, and what `aws` writes, ecrguard prints identically (compared as parsed JSON).
final class AWSCLICrossCheckTests: MotoTestCase {
    private func json(_ result: CommandResult, file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return try JSONValue.parse(result.stdout)
    }

    func testWhatECRGuardWritesAWSReadsIdentically() throws {
        let server = try moto(needsAWSCLI: true)
        let name = unique("from-ecrguard")
        let created = try json(server.ecrguard(["create-repository", "--repository-name", name, "--image-scanning-configuration", "scanOnPush=true",
                                                "--image-tag-mutability", "IMMUTABLE", "--tags", "Key=team,Value=a", "Key=env,Value=prod", "--region", "us-east-1"]))
        let viaAWS = try json(server.aws(["ecr", "describe-repositories", "--repository-names", name]))
        XCTAssertEqual(viaAWS["repositories"]?.arrayValue?.first, created["repository"])
        XCTAssertEqual(created["repository"]?["imageScanningConfiguration"]?["scanOnPush"], .bool(true))
        let tags = try json(server.aws(["ecr", "list-tags-for-resource", "--resource-arn", try XCTUnwrap(created["repository"]?["repositoryArn"]?.stringValue)]))
        XCTAssertEqual(Set(tags["tags"]?.arrayValue?.compactMap { $0["Key"]?.stringValue } ?? []), ["team", "env"])

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"CIPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}"#
        let path = try dir.write("policy.json", policy)
        let set = try json(server.ecrguard(["set-repository-policy", "--repository-name", name, "--policy-text", "file://\(path)"]))
        let got = try json(server.aws(["ecr", "get-repository-policy", "--repository-name", name]))
        XCTAssertEqual(got, set)
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(got["policyText"]?.stringValue)), try JSONValue.parse(policy))

        let replicated = try json(server.ecrguard(["put-replication-configuration", "--rule", "eu-west-1 prefixes=\(name)"]))
        let registry = try json(server.aws(["ecr", "describe-registry"]))
        XCTAssertEqual(registry["replicationConfiguration"], replicated["replicationConfiguration"])
        XCTAssertEqual(registry["replicationConfiguration"]?["rules"]?.arrayValue?.first?["repositoryFilters"]?.arrayValue?.first?["filter"], .string(name))

        let deleted = try json(server.ecrguard(["delete-repository", "--repository-name", name, "--force"]))
        XCTAssertEqual(deleted["repository"]?["repositoryName"], .string(name))
        let gone = try server.aws(["ecr", "describe-repositories", "--repository-names", name])
        XCTAssertNotEqual(gone.status, 0)
        XCTAssertTrue(gone.stderr.contains("RepositoryNotFoundException"))
    }

    func testWhatAWSWritesECRGuardPrintsIdentically() throws {
        let server = try moto(needsAWSCLI: true)
        let name = unique("from-aws")
        _ = try json(server.aws(["ecr", "create-repository", "--repository-name", name, "--image-scanning-configuration", "scanOnPush=true",
                                 "--encryption-configuration", "encryptionType=AES256"]))
        XCTAssertEqual(try json(server.ecrguard(["describe-repositories", "--repository-names", name])),
                       try json(server.aws(["ecr", "describe-repositories", "--repository-names", name])))

        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Push","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/build"},"Action":["ecr:PutImage","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:BatchCheckLayerAvailability"]}]}"#
        _ = try json(server.aws(["ecr", "set-repository-policy", "--repository-name", name, "--policy-text", policy]))
        XCTAssertEqual(try json(server.ecrguard(["get-repository-policy", "--repository-name", name])),
                       try json(server.aws(["ecr", "get-repository-policy", "--repository-name", name])))

        let registryPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
        _ = try json(server.aws(["ecr", "put-registry-policy", "--policy-text", registryPolicy]))
        XCTAssertEqual(try json(server.ecrguard(["get-registry-policy"])), try json(server.aws(["ecr", "get-registry-policy"])))
        XCTAssertEqual(try json(server.ecrguard(["describe-registry"])), try json(server.aws(["ecr", "describe-registry"])))

        let ours = try server.ecrguard(["get-login-password", "--region", "us-east-1"])
        let theirs = try server.aws(["ecr", "get-login-password", "--region", "us-east-1"])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        XCTAssertEqual(ours.stdout, theirs.stdout)
        XCTAssertEqual(ours.stdout, "123456789012-auth-token\n")
    }

    func testPolicyGateRefusesBeforeCallingECRUnlessFindingsAreIgnored() throws {
        let server = try moto(needsAWSCLI: true)
        let name = unique("gated")
        _ = try json(server.ecrguard(["create-repository", "--repository-name", name]))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bad = try dir.write("bad.json", """
        {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}, "Action": "ecr:BatchGetImage", "Condition": {"Bogus": {}}}]
        }
        """)
        let refused = try server.ecrguard(["set-repository-policy", "--repository-name", name, "--policy-text", "file://\(bad)"])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(bad):3:"), "findings name file:line:column: \(refused.stderr)")
        XCTAssertTrue(refused.stderr.contains("refusing"), refused.stderr)
        let nothing = try server.aws(["ecr", "get-repository-policy", "--repository-name", name])
        XCTAssertTrue(nothing.stderr.contains("RepositoryPolicyNotFoundException"), "the refused policy never reached ECR: \(nothing.stderr)")

        let publicPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}"#
        let exposed = try server.ecrguard(["set-repository-policy", "--repository-name", name, "--policy-text", publicPolicy])
        XCTAssertEqual(exposed.status, 1, exposed.stderr)
        XCTAssertTrue(exposed.stderr.contains("PUBLIC_ACCESS"), exposed.stderr)

        let notJSON = try server.ecrguard(["put-registry-policy", "--policy-text", "{not json"])
        XCTAssertEqual(notJSON.status, 1, notJSON.stderr)

        // ECR's own --force is not an override of the gate; --ignore-findings is.
        let forced = try server.ecrguard(["set-repository-policy", "--repository-name", name, "--policy-text", "file://\(bad)", "--force"])
        XCTAssertEqual(forced.status, 1, forced.stderr)
        let ignored = try server.ecrguard(["set-repository-policy", "--repository-name", name, "--policy-text", "file://\(bad)", "--ignore-findings"])
        XCTAssertEqual(ignored.status, 0, ignored.stderr)
        XCTAssertTrue(ignored.stderr.contains("--ignore-findings"), ignored.stderr)
        XCTAssertEqual(try json(server.aws(["ecr", "get-repository-policy", "--repository-name", name]))["repositoryName"], .string(name))
    }
}
