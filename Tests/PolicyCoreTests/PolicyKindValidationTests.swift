import PolicyCore
import XCTest

/// Validation as AWS enforces it, per policy kind (issue 10, item 2): duplicate Sids, principal
/// ARNs that are not principals, the RCP Version, and policy variables under Version 2008-10-17.
final class PolicyKindValidationTests: XCTestCase {
    /// The findings of `codes` in `text`, as "line:column CODE category severity: message".
    func findings(_ text: String, kind: PolicyKind, codes: Set<String>) -> [String] {
        PolicyParser.parse(text, kind: kind, file: "p.json").findings.filter { codes.contains($0.code) }
            .map { "\($0.span.start.line):\($0.span.start.column) \($0.code) \($0.category.rawValue) \($0.severity.rawValue): \($0.message)" }
    }

    // MARK: Duplicate Sids

    func testDuplicateSidsAreRejectedInIdentitySidePoliciesAndOrganizationsPolicies() {
        for kind in [PolicyKind.identity, .boundary, .session, .scp] {
            let text = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Same", "Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"},
              {"Sid": "Same", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}]}
            """
            XCTAssertEqual(findings(text, kind: kind, codes: ["UNIQUE_SIDS_REQUIRED", "DUPLICATE_SID"]),
                           ["3:11 UNIQUE_SIDS_REQUIRED ERROR high: Sid 'Same' is already used by the statement at line 2; \(kind == .scp ? "a service control" : kind == .boundary ? "a permissions boundary" : kind == .session ? "a session" : "an identity") policy needs unique statement ids, so AWS rejects it"],
                           "\(kind)")
        }
        let rcp = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Same", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
          {"Sid": "Same", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}]}
        """
        XCTAssertEqual(findings(rcp, kind: .rcp, codes: ["UNIQUE_SIDS_REQUIRED", "DUPLICATE_SID"]).map { String($0.prefix(32)) },
                       ["3:11 UNIQUE_SIDS_REQUIRED ERROR "])
    }

    func testDuplicateSidsAreAcceptedInECRAndEndpointPoliciesWithAWarning() {
        let repository = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"},
          {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchGetImage"}]}
        """
        XCTAssertEqual(findings(repository, kind: .repository, codes: ["UNIQUE_SIDS_REQUIRED", "DUPLICATE_SID"]),
                       ["3:11 DUPLICATE_SID WARNING low: Sid 'Pull' is already used by the statement at line 2; AWS accepts this, but the statements cannot be told apart in findings and suppressions"])
        for kind in [PolicyKind.registry, .endpoint] {
            let text = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage", "Resource": "*"},
              {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchGetImage", "Resource": "*"}]}
            """
            XCTAssertEqual(findings(text, kind: kind, codes: ["UNIQUE_SIDS_REQUIRED", "DUPLICATE_SID"]).map { String($0.prefix(26)) },
                           ["3:11 DUPLICATE_SID WARNING"], "\(kind)")
        }
    }

    // MARK: Principal ARNs that are not principals

    func testPrincipalARNsThatAreNotPrincipalsAreErrors() {
        let text = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Principal": {"AWS": [
          "arn:aws:iam::111122223333:group/developers",
          "arn:aws:iam::111122223333:instance-profile/web",
          "arn:aws:iam::111122223333:policy/ReadOnly",
          "arn:aws:sts::111122223333:assumed-role/ci",
          "arn:aws:iam::111122223333:federated-user/alice",
          "arn:aws:iam::111122223333:root",
          "arn:aws:iam::111122223333:user/team/alice",
          "arn:aws:iam::111122223333:role/service/ci",
          "arn:aws:sts::111122223333:assumed-role/ci/build-7",
          "arn:aws:sts::111122223333:federated-user/alice"]}}]}
        """
        XCTAssertEqual(findings(text, kind: .repository, codes: ["INVALID_PRINCIPAL_FORMAT"]), [
            "2:3 INVALID_PRINCIPAL_FORMAT ERROR high: 'arn:aws:iam::111122223333:group/developers' is not a principal: an IAM group cannot be a principal; name its users, or grant the group an identity policy",
            "3:3 INVALID_PRINCIPAL_FORMAT ERROR high: 'arn:aws:iam::111122223333:instance-profile/web' is not a principal: an instance profile cannot be a principal; name its role (arn:aws:iam::111122223333:role/NAME)",
            "4:3 INVALID_PRINCIPAL_FORMAT ERROR high: 'arn:aws:iam::111122223333:policy/ReadOnly' is not a principal: a managed policy cannot be a principal; name the users or roles it is attached to",
            "5:3 INVALID_PRINCIPAL_FORMAT ERROR high: 'arn:aws:sts::111122223333:assumed-role/ci' is not a principal: a role session principal names the role and the session (arn:aws:sts::111122223333:assumed-role/ROLE/SESSION); to name every session of the role, name the role ARN",
            "6:3 INVALID_PRINCIPAL_FORMAT ERROR high: 'arn:aws:iam::111122223333:federated-user/alice' is not a principal: federated-user principals are STS resources (arn:aws:sts::111122223333:federated-user/...)",
        ])
    }

    // MARK: Version per policy kind

    func testResourceControlPoliciesNeedVersion2012() {
        let statement = #"{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}"#
        XCTAssertEqual(findings(#"{"Version": "2008-10-17", "Statement": ["# + statement + "]}", kind: .rcp, codes: ["INVALID_VERSION"]),
                       ["1:13 INVALID_VERSION ERROR high: a resource control policy must have Version 2012-10-17, and this one has Version 2008-10-17; Organizations rejects it"])
        XCTAssertEqual(findings(#"{"Statement": ["# + statement + "]}", kind: .rcp, codes: ["INVALID_VERSION"]),
                       ["1:1 INVALID_VERSION ERROR high: a resource control policy must have Version 2012-10-17, and this one has no Version; Organizations rejects it"])
        XCTAssertEqual(findings(#"{"Version": "2012-10-17", "Statement": ["# + statement + "]}", kind: .rcp, codes: ["INVALID_VERSION"]), [])
    }

    func testOtherKindsAcceptVersion2008() {
        let identityStatement = #"{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"}"#
        for kind in [PolicyKind.scp, .boundary, .session, .identity] {
            let errors = PolicyParser.parse(#"{"Version": "2008-10-17", "Statement": ["# + identityStatement + "]}", kind: kind, file: "p.json")
                .findings.filter { $0.category == .error }
            XCTAssertEqual(errors.map(\.code), [], "\(kind)")
        }
        let endpoint = #"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Resource": "*"}]}"#
        XCTAssertEqual(PolicyParser.parse(endpoint, kind: .endpoint, file: "p.json").findings.filter { $0.category == .error }.map(\.code), [])
    }

    // MARK: Policy variables under Version 2008-10-17

    func testVariablesUnderVersion2008AreAWarningHighInADeny() {
        let text = """
        {"Version": "2008-10-17", "Statement": [
          {"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/${aws:username}"},
          {"Effect": "Deny", "Action": "ecr:*", "NotResource": "arn:aws:ecr:us-east-1:111122223333:repository/${aws:username}"}]}
        """
        XCTAssertEqual(findings(text, kind: .identity, codes: ["VARIABLE_UNSUPPORTED_IN_VERSION"]), [
            "2:101 VARIABLE_UNSUPPORTED_IN_VERSION WARNING medium: policy variables need Version 2012-10-17; in Version 2008-10-17 '${...}' is literal text, so it never matches a real value",
            "3:103 VARIABLE_UNSUPPORTED_IN_VERSION WARNING high: policy variables need Version 2012-10-17; in Version 2008-10-17 '${...}' is literal text, so this Deny does not apply where it was meant to",
        ])
        XCTAssertEqual(PolicyParser.parse(text, kind: .identity, file: "p.json").findings.filter { $0.category == .error }.map(\.code), [])
    }

    /// AWS compares `${...}` under Version 2008-10-17 as the literal text, in Resource and in
    /// condition values, and so does the evaluator.
    func testVersion2008EvaluatesVariablesLiterally() {
        let resourcePolicy = compiled("""
        {"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage",
          "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/${aws:username}"}]}
        """)
        let alice = "arn:aws:ecr:us-east-1:111122223333:repository/alice"
        let literal = "arn:aws:ecr:us-east-1:111122223333:repository/${aws:username}"
        let evaluator = Evaluator()
        XCTAssertEqual(evaluator.evaluate(request(sameAccountUser, "ecr:BatchGetImage", alice), PolicySet(identity: [resourcePolicy])).outcome, .implicitDeny)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountUser, "ecr:BatchGetImage", literal), PolicySet(identity: [resourcePolicy])).outcome, .allowed)

        let condition = #"{"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}"#
        XCTAssertFalse(conditionHolds(condition, ["aws:PrincipalTag/owner": .single("alice")], version: "2008-10-17"))
        XCTAssertTrue(conditionHolds(condition, ["aws:PrincipalTag/owner": .single("${aws:username}")], version: "2008-10-17"))
        // Under 2012-10-17 the same text is the variable.
        XCTAssertTrue(conditionHolds(condition, ["aws:PrincipalTag/owner": .single("alice")]))
    }
}

/// The two codes that had a second definition as check rules (issue 10, item 6), now reported
/// once by the core, with their messages.
final class SingleDefinitionValidationTests: XCTestCase {
    func testMissingVersionAndDataTypeMismatchMessages() {
        let text = """
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
          "Condition": {"DateNotEquals": {"aws:CurrentTime": "31/12/2026"}}}]}
        """
        let findings = PolicyParser.parse(text, kind: .repository, file: "p.json").findings
        XCTAssertEqual(findings.map { "\($0.span.start.line):\($0.span.start.column) \($0.code) \($0.severity.rawValue): \($0.message)" }, [
            "1:1 MISSING_VERSION low: the policy has no Version, so AWS reads it as 2008-10-17, where policy variables are plain text",
            "2:54 DATA_TYPE_MISMATCH high: DateNotEquals expects a date (ISO 8601 such as 2026-01-31T00:00:00Z, or epoch seconds) for aws:CurrentTime, not '31/12/2026', so this negated condition is always true",
        ])
    }
}

/// Per-kind size limits: a session policy is at most 2,048 characters (STS AssumeRole `Policy`).
final class SessionPolicySizeTests: XCTestCase {
    func testSessionPolicyLimit() {
        let statement = #"{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/a"}"#
        let head = #"{"Version": "2012-10-17", "Statement": ["#
        var text = head + statement + "]}"
        text = head + statement + String(repeating: " ", count: 2_048 - text.unicodeScalars.count) + "]}"
        XCTAssertEqual(text.unicodeScalars.count, 2_048)
        XCTAssertEqual(PolicyParser.parse(text, kind: .session, file: "s.json").findings.map(\.code), [])
        let over = text + " "
        XCTAssertEqual(PolicyParser.parse(over, kind: .session, file: "s.json").findings.map { "\($0.code): \($0.message)" },
                       ["POLICY_SIZE_EXCEEDS_SESSION_QUOTA: the policy is 2049 characters long; STS accepts a session policy of at most 2048"])
        // Identity policies are not held to the session limit.
        XCTAssertEqual(PolicyParser.parse(over, kind: .identity, file: "s.json").findings.map(\.code), [])
    }
}

/// DATA_TYPE_MISMATCH reads dates and addresses with the evaluator's parsers: a value is reported
/// exactly when evaluation could never match it.
final class DataTypeMismatchAgreesWithEvaluationTests: XCTestCase {
    func testImpossibleDatesAndAddressesAreMismatches() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*",
          "Condition": {"DateLessThan": {"aws:CurrentTime": [«DATA_TYPE_MISMATCH»"2026-02-30", «DATA_TYPE_MISMATCH»"2026-13-01T00:00:00Z", "2026-02-28T23:59:59Z", "1767225600"]},
                        "IpAddress": {"aws:SourceIp": [«DATA_TYPE_MISMATCH»"10.0.0.256/8", "10.0.0.0/8", "2001:db8::/32"]}}}]}
        """).assertFindings(kind: .identity)
        for value in ["2026-02-30", "2026-13-01T00:00:00Z"] {
            XCTAssertNil(DateValue.parse(value), "the evaluator cannot read \(value) either")
        }
    }
}
