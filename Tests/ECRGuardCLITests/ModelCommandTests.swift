@testable import ECRGuardCLI
import Foundation
import PolicyCore
import TestSupport
import XCTest

/// The model-driven `ecr` layer without a server: shorthand, argument parsing, the generated model
/// being current, help and did-you-mean, and the offline lifecycle preview.
final class ModelCommandTests: XCTestCase {
    private let model = CLIModel.ecr

    /// The model's tables are searched by halves: every generated operation is found by both names,
    /// every generated shape by its name, and a table that is not sorted (or repeats a name) is sorted
    /// with the first of equal names kept, as the dictionaries it replaced kept it.
    func testModelTablesFindEveryGeneratedName() {
        for operation in CLIModel.ecrOperations {
            XCTAssertEqual(model.operation(cliName: operation.cliName)?.name, operation.name)
            XCTAssertEqual(model.operation(named: operation.name)?.cliName, operation.cliName)
        }
        XCTAssertNil(model.operation(cliName: "describe-repository"))
        XCTAssertNil(model.operation(cliName: ""))
        XCTAssertNil(model.operation(named: "describeRepositories"))
        for (name, _) in CLIModel.ecrShapes { _ = model.shape(name) }
        let unsorted = CLIModel.sortedByName([("b", 1), ("a", 2), ("c", 3), ("a", 4)])
        XCTAssertEqual(unsorted.map(\.0), ["a", "b", "c"])
        XCTAssertEqual(unsorted.map(\.1), [2, 1, 3])
        for name in ["a", "b", "c"] { XCTAssertNotNil(CLIModel.find(name, in: unsorted)) }
        XCTAssertEqual(CLIModel.find("a", in: unsorted), 2)
        XCTAssertNil(CLIModel.find("ab", in: unsorted))
        XCTAssertNil(CLIModel.find("d", in: unsorted))
    }

    func testShorthandAsTheAWSCLIParsesIt() throws {
        XCTAssertEqual(try ShorthandParser.parse("a=1,b=x"), .object([("a", .string("1")), ("b", .string("x"))]))
        XCTAssertEqual(try ShorthandParser.parse("a=1,2,3,b=x"), .object([("a", .list([.string("1"), .string("2"), .string("3")])), ("b", .string("x"))]))
        XCTAssertEqual(try ShorthandParser.parse("a=[x,y],b={c=d,e=[]}"),
                       .object([("a", .list([.string("x"), .string("y")])), ("b", .object([("c", .string("d")), ("e", .list([]))]))]))
        XCTAssertEqual(try ShorthandParser.parse(#"a='x,y',b="q\"r""#), .object([("a", .string("x,y")), ("b", .string(#"q"r"#))]))
        XCTAssertThrowsError(try ShorthandParser.parse("a"))
        XCTAssertThrowsError(try ShorthandParser.parse("a=[x"))
    }

    func testShorthandKeysAreASCIIOnly() throws {
        XCTAssertEqual(try ShorthandParser.parse("a-b_c.d#e/f:g9=1"), .object([("a-b_c.d#e/f:g9", .string("1"))]))
        XCTAssertThrowsError(try ShorthandParser.parse("é=1"))
        XCTAssertThrowsError(try ShorthandParser.parse("a b=1"))
        XCTAssertEqual(try ShorthandParser.parse("a=x]y,b={c=d}"), .object([("a", .string("x]y")), ("b", .object([("c", .string("d"))]))]))
        XCTAssertThrowsError(try ShorthandParser.parse("b=[p]q"))
    }

    /// The fast look at a value's first character agrees with Foundation's trimming, Unicode spaces included.
    func testFirstNonBlankAgreesWithFoundation() {
        let samples = ["", "   ", "[1]", "  {a", "\t\n[x", "\n{", "\u{A0}[", "\u{2003}{", "\u{2028}[", "\u{85}{", "x", " é", "\r\n\t ",
                       // An ASCII bracket that a combining mark makes another character: not "[".
                       " [\u{301}1]", "\n{\u{20DD}"]
        for sample in samples {
            XCTAssertEqual(ModelValue.firstNonBlank(sample, newlinesToo: true), sample.trimmingCharacters(in: .whitespacesAndNewlines).first, sample.debugDescription)
            XCTAssertEqual(ModelValue.firstNonBlank(sample, newlinesToo: false), sample.trimmingCharacters(in: .whitespaces).first, sample.debugDescription)
        }
    }

    func testValuesTakeTheModelsTypes() throws {
        let scanning = try ModelValue.fromArguments(["scanOnPush=true"], shape: "ImageScanningConfiguration", model: model, option: "--x")
        XCTAssertEqual(scanning.compact, #"{"scanOnPush":true}"#)
        let ids = try ModelValue.fromArguments(["imageTag=a", "imageDigest=sha256:b"], shape: "ImageIdentifierList", model: model, option: "--image-ids")
        XCTAssertEqual(ids.compact, #"[{"imageTag":"a"},{"imageDigest":"sha256:b"}]"#)
        let json = try ModelValue.fromArguments([#"[{"imageTag": "a"}]"#], shape: "ImageIdentifierList", model: model, option: "--image-ids")
        XCTAssertEqual(json.compact, #"[{"imageTag":"a"}]"#)
        XCTAssertThrowsError(try ModelValue.fromArguments(["imageTags=a"], shape: "ImageIdentifierList", model: model, option: "--image-ids"))
    }

    func testArgumentsRequiredMembersAndCLIInputJSON() throws {
        let operation = try XCTUnwrap(model.operation(cliName: "put-image-scanning-configuration"))
        let missing = try ModelArguments.parse(["--region", "eu-west-1"], operation: operation, model: model)
        XCTAssertThrowsError(try missing.requestBody(model: model)) { error in
            XCTAssertEqual((error as? CLIFailure)?.message, "the following arguments are required: --repository-name, --image-scanning-configuration")
        }
        XCTAssertEqual(missing.global, ["--region", "eu-west-1"])
        let merged = try ModelArguments.parse([#"--cli-input-json={"repositoryName": "a", "imageScanningConfiguration": {"scanOnPush": false}}"#,
                                               "--repository-name", "b"], operation: operation, model: model)
        XCTAssertEqual(try merged.requestBody(model: model).compact, #"{"repositoryName":"b","imageScanningConfiguration":{"scanOnPush":false}}"#)
        let wrongType = try ModelArguments.parse(["--repository-name", "a", "--image-scanning-configuration", "scanOnPush=maybe"], operation: operation, model: model)
        XCTAssertThrowsError(try wrongType.requestBody(model: model)) { error in
            XCTAssertEqual((error as? CLIFailure)?.message, #"Parameter validation failed:"# + "\n" + #"Invalid type for parameter imageScanningConfiguration.scanOnPush, value: "maybe", valid types: bool"#)
        }
        let delete = try XCTUnwrap(model.operation(cliName: "delete-repository"))
        XCTAssertEqual(try ModelArguments.parse(["--repository-name", "a", "--no-force"], operation: delete, model: model).requestBody(model: model).compact,
                       #"{"repositoryName":"a","force":false}"#)
        XCTAssertThrowsError(try ModelArguments.parse(["--repository-nam", "a"], operation: delete, model: model)) { error in
            XCTAssertEqual((error as? CLIFailure)?.message, "Unknown options: --repository-nam (did you mean --repository-name?)")
        }
    }

    func testEveryOperationAndWaiterOfTheModelIsThere() {
        XCTAssertEqual(model.operations.count, 58)
        XCTAssertEqual(model.waiters.map(\.cliName), ["image-scan-complete", "lifecycle-policy-preview-complete"])
        XCTAssertEqual(ModelArguments.kebab("registryId"), "registry-id")
        XCTAssertEqual(ModelArguments.kebab("upstreamRegistryUrl"), "upstream-registry-url")
    }

    func testGlobalOptionsBeforeTheOperationAndDidYouMean() throws {
        XCTAssertEqual(ECRRouting.route(["ecr", "--region", "eu-west-1", "describe-images", "--repository-name", "a"]),
                       .model("describe-images", ["--repository-name", "a", "--region", "eu-west-1"]))
        XCTAssertEqual(ECRRouting.route(["ecr", "--debug", "put-replication-configuration", "--rule", "us-west-2"]),
                       .handWritten(["ecr", "put-replication-configuration", "--rule", "us-west-2", "--debug"]))
        let typo = try runEcrguard(["ecr", "--region", "us-east-1", "put-lifecycle-polcy"])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.stderr.contains("unknown ecr operation 'put-lifecycle-polcy'. Did you mean 'put-lifecycle-policy'?"), typo.stderr)
        let help = try runEcrguard(["ecr", "wait", "image-scan-complete", "help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("--image-id <value> (required)"), help.stdout)
    }

    func testPreviewLifecyclePolicyOffline() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The User Guide's "Filtering on multiple rules", example A, with pushes 10, 9 and 8 days before --now.
        let images = #"""
        {"imageDetails": [
          {"imageDigest": "sha256:a", "imageTags": ["beta-1", "prod-1"], "imagePushedAt": "2026-01-01T00:00:00+00:00"},
          {"imageDigest": "sha256:b", "imageTags": ["beta-2", "prod-2"], "imagePushedAt": "2026-01-02T00:00:00+00:00"},
          {"imageDigest": "sha256:c", "imageTags": ["beta-3"], "imagePushedAt": 1767398400.0}
        ]}
        """#
        let policy = #"{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}, {"rulePriority": 2, "selection": {"tagStatus": "tagged", "tagPrefixList": ["beta"], "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}"#
        try images.write(to: dir.appendingPathComponent("images.json"), atomically: true, encoding: .utf8)
        try policy.write(to: dir.appendingPathComponent("policy.json"), atomically: true, encoding: .utf8)
        let result = try runEcrguard(["ecr", "preview-lifecycle-policy", "--lifecycle-policy-text", "file://" + dir.appendingPathComponent("policy.json").path,
                                      "--images", dir.appendingPathComponent("images.json").path, "--now", "2026-01-11T00:00:00Z"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
        {
            "previewResults": [
                {
                    "imageTags": [
                        "beta-1",
                        "prod-1"
                    ],
                    "imageDigest": "sha256:a",
                    "imagePushedAt": "2026-01-01T00:00:00+00:00",
                    "action": {
                        "type": "EXPIRE"
                    },
                    "appliedRulePriority": 1,
                    "storageClass": "STANDARD"
                }
            ],
            "summary": {
                "expiringImageTotalCount": 1
            }
        }

        """)
        let text = try runEcrguard(["ecr", "preview-lifecycle-policy", "--lifecycle-policy-text", "file://" + dir.appendingPathComponent("policy.json").path,
                                    "--images", dir.appendingPathComponent("images.json").path, "--now", "2026-01-11T00:00:00Z",
                                    "--query", "previewResults[].imageDigest", "--output", "text"])
        XCTAssertEqual(text.stdout, "sha256:a\n")
    }
}
