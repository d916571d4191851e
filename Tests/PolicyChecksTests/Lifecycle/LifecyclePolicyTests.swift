import PolicyChecks
import PolicyCore
import XCTest

/// Lifecycle policy validation, preview and the protected-repository refusal, against the Amazon ECR
/// User Guide ("Lifecycle policy properties", "Lifecycle policy evaluation rules", "Examples of
/// lifecycle policies": the repositories and outcomes below are the guide's).
final class LifecyclePolicyTests: XCTestCase {
    static let now = 1_700_000_000.0
    static let day = 86_400.0

    static func rule(_ priority: Int, _ selection: String, action: String = #"{"type": "expire"}"#) -> String {
        #"{"rulePriority": \#(priority), "description": "Rule \#(priority)", "selection": {\#(selection)}, "action": \#(action)}"#
    }

    static func policy(_ rules: String...) -> String { #"{"rules": ["# + rules.joined(separator: ",\n") + "]}" }

    static func image(_ name: String, _ tags: [String], daysAgo: Double) -> LifecycleImage {
        let pushed = now - daysAgo * day
        return LifecycleImage(digest: "sha256:\(name)", tags: tags, pushedAt: pushed, pushedAtValue: JSONNode(.number(String(Int(pushed))), span: .unknown))
    }

    func read(_ text: String) -> LifecyclePolicyReader.Result { LifecyclePolicyReader.read(text, file: "lifecycle.json") }

    func expired(_ text: String, _ images: [LifecycleImage], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let result = read(text)
        XCTAssertEqual(result.findings.map(\.message), [], file: file, line: line)
        let policy = try XCTUnwrap(result.policy, file: file, line: line)
        return try LifecyclePreview.evaluate(policy, images: images, now: Self.now).map { "\($0.image.digest.dropFirst(7))@\($0.rule.priority)" }
    }

    // MARK: The guide's examples

    static let exampleRepository = [image("A", ["beta-1", "prod-1"], daysAgo: 10), image("B", ["beta-2", "prod-2"], daysAgo: 9), image("C", ["beta-3"], daysAgo: 8)]

    func testMultipleRulesExampleAExpiresOnlyImageA() throws {
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(2, #""tagStatus": "tagged", "tagPrefixList": ["beta"], "countType": "imageCountMoreThan", "countNumber": 1"#))
        XCTAssertEqual(try expired(text, Self.exampleRepository), ["A@1"])
    }

    func testMultipleRulesExampleBExpiresImagesAAndB() throws {
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPrefixList": ["beta"], "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(2, #""tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 1"#))
        XCTAssertEqual(try expired(text, Self.exampleRepository), ["A@1", "B@1"])
    }

    func testMultipleTagsExampleAMatchesAllPrefixesAndAge() throws {
        let images = [Self.image("A", ["alpha-1"], daysAgo: 12), Self.image("B", ["beta-1"], daysAgo: 11), Self.image("C", ["alpha-2", "beta-2"], daysAgo: 10),
                      Self.image("D", ["alpha-3"], daysAgo: 4), Self.image("E", ["beta-3"], daysAgo: 3), Self.image("F", ["alpha-4", "beta-4"], daysAgo: 2)]
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "sinceImagePushed", "countNumber": 5, "countUnit": "days""#))
        XCTAssertEqual(try expired(text, images), ["C@1"])
    }

    func testMultipleTagsExampleBTagsAreNotExclusive() throws {
        let images = [Self.image("A", ["alpha-1", "beta-1", "gamma-1"], daysAgo: 10), Self.image("B", ["alpha-2", "beta-2"], daysAgo: 9),
                      Self.image("C", ["alpha-3", "beta-3", "gamma-2"], daysAgo: 8)]
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "imageCountMoreThan", "countNumber": 1"#))
        XCTAssertEqual(try expired(text, images), ["A@1", "B@1"])
    }

    func testTagPatternSelectsAndAnyRuleTakesTheRest() throws {
        let images = [Self.image("old-untagged", [], daysAgo: 40), Self.image("prod1", ["prod1"], daysAgo: 50), Self.image("prod2", ["prod2"], daysAgo: 45),
                      Self.image("dev", ["dev-7"], daysAgo: 31), Self.image("new", [], daysAgo: 1)]
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPatternList": ["prod*"], "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(2, #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30"#))
        // prod2 is kept by rule 1 and, seen by it, cannot be expired by rule 2 although it is 45 days old.
        XCTAssertEqual(try expired(text, images), ["prod1@1", "old-untagged@2", "dev@2"])
    }

    func testTagPatternWildcards() {
        XCTAssertTrue(TagPattern.matches("prod-2024-eu", pattern: "prod*eu"))
        XCTAssertTrue(TagPattern.matches("prod", pattern: "prod*"))
        XCTAssertTrue(TagPattern.matches("xtestx1y2z3", pattern: "*test*1*2*3"))
        XCTAssertFalse(TagPattern.matches("production", pattern: "prod"))
        XCTAssertFalse(TagPattern.matches("aprod", pattern: "prod*"))
        XCTAssertFalse(TagPattern.matches("ab", pattern: "a*b*b"))
    }

    // MARK: Validation

    func codes(_ text: String) -> [String] { read(text).findings.map(\.code) }

    func testValidPolicyHasNoFindings() {
        let text = Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14"#))
        XCTAssertEqual(read(text).findings, [])
        XCTAssertNotNil(read(text).policy)
    }

    func testDuplicatePriorityIsReportedAtTheSecondRule() {
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(1, #""tagStatus": "tagged", "tagPrefixList": ["b"], "countType": "imageCountMoreThan", "countNumber": 1"#))
        let findings = read(text).findings
        XCTAssertEqual(findings.map(\.code), ["LIFECYCLE_DUPLICATE_PRIORITY"])
        XCTAssertEqual(findings.first?.span.start.line, 2)
        XCTAssertEqual(findings.first?.message, "rulePriority 1 is also the priority of the rule at 1:12")
        XCTAssertNil(read(text).policy)
    }

    func testAnyRuleMustHaveTheHighestPriority() {
        let text = Self.policy(Self.rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5"#),
                               Self.rule(2, #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1"#))
        XCTAssertEqual(codes(text), ["LIFECYCLE_ANY_RULE_NOT_LAST"])
    }

    func testTagFilterMustFitTheTagStatus() {
        XCTAssertEqual(codes(Self.policy(Self.rule(1, #""tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1"#))),
                       ["LIFECYCLE_TAG_FILTER_MISMATCH"])
        XCTAssertEqual(codes(Self.policy(Self.rule(1, #""tagStatus": "untagged", "tagPrefixList": ["x"], "countType": "imageCountMoreThan", "countNumber": 1"#))),
                       ["LIFECYCLE_TAG_FILTER_MISMATCH"])
    }

    func testAtMostFourWildcardsPerPattern() {
        // The guide's own examples: ["*test*1*2*3", "test*1*2*3*"] is valid, ["test*1*2*3*4*5*6"] is not.
        XCTAssertEqual(codes(Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPatternList": ["*test*1*2*3", "test*1*2*3*"], "countType": "imageCountMoreThan", "countNumber": 1"#))), [])
        let findings = read(Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPatternList": ["test*1*2*3*4*5*6"], "countType": "imageCountMoreThan", "countNumber": 1"#))).findings
        XCTAssertEqual(findings.map(\.code), ["LIFECYCLE_TOO_MANY_WILDCARDS"])
        XCTAssertEqual(findings.first?.path, "rules[0].selection.tagPatternList[0]")
    }

    func testCountUnitFitsTheCountType() {
        XCTAssertEqual(codes(Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countUnit": "days", "countNumber": 1"#))),
                       ["LIFECYCLE_COUNT_UNIT_MISMATCH"])
        XCTAssertEqual(codes(Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "sinceImagePushed", "countNumber": 1"#))),
                       ["LIFECYCLE_COUNT_UNIT_MISMATCH"])
        XCTAssertEqual(codes(Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "hours", "countNumber": 1"#))),
                       ["LIFECYCLE_INVALID_VALUE"])
    }

    func testValuesAndFieldsAreChecked() {
        let text = Self.policy(Self.rule(0, #""tagStatus": "Tagged", "countType": "imageCountMoreThan", "countNumber": 1.5, "tagPrefix": ["x"]"#,
                                         action: #"{"type": "delete"}"#))
        XCTAssertEqual(Set(codes(text)), ["LIFECYCLE_INVALID_VALUE", "LIFECYCLE_UNKNOWN_FIELD"])
        XCTAssertEqual(read(text).findings.first { $0.path == "rules[0].selection.tagStatus" }?.message,
                       #"tagStatus is "Tagged"; ECR accepts "tagged", "untagged", "any""#)
        XCTAssertEqual(codes(#"{"rules": []}"#), ["LIFECYCLE_INVALID_STRUCTURE", "LIFECYCLE_INVALID_STRUCTURE"])
        XCTAssertEqual(codes(#"{"rules": [}"#), ["JSON_SYNTAX_ERROR"])
    }

    func testOnlyOneUntaggedRuleAndUniqueTagSelections() {
        let text = Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(2, #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 3"#),
                               Self.rule(3, #""tagStatus": "tagged", "tagPrefixList": ["a", "b"], "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(4, #""tagStatus": "tagged", "tagPrefixList": ["b", "a"], "countType": "imageCountMoreThan", "countNumber": 2"#))
        XCTAssertEqual(codes(text), ["LIFECYCLE_SECOND_UNTAGGED_RULE", "LIFECYCLE_DUPLICATE_TAG_SELECTION"])
    }

    // MARK: Protected repositories

    func protection(_ text: String, images: [LifecycleImage]? = nil) throws -> [String] {
        let policy = try XCTUnwrap(read(text).policy)
        return LifecycleProtection.check(policy, repository: "payments", file: "lifecycle.json", images: images, now: Self.now).map(\.message)
    }

    func testAgeRuleOverEveryImageEmptiesAProtectedRepository() throws {
        let text = Self.policy(Self.rule(1, #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30"#))
        XCTAssertEqual(try protection(text), ["payments is protected, but rule 1 expires every image once it is older than its age limit, so the repository can be emptied"])
    }

    func testUntaggedAgeRuleLeavesTaggedImages() throws {
        let text = Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14"#))
        XCTAssertEqual(try protection(text), [])
    }

    func testCountRulesAlwaysKeepTheNewestImage() throws {
        let text = Self.policy(Self.rule(1, #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1"#),
                               Self.rule(2, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 3"#))
        XCTAssertEqual(try protection(text), [])
    }

    func testArchivingByAgeThenExpiringArchivedImagesEmptiesTheRepository() throws {
        let transition = #"{"type": "transition", "targetStorageClass": "archive"}"#
        let archiveOnly = Self.policy(Self.rule(1, #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30"#, action: transition))
        XCTAssertEqual(try protection(archiveOnly), [], "archived images are still there")
        let thenExpire = Self.policy(Self.rule(1, #""tagStatus": "untagged", "storageClass": "archive", "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 90"#),
                                     Self.rule(2, #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30"#, action: transition))
        XCTAssertEqual(try protection(thenExpire).count, 1)
    }

    func testCurrentImagesAllExpiredIsRefused() throws {
        let text = Self.policy(Self.rule(1, #""tagStatus": "tagged", "tagPatternList": ["v*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7"#))
        XCTAssertEqual(try protection(text, images: [Self.image("A", ["v1"], daysAgo: 9), Self.image("B", ["v2"], daysAgo: 8)]),
                       ["payments is protected, but this policy would expire all 2 of its current images"])
        XCTAssertEqual(try protection(text, images: [Self.image("A", ["v1"], daysAgo: 9), Self.image("B", ["v2"], daysAgo: 1)]), [])
    }
}
