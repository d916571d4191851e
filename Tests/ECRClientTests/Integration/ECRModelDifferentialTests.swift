@testable import ECRClient
import Foundation
import XCTest

/// Every operation moto implements, run with `aws` (1.x) and with `ecrguard ecr` from the same
/// registry state: stdout must be the same bytes and both must succeed. Read-only operations run
/// in json, text and table and with a --query on one state; each mutating operation runs from a
/// fresh, identically seeded moto whose clock is fixed (Servers/moto_fixed_clock.py), so
/// createdAt and imagePushedAt repeat.
final class ECRModelDifferentialTests: MotoTestCase {
    override class var fixedClock: Bool { true }
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory() }
    override func tearDown() { dir?.remove() }

    static let account = "123456789012"
    static let arn = "arn:aws:ecr:us-east-1:123456789012:repository/app"
    static let repositoryPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}"#
    static let registryPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"rep","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["ecr:ReplicateImage","ecr:CreateRepository"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
    static let lifecyclePolicy = #"{"rules":[{"rulePriority":1,"description":"old untagged","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#

    static func manifest(_ n: Int) -> String {
        #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":\#(n),"digest":"sha256:\#(String(repeating: String(n), count: 64))"},"layers":[]}"#
    }
    static func digest(_ n: Int) -> String { "sha256:" + String(repeating: String(n + 4), count: 64) }

    /// The registry every case starts from: repository `app` with two tagged images and one
    /// untagged, a repository policy, a lifecycle policy and a tag; a registry policy.
    private func seed(_ server: MotoServer) throws {
        _ = try server.service().executor.transport.send(HTTPRequest(method: "POST", endpoint: URL(string: server.endpoint + "/moto-api/reset")!))
        let ecr = try server.service()
        func call(_ operation: String, _ json: String) throws { _ = try ecr.invoke(operation, body: try JSONValue.parse(json)) }
        try call("CreateRepository", #"{"repositoryName":"app","tags":[{"Key":"team","Value":"payments"}]}"#)
        for (n, tag) in [(1, "v1"), (2, "v2"), (3, nil)] as [(Int, String?)] {
            let tagMember = tag.map { #","imageTag":"\#($0)""# } ?? ""
            try call("PutImage", #"{"repositoryName":"app","imageManifest":\#(try JSONValue.encode(Self.manifest(n)).compact),"imageDigest":"\#(Self.digest(n))"\#(tagMember)}"#)
        }
        try call("SetRepositoryPolicy", #"{"repositoryName":"app","policyText":\#(try JSONValue.encode(Self.repositoryPolicy).compact)}"#)
        try call("PutLifecyclePolicy", #"{"repositoryName":"app","lifecyclePolicyText":\#(try JSONValue.encode(Self.lifecyclePolicy).compact)}"#)
        try call("PutRegistryPolicy", #"{"policyText":\#(try JSONValue.encode(Self.registryPolicy).compact)}"#)
        try call("StartImageScan", #"{"repositoryName":"app","imageId":{"imageTag":"v1"}}"#)
    }

    private func compare(_ arguments: [String], output: String = "json", server: MotoServer, reseed: Bool,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        if reseed { try seed(server) }
        let aws = try server.aws(["ecr"] + arguments, output: output)
        if reseed { try seed(server) }
        let ours = try server.ecrguard(arguments + ["--output", output])
        XCTAssertEqual(aws.status, 0, "aws \(arguments.joined(separator: " ")): \(aws.stderr)", file: file, line: line)
        XCTAssertEqual(ours.status, 0, "ecrguard \(arguments.joined(separator: " ")): \(ours.stderr)", file: file, line: line)
        XCTAssertEqual(ours.stdout, aws.stdout, "ecrguard ecr \(arguments.joined(separator: " ")) --output \(output)", file: file, line: line)
    }

    func testReadOperationsPrintWhatTheAWSCLIPrints() throws {
        let server = try moto(needsAWSCLI: true)
        try seed(server)
        let reads: [[String]] = [
            ["describe-repositories"],
            ["describe-repositories", "--repository-names", "app"],
            ["describe-images", "--repository-name", "app"],
            ["describe-images", "--repository-name", "app", "--image-ids", "imageTag=v1", "imageDigest=\(Self.digest(3))"],
            ["list-images", "--repository-name", "app"],
            ["list-images", "--repository-name", "app", "--filter", "tagStatus=TAGGED"],
            ["batch-get-image", "--repository-name", "app", "--image-ids", "imageTag=v1", "imageTag=v2"],
            ["get-repository-policy", "--repository-name", "app"],
            ["get-lifecycle-policy", "--repository-name", "app"],
            ["list-tags-for-resource", "--resource-arn", Self.arn],
            ["describe-registry"],
            ["get-registry-policy"],
            ["get-authorization-token"],
            ["get-login-password"],
            ["get-registry-scanning-configuration"],
            ["batch-get-repository-scanning-configuration", "--repository-names", "app"],
            ["describe-image-scan-findings", "--repository-name", "app", "--image-id", "imageTag=v1"],
        ]
        // Every read in json; text and table (which walk the shapes differently) for the nested ones.
        let layouts = ["describe-images", "batch-get-image", "describe-image-scan-findings", "describe-registry", "get-repository-policy",
                       "batch-get-repository-scanning-configuration"]
        try compareConcurrently(reads.flatMap { arguments in
            (layouts.contains(arguments[0]) && arguments.count <= 5 ? ["json", "text", "table"] : ["json"]).map { (arguments, $0) }
        }, server: server)
    }

    /// Read-only cases on one state, four at a time (each `aws` start costs most of a second).
    private func compareConcurrently(_ cases: [([String], String)], server: MotoServer, file: StaticString = #filePath, line: UInt = #line) throws {
        let results = ResultSlots(count: cases.count)
        let queue = DispatchQueue(label: "differential", attributes: .concurrent)
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: 4)
        for (index, (arguments, output)) in cases.enumerated() {
            slots.wait()
            queue.async(group: group) {
                defer { slots.signal() }
                if let aws = try? server.aws(["ecr"] + arguments, output: output),
                   let ours = try? server.ecrguard(arguments + ["--output", output]) { results.set(index, (aws, ours)) }
            }
        }
        group.wait()
        for (index, (arguments, output)) in cases.enumerated() {
            guard let (aws, ours) = results.get(index) else { XCTFail("could not run \(arguments)", file: file, line: line); continue }
            let command = "ecr \(arguments.joined(separator: " ")) --output \(output)"
            XCTAssertEqual(aws.status, 0, "aws \(command): \(aws.stderr)", file: file, line: line)
            XCTAssertEqual(ours.status, 0, "ecrguard \(command): \(ours.stderr)", file: file, line: line)
            XCTAssertEqual(ours.stdout, aws.stdout, "ecrguard \(command)", file: file, line: line)
        }
    }

    func testQueryAndPaginationFlagsMatchTheAWSCLI() throws {
        let server = try moto(needsAWSCLI: true)
        try seed(server)
        let cases: [[String]] = [
            ["describe-images", "--repository-name", "app", "--query", "sort_by(imageDetails, &imageDigest)[].[imageDigest, imageTags[0]]"],
            ["describe-repositories", "--query", "repositories[0].{name: repositoryName, uri: repositoryUri}"],
            ["list-images", "--repository-name", "app", "--max-items", "1"],
            ["list-images", "--repository-name", "app", "--max-items", "2", "--page-size", "1"],
            ["describe-images", "--repository-name", "app", "--max-items", "3"],
            ["describe-images", "--repository-name", "app", "--no-paginate"],
            ["describe-images", "--repository-name", "app", "--starting-token", "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="],
        ]
        try compareConcurrently(cases.flatMap { arguments in ["json", "text"].map { (arguments, $0) } }, server: server)
    }

    func testMutatingOperationsPrintWhatTheAWSCLIPrints() throws {
        let server = try moto(needsAWSCLI: true)
        let lifecycle = try dir.write("lifecycle.json", Self.lifecyclePolicy)
        let input = try dir.write("input.json", #"{"repositoryName": "from-json", "imageTagMutability": "IMMUTABLE"}"#)
        let cases: [[String]] = [
            ["create-repository", "--repository-name", "new", "--image-scanning-configuration", "scanOnPush=true", "--tags", "Key=team,Value=a", "Key=env,Value=prod"],
            ["create-repository", "--cli-input-json", "file://\(input)"],
            ["create-repository", "--repository-name", "enc", "--encryption-configuration", #"{"encryptionType": "AES256"}"#],
            ["delete-repository", "--repository-name", "app", "--force"],
            ["set-repository-policy", "--repository-name", "app", "--policy-text", Self.repositoryPolicy],
            ["delete-repository-policy", "--repository-name", "app"],
            ["put-registry-policy", "--policy-text", Self.registryPolicy],
            ["delete-registry-policy"],
            ["put-replication-configuration", "--replication-configuration", #"{"rules":[{"destinations":[{"region":"us-west-2","registryId":"123456789012"}]}]}"#],
            ["put-image", "--repository-name", "app", "--image-tag", "v9", "--image-manifest", Self.manifest(7), "--image-digest", Self.digest(7)],
            ["batch-delete-image", "--repository-name", "app", "--image-ids", "imageTag=v1", "imageTag=nope"],
            ["put-image-scanning-configuration", "--repository-name", "app", "--image-scanning-configuration", "scanOnPush=true"],
            ["put-image-tag-mutability", "--repository-name", "app", "--image-tag-mutability", "IMMUTABLE"],
            ["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", "file://\(lifecycle)"],
            ["delete-lifecycle-policy", "--repository-name", "app"],
            ["tag-resource", "--resource-arn", Self.arn, "--tags", "Key=x,Value=y"],
            ["untag-resource", "--resource-arn", Self.arn, "--tag-keys", "team"],
            ["start-image-scan", "--repository-name", "app", "--image-id", "imageTag=v2"],
            ["put-registry-scanning-configuration", "--scan-type", "BASIC", "--rules", #"[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]"#],
        ]
        for arguments in cases { try compare(arguments, server: server, reseed: true) }
    }
}

/// Results written by concurrent runs, read after they all finished.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [(CommandResult, CommandResult)?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: (CommandResult, CommandResult)) { lock.lock(); slots[index] = value; lock.unlock() }
    func get(_ index: Int) -> (CommandResult, CommandResult)? { lock.lock(); defer { lock.unlock() }; return slots[index] }
}
