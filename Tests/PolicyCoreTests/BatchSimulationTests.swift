import PolicyCore
import XCTest

/// `BatchSimulation`: per-case errors and warnings, the resource policy kind a resource implies,
/// resource-based policies of other services, the context AWS always sets, and the output forms.
final class BatchSimulationTests: XCTestCase {
    func results(_ text: String, options: BatchSimulation.Options = .init()) throws -> [SimulationResult] {
        try BatchSimulation.results(Array(text.utf8), file: "b.json", options: options)
    }

    /// A result's outcome follows its answer when the answer is set.
    func testOutcomeFollowsTheAnswer() {
        var r = SimulationResult(id: "a", answer: .error(SimulationInputError(file: "b.json", position: .start, message: "no")))
        XCTAssertTrue(r.isError)
        XCTAssertEqual(r.decision, "error")
        r.answer = .action(Decision(outcome: .implicitDeny, blockedBy: [.identity]))
        XCTAssertFalse(r.isError)
        XCTAssertEqual(r.outcome, .implicitDeny)
        XCTAssertEqual(r.decision, "implicitDeny")
        r.answer = .action(Decision(outcome: .allowed))
        XCTAssertEqual(r.decision, "allowed")
    }

    static let bucketPolicy = """
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "ReadFromPartner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
       "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
    """

    /// An S3 bucket policy is a resource-based policy with S3 actions: evaluated, not refused as
    /// an ECR repository policy (which may only grant ECR actions).
    func testBucketPolicyOfAnotherServiceIsEvaluated() throws {
        let batch = """
        {"policies": {"bucket": \(Self.bucketPolicy),
                      "reader": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}},
         "cases": [
          {"id": "partner", "request": {"principal": "arn:aws:iam::444455556666:role/etl", "action": "s3:GetObject",
                                       "resource": "arn:aws:s3:::reports/2026/q3.csv", "resourceAccount": "111122223333"},
           "identityPolicies": ["reader"], "resourcePolicy": "bucket"},
          {"id": "stranger", "request": {"principal": "arn:aws:iam::777788889999:role/etl", "action": "s3:GetObject",
                                        "resource": "arn:aws:s3:::reports/2026/q3.csv", "resourceAccount": "111122223333"},
           "identityPolicies": ["reader"], "resourcePolicy": "bucket"}]}
        """
        let r = try results(batch)
        XCTAssertEqual(r.map(\.decision), ["allowed", "implicitDeny"], "\(r.map(\.answer))")
        XCTAssertEqual(r[1].blockedBy, [.resource])
        XCTAssertTrue(r[0].warnings.isEmpty, "\(r[0].warnings.map(\.finding.message))")
        // Forced to be checked as a repository policy, the same policy is one ECR refuses.
        let forced = try results(batch, options: .init(resourcePolicyKind: .repository))
        XCTAssertEqual(forced.map(\.decision), ["error", "error"])
        guard case .error(let e) = forced[0].answer else { return XCTFail() }
        XCTAssertTrue(e.message.contains("bucket is not a valid repository policy"), e.message)
    }

    func testResourceImpliesThePolicyKind() {
        XCTAssertEqual(PolicyKind.resourcePolicy(for: "arn:aws:ecr:us-east-1:111122223333:repository/app", action: "ecr:PutImage"), .repository)
        XCTAssertEqual(PolicyKind.resourcePolicy(for: "arn:aws:ecr:us-east-1:111122223333:*", action: "ecr:ReplicateImage"), .registry)
        XCTAssertEqual(PolicyKind.resourcePolicy(for: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", action: "kms:Decrypt"), .resource)
        XCTAssertEqual(PolicyKind.resourcePolicy(for: "arn:aws:sns:us-east-1:111122223333:alerts", action: "sns:Publish"), .resource)
    }

    /// Findings AWS stores a policy with are listed with positions and the case is evaluated; a
    /// policy AWS refuses makes only its own case an error.
    func testWarningsDoNotStopEvaluationAndRefusalsStopOnlyTheirCase() throws {
        let batch = """
        {"policies": {
           "typo": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["ecr:PutImage", "ecr:PutImagez"], "Resource": "*"}},
           "refused": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*", "Principal": "*"}}},
         "cases": [
          {"id": "w", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": ["typo"]},
          {"id": "e", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": ["refused"]},
          {"id": "w2", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": ["typo"]}]}
        """
        let r = try results(batch)
        XCTAssertEqual(r.map(\.decision), ["allowed", "error", "allowed"])
        let warning = try XCTUnwrap(r[0].warnings.first { $0.finding.code == "INVALID_ACTION" })
        XCTAssertEqual(warning.policy, "typo")
        XCTAssertEqual(warning.finding.span.start.line, 2)
        XCTAssertEqual(warning.finding.span.start.column, 98)
        XCTAssertEqual(r[2].warnings.count, r[0].warnings.count)
        guard case .error(let e) = r[1].answer else { return XCTFail() }
        XCTAssertEqual(e.position.line, 3)
        XCTAssertTrue(e.message.contains("[UNSUPPORTED_PRINCIPAL]"), e.message)
        let json = r[0].json(explain: .none).rendered(.compact)
        XCTAssertTrue(json.contains(#""warnings":[{"policy":"typo","code":"INVALID_ACTION""#), json)
    }

    /// `resource: "*"`: only statements whose Resource matches "*" grant it, never a resource policy.
    func testStarResourceIsGrantedOnlyByStarStatements() throws {
        let batch = """
        [{"id": "repo-only", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:GetAuthorizationToken", "resource": "*"},
          "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/*"}}]},
         {"id": "star", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:GetAuthorizationToken", "resource": "*"},
          "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}}]}]
        """
        XCTAssertEqual(try results(batch).map(\.decision), ["implicitDeny", "allowed"])
    }

    /// aws:RequestedRegion from the resource ARN and aws:userid of a federated user, unless given.
    func testContextAWSAlwaysSetsIsFilledIn() throws {
        func batch(_ context: String) -> String {
            """
            [{"request": {"principal": "arn:aws:sts::111122223333:federated-user/bob", "action": "ecr:PutImage", "resource": "arn:aws:ecr:eu-west-1:111122223333:repository/app", "context": {\(context)}},
              "identityPolicies": [{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "ecr:*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1", "aws:userid": "111122223333:bob"}}}]}]}]
            """
        }
        XCTAssertEqual(try results(batch("")).map(\.decision), ["allowed"])
        XCTAssertEqual(try results(batch(#""aws:RequestedRegion": "us-east-1""#)).map(\.decision), ["implicitDeny"])
    }

    /// Contexts are read once per text: the same text answers alike, a bad value is that case's error.
    func testRepeatedAndBadContexts() throws {
        let batch = """
        [{"id": "a", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*", "context": {"aws:SourceIp": "203.0.113.9"}},
          "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}}]},
         {"id": "b", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*", "context": {"aws:SourceIp": "203.0.113.9"}},
          "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}}]},
         {"id": "c", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*", "context": {"aws:SourceIp": {"no": 1}}}}]
        """
        let r = try results(batch)
        XCTAssertEqual(r.map(\.decision), ["allowed", "implicitDeny", "error"])
        guard case .error(let e) = r[2].answer else { return XCTFail() }
        XCTAssertEqual(e.position.line, 5)
        XCTAssertTrue(e.message.contains("a context value must be"), e.message)
    }

    /// Cases after the shared policies, or before them: the same answers.
    func testPoliciesAfterCasesAreFound() throws {
        let cases = #""cases": [{"request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": ["p"]}]"#
        let policies = #""policies": {"p": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}}}"#
        XCTAssertEqual(try results("{\(policies), \(cases)}").map(\.decision), ["allowed"])
        XCTAssertEqual(try results("{\(cases), \(policies)}").map(\.decision), ["allowed"])
    }

    /// The compact bytes written directly are the same JSON as the result's `OrderedJSON`.
    func testWriterCompactFormIsTheResultJSON() throws {
        let batch = """
        {"policies": {"repo": {"Version": "2008-10-17", "Statement": [{"Sid": "OrgOnly", "Effect": "Deny", "Principal": "*", "Action": "ecr:*",
                      "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}]},
                      "i\\"d": {"Version": "2012-10-17", "Statement": {"Sid": "A", "Effect": "Allow", "Action": "ecr:*", "Resource": "*"}}},
         "cases": [{"id": "x\\"y", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage",
                    "resource": "arn:aws:ecr:us-east-1:111122223333:repository/app"}, "identityPolicies": ["i\\"d"], "resourcePolicy": "repo"},
                   {"id": "ok", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": ["i\\"d"]}]}
        """
        for level in ExplainLevel.allCases {
            for format in BatchResultWriter.Format.allCases {
                let r = try results(batch)
                var writer = BatchResultWriter(format: format, pretty: false, explain: level)
                writer.begin()
                r.forEach { writer.write($0) }
                writer.end()
                let text = String(decoding: writer.buffer, as: UTF8.self)
                let lines = text.split(separator: "\n").map { $0.hasSuffix(",") ? String($0.dropLast()) : String($0) }.filter { $0 != "[" && $0 != "]" }
                XCTAssertEqual(lines.count, 2, text)
                for (line, result) in zip(lines, r) {
                    XCTAssertEqual(try JSONParser.parse(line).canonical, try JSONParser.parse(result.json(explain: level).rendered(.compact)).canonical, "\(level) \(format)")
                }
                XCTAssertEqual(text.contains("explain"), level != .none)
                XCTAssertEqual(text.contains("reasons"), level == .full)
            }
        }
    }

    /// A copy of a writer and the writer it was copied from write the same bytes for the same
    /// results, each what a fresh writer writes, whichever of them saw a kind of result first.
    func testCopiesOfAWriterWriteTheSameBytes() throws {
        let batch = """
        {"policies": {"p": {"Version": "2012-10-17", "Statement": [{"Sid": "Push", "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*"},
                                                                   {"Sid": "NoDelete", "Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"}]}},
         "cases": [{"id": "a", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": ["p"]},
                   {"id": "b", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:ListImages", "resource": "*"}, "identityPolicies": ["p"]},
                   {"id": "c", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:DeleteRepository", "resource": "*"}, "identityPolicies": ["p"]}]}
        """
        let r = try results(batch)
        XCTAssertEqual(r.map(\.decision), ["allowed", "implicitDeny", "explicitDeny"])
        var fresh = BatchResultWriter(format: .jsonl, pretty: false, explain: .deciding)
        for i in [0, 1, 2, 0, 2, 1] { fresh.write(r[i]) }
        var original = BatchResultWriter(format: .jsonl, pretty: false, explain: .deciding)
        original.write(r[0])
        var copy = original
        copy.write(r[1])
        copy.write(r[2])
        original.write(r[2])
        original.write(r[1])
        for i in [0, 2, 1] {
            original.write(r[i])
            copy.write(r[i])
        }
        XCTAssertEqual(String(decoding: copy.buffer, as: UTF8.self), String(decoding: fresh.buffer, as: UTF8.self))
        var expectedOriginal = BatchResultWriter(format: .jsonl, pretty: false, explain: .deciding)
        for i in [0, 2, 1, 0, 2, 1] { expectedOriginal.write(r[i]) }
        XCTAssertEqual(String(decoding: original.buffer, as: UTF8.self), String(decoding: expectedOriginal.buffer, as: UTF8.self))
    }
}

private extension JSONNode {
    var canonical: String { OrderedJSON(self).rendered(.canonical) }
}
