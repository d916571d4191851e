@testable import PolicyChecks
import PolicyCore
import TestSupport
import XCTest

/// The access analysis re-uses what it worked out once (a caller's contexts, the usual probe
/// identities, the unrestricted clauses of broad Allows) and reads ARNs without splitting them.
/// Each shortcut against the direct computation, on varied policies and texts.
final class AnalysisReuseTests: XCTestCase {
    /// Policies with several action groups (statements covering different actions, with different
    /// condition keys), Deny statements, named accounts and organizations, registry resources.
    static let policies: [String] = [
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}, {"Effect": "Allow", "Principal": "*", "Action": "ecr:PutImage", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci-*"}, "Bool": {"aws:SecureTransport": "true"}}}, {"Effect": "Deny", "Principal": "*", "Action": "ecr:PutImage", "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/team-ci"}}}]}"#,
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:*", "Condition": {"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1234abcd"}, "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}, {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#,
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["444455556666", "arn:aws:iam::555566667777:role/ci"]}, "Action": ["ecr:BatchGetImage", "ecr:PutImage"]}, {"Effect": "Allow", "Principal": "*", "Action": "ecr:GetDownloadUrlForLayer", "Condition": {"StringLike": {"aws:PrincipalOrgPaths": "o-*/r-ab12/*", "aws:userid": "AROA*:*"}}}, {"Effect": "Deny", "NotPrincipal": {"AWS": "444455556666"}, "Action": "ecr:Put*"}]}"#,
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgID": ["o-a1*", "o-zz?zz12345"]}, "StringNotEquals": {"aws:PrincipalAccount": "999999999990"}}}, {"Effect": "Allow", "Principal": "*", "Action": "ecr:ListImages", "Condition": {"StringEquals": {"aws:SourceAccount": "666677778888", "aws:PrincipalTag/team": "a"}}}]}"#,
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:BatchImportUpstreamImage", "ecr:BatchGetImage"], "Resource": ["arn:aws:ecr:us-east-1:111122223333:repository/team-*", "arn:aws:ecr:*:*:repository/*"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-other12345"}}}, {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::888888888880:root"}, "Action": "ecr:*", "Resource": "*"}]}"#,
    ] + (0..<40).map { seed in
        var random = SplitMix64(seed: 0xC0_FFEE + UInt64(seed))
        return OutsiderCorpusTests.GeneratedPolicy(&random).text
    }

    static let contexts: [CheckContext] = [
        .unknown,
        CheckContext(accountID: "111122223333", organizationID: "o-a1b2c3d4e5", repositoryName: "employee-api"),
        CheckContext(accountID: "999999999990", region: "eu-west-1"),
    ]

    static func inputs(kinds: [PolicyKind] = [.repository, .registry]) -> [CheckInput] {
        policies.flatMap { text in
            kinds.flatMap { kind in
                contexts.map { context in
                    let parsed = PolicyParser.parse(text, kind: kind, file: "policy.json")
                    return CheckInput(document: parsed.document!, root: parsed.root, kind: kind, file: "policy.json", context: context)
                }
            }
        }
    }

    func assertEqual(_ a: AccessProbe.Grant, _ b: AccessProbe.Grant, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.actions, b.actions, message, file: file, line: line)
        XCTAssertEqual(a.statements, b.statements, message, file: file, line: line)
        XCTAssertEqual(a.contexts, b.contexts, message, file: file, line: line)
        XCTAssertEqual(a.synthesized, b.synthesized, message, file: file, line: line)
    }

    /// A caller's contexts kept across principals (the outsider, then anonymous) give each the grant
    /// of contexts built afresh for it.
    func testKeptCallerContextsGiveTheGrantOfFreshOnes() {
        var nonEmpty = 0
        for input in Self.inputs() {
            guard let probe = AccessProbe(input) else { XCTFail("no probe"); continue }
            let trusted = Outsiders.trusted(input.document, owner: probe.owner, organization: input.context.organizationID)
            let caller = Outsiders.unrelated(trusted: trusted)
            let principals = [PrincipalIdentity(caller.arn)!, .anonymous, PrincipalIdentity("arn:aws:iam::444455556666:role/ci")!]
            var kept = probe.contexts(of: caller)
            for principal in principals {
                let fresh = probe.grant(to: principal, as: caller)
                if !fresh.isEmpty { nonEmpty += 1 }
                assertEqual(probe.grant(to: principal, as: &kept), fresh, "\(principal) \(input.kind) \(input.context)\n\(input.document)")
            }
        }
        // The policies grant something to some of these callers (the comparison is not of empty grants only).
        XCTAssertGreaterThan(nonEmpty, 50)
    }

    /// The identities parsed once are those `PrincipalIdentity` parses, for the usual ARNs and others.
    func testUsualIdentitiesAreTheParsedOnes() {
        let arns = [Outsiders.unrelatedARN(account: Outsiders.firstUnrelatedAccount), ExternalParty.memberARN(account: ExternalParty.firstMemberAccount),
                    Outsiders.unrelatedARN(account: "999999999991"), ExternalParty.memberARN(account: "888888888881"),
                    "arn:aws:iam::444455556666:role/ci", "arn:aws:sts::444455556666:assumed-role/ci/s", "444455556666", "anonymous", "not an arn"]
        for arn in arns {
            let usual = AccessProbe.identity(arn), parsed = PrincipalIdentity(arn)
            XCTAssertEqual(usual, parsed, arn)
            XCTAssertEqual(usual?.arn, parsed?.arn, arn)
            XCTAssertEqual(usual?.account, parsed?.account, arn)
            XCTAssertEqual(usual?.name, parsed?.name, arn)
            XCTAssertEqual(usual?.roleARN, parsed?.roleARN, arn)
        }
        XCTAssertEqual(AccessProbe.identity(Outsiders.unrelatedARN(account: Outsiders.firstUnrelatedAccount))?.account, "999999999990")
        XCTAssertEqual(AccessProbe.identity(ExternalParty.memberARN(account: ExternalParty.firstMemberAccount))?.account, "888888888880")
    }

    /// The account field of an ARN found by one pass over its bytes is `splitKeepingEmpty`'s fifth
    /// part, with the same answer on wildcards before it; non-ASCII texts are split by characters.
    func testARNAccountFieldIsTheFifthSplitPart() {
        let texts = ["arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333", "arn:aws:iam::", "arn:aws:iam:", "arn:aws:iam::1:2:3:4",
                     "arn:aws:*:role/x", "arn:*:iam::444455556666:root", "arn:a?s:iam::444455556666:root", "arn:aws:iam::4444*:role/*",
                     "*", "", ":::::", "::::", "arn:aws:iam:\u{FC}:444455556666:role/q", "arn:aws:iam::\u{301}:444455556666:x",
                     "arn:aws:iam::444455556666\u{301}:role/x", "arn\u{301}:aws:iam::444455556666:role/x", "arn:aws:iam::444455556666:role/caf\u{E9}"]
        for text in texts {
            let parts = text.splitKeepingEmpty(at: ":", maxSplits: 5)
            let field = Outsiders.arnAccountField(text)
            XCTAssertEqual(field == nil, parts.count < 5, text)
            guard let field, parts.count >= 5 else { continue }
            XCTAssertEqual(String(field.account), String(parts[4]), text)
            XCTAssertEqual(field.star, parts[0..<4].contains { $0.containsASCII("*") }, text)
            XCTAssertEqual(field.wildcardBefore, parts[0..<4].contains { ActionGlob.hasWildcard(String($0)) }, text)
            let account = parts[0..<4].contains { $0.containsASCII("*") } ? nil : String(parts[4])
            XCTAssertEqual(Outsiders.Demands.arnAccount(text), account, text)
        }
        XCTAssertEqual(Outsiders.arnAccountField("arn:aws:iam::111122223333:role/ci").map { String($0.account) }, "111122223333")
        XCTAssertNil(Outsiders.Demands.arnAccount("arn:aws:*:role/x"))
    }

    /// Leaving out what every outsider gets: with nothing to leave out, the grant's actions,
    /// statements and contexts as they are (and not its `synthesized`); otherwise those actions removed.
    func testLeavingOutPublicActions() {
        var grant = AccessProbe.Grant()
        grant.actions = ["ecr:BatchGetImage", "ecr:PutImage"]
        grant.statements = [0: ["ecr:BatchGetImage"], 2: ["ecr:BatchGetImage", "ecr:PutImage"]]
        grant.contexts = [0: [:], 2: ["aws:PrincipalOrgID": .single("o-a1b2c3d4e5")]]
        grant.synthesized = [2]
        for (left, actions, statements) in [
            (Set<String>(), ["ecr:BatchGetImage", "ecr:PutImage"], [0: ["ecr:BatchGetImage"], 2: ["ecr:BatchGetImage", "ecr:PutImage"]]),
            (["ecr:batchgetimage"], ["ecr:PutImage"], [2: ["ecr:PutImage"]]),
        ] {
            let own = ExternalParty.leavingOut(left, of: grant)
            XCTAssertEqual(own.actions, actions)
            XCTAssertEqual(own.statements, statements)
            XCTAssertEqual(own.contexts, grant.contexts)
            XCTAssertEqual(own.synthesized, [])
        }
        var withEmpty = grant
        withEmpty.statements[5] = []
        XCTAssertEqual(ExternalParty.leavingOut([], of: withEmpty).statements, grant.statements)
    }

    /// The five rules that read the unrestricted clauses of broad Allows report, through
    /// `PolicyChecker` (which finds the clauses once), what each reports on an input found afresh.
    func testUnrestrictedClausesFoundOnceGiveTheRulesFindings() {
        let rules: [any PolicyRule] = [NegatedConditionDoesNotRestrictRule(), OpenIPRangeRule(), WildcardConditionValueRule(),
                                       CallerControlledConditionKeyRule(), IfExistsDoesNotRestrictRule()]
        let codes = Set(rules.flatMap { $0.descriptors.map(\.code) })
        var reported = 0
        for text in Self.policies {
            for context in Self.contexts {
                let parsed = PolicyParser.parse(text, kind: .repository, file: "policy.json")
                let input = CheckInput(document: parsed.document!, root: parsed.root, kind: .repository, file: "policy.json", context: context)
                let viaChecker = PolicyChecker(rules: rules).check(text, kind: .repository, file: "policy.json", context: context)
                    .filter { codes.contains($0.code) }.map { "\($0.code)@\($0.span.start.offset) \($0.message) \($0.remediation ?? "")" }
                // As `PolicyChecker` keeps them: the first finding of a code at a place.
                var places = Set(parsed.findings.map { "\($0.code)@\($0.span.start.offset)" })
                let direct = rules.flatMap { $0.check(input) }.filter { places.insert("\($0.code)@\($0.span.start.offset)").inserted }
                    .map { "\($0.code)@\($0.span.start.offset) \($0.message) \($0.remediation ?? "")" }
                XCTAssertEqual(viaChecker.sorted(), direct.sorted(), text)
                reported += direct.count
            }
        }
        XCTAssertGreaterThan(reported, 10)
    }

    static let keys = ["aws:PrincipalOrgID", "AWS:PRINCIPALARN", "aws:principalaccount", "aws:SourceOwner", "aws:SourceVpce", "aws:sourcevpc",
                       "aws:userid", "aws:UserId", "aws:PrincipalOrgPaths", "aws:SourceOrgPaths", "aws:SourceOrgID", "aws:SourceArn",
                       "aws:SourceAccount", "aws:PrincipalTag/team", "aws:SecureTransport", "ecr:ResourceTag/env", "", "aws:",
                       "aws:principalorgi", "aws:principalorgidx", "aws:PrincipalOrgI\u{0307}D", "aws:\u{212A}ey", "aws:Source\u{212A}",
                       "aws:sourcevpc\u{0301}", "\u{0130}aws:userid", "aws:principalarn "]

    /// `Field.of` compares keys folded in place; the answer is the lower-cased key's.
    func testFieldOfIsTheLowerCasedKeys() {
        var known = 0
        for key in Self.keys {
            XCTAssertEqual(Outsiders.Field.of(key), Outsiders.Field.lowercasing(key), key)
            if Outsiders.Field.of(key) != nil { known += 1 }
        }
        XCTAssertEqual(known, 13)
    }

    /// `equalFolded` in place is the comparison of the texts' bytes with ASCII letters lower-cased.
    func testEqualFoldedComparesFoldedBytes() {
        func folded(_ text: String) -> [UInt8] { text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }
        let texts = Self.keys + ["ecr:BatchGetImage", "ECR:batchgetimage", "ecr:BatchGetImagE", "ecr:BatchGetImag", "caf\u{E9}", "CAF\u{C9}", "caf\u{C9}"]
        var equalPairs = 0
        for a in texts {
            for b in texts {
                XCTAssertEqual(ActionGlob.equalFolded(a, b), folded(a) == folded(b), "\(a) \(b)")
                if a != b && folded(a) == folded(b) { equalPairs += 1 }
            }
        }
        XCTAssertGreaterThan(equalPairs, 4)
    }

    /// Fingerprints hashed piece after piece are those of the joined material, and the statement
    /// index is dropped from the path as by the first `]` character.
    func testFingerprintIsTheHashOfTheJoinedMaterial() {
        func characterPath(_ path: String) -> String {
            guard path.hasPrefix("Statement["), let close = path.firstIndex(of: "]") else { return path }
            return "Statement[]" + path[path.index(after: close)...]
        }
        func reference(_ pieces: [String]) -> String {
            var first: UInt64 = 0xcbf2_9ce4_8422_2325, second: UInt64 = 0x8422_2325_cbf2_9ce4
            for byte in pieces.joined(separator: "\u{1F}").utf8 {
                first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return String(format: "%016llx%016llx", first, second)
        }
        let paths = ["Statement[0].Principal", "Statement[12]", "Statement[3][\"caf\u{E9}\"]", "Statement[1]\u{0301}.Action", "Statement[\u{0600}]x",
                     "Statement[", "Statement", "", "Condition.StringEquals", "Statement[2].Condition[\"k]\"]"]
        for path in paths {
            XCTAssertEqual(Fingerprint.normalisedPath(path), characterPath(path), path)
            for (code, file, statement) in [("EXTERNAL_ACCESS", "repositories/a.json", #"{"Effect":"Allow"}"#), ("X", "", ""), ("PUBLIC_ACCESS", "caf\u{E9}.json", "\u{1F}")] {
                XCTAssertEqual(Fingerprint.of(code: code, file: file, path: path, statement: statement),
                               reference([code, file, characterPath(path), statement]), "\(path) \(code)")
            }
        }
        XCTAssertEqual(Fingerprint.normalisedPath("Statement[7].Action"), "Statement[].Action")
    }

    /// Wildcards found over contiguous bytes, and outside `${…}` over ASCII bytes, are those found
    /// character by character.
    func testWildcardScansOverBytesAnswerAsCharacters() {
        let texts = ["o-a1*", "o-a1", "?", "", "${*}", "a${*}b", "${aws:username}*", "$${*}?", "${*", "x}*", "$\r\n{*}", "caf\u{E9}*", "${\u{301}*}",
                     "$\u{301}{*}", "arn:aws:iam::*:role/x", "${?}${*}", "}${", "{*}", "$ {*}", "*\u{301}", String(repeating: "a", count: 40) + "?"]
        var unescaped = 0
        for text in texts {
            XCTAssertEqual(ActionGlob.hasWildcard(text), text.utf8.contains { $0 == 42 || $0 == 63 }, text)
            XCTAssertEqual(WildcardWithNonLikeOperatorRule.hasUnescapedWildcard(text), WildcardWithNonLikeOperatorRule.unescapedWildcardByCharacter(text), text)
            if WildcardWithNonLikeOperatorRule.hasUnescapedWildcard(text) { unescaped += 1 }
        }
        XCTAssertEqual(WildcardWithNonLikeOperatorRule.hasUnescapedWildcard("a${*}b"), false)
        XCTAssertEqual(WildcardWithNonLikeOperatorRule.hasUnescapedWildcard("${aws:username}*"), true)
        XCTAssertGreaterThan(unescaped, 8)
    }

    /// An unused account from a start of 12 digits is the start itself when free, else the next
    /// free padded number, as counting from the start finds it.
    func testUnusedAccountCountsFromTheStart() {
        func counting(_ used: Set<String>, _ start: String) -> String {
            func padded(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 12 - s.count)) + s }
            var candidate = Int(start) ?? 0
            while used.contains(padded(candidate)) { candidate += 1 }
            return padded(candidate)
        }
        let starts = ["000000000000", "999999999990", "888888888880", "000000000123", "12345", "x", "", "1234567890123", "00000000000a"]
        let useds: [Set<String>] = [[], ["000000000000"], ["999999999990", "999999999991"], ["888888888880"], ["000000000123", "000000000124"],
                                    ["000000012345"], ["000000000000", "000000000001"]]
        for start in starts {
            for used in useds {
                XCTAssertEqual(AccessProbe.unusedAccount(avoiding: used, from: start), counting(used, start), "\(start) \(used)")
            }
        }
        XCTAssertEqual(AccessProbe.unusedAccount(avoiding: ["999999999990"], from: "999999999990"), "999999999991")
    }

    /// A party's name capitalized for the start of a sentence.
    func testCapitalizedNameIsTheNameCapitalized() {
        for (kind, id) in [(ExternalParty.Kind.account, "444455556666"), (.organization, "o-a1b2c3d4e5")] {
            let party = ExternalParty(kind: kind, id: id, span: SourceSpan(start: .init(line: 1, column: 1, offset: 0), end: .init(line: 1, column: 1, offset: 0)),
                                      statement: PolicyParser.parse(Self.policies[0], kind: .repository, file: "p").document!.statements[0], grant: .init())
            XCTAssertEqual(party.capitalizedName, party.name.prefix(1).uppercased() + party.name.dropFirst())
        }
    }
}
