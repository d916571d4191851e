import Foundation
import PolicyCore
import Reports

/// Reports built by hand, as the audit pipeline would map its results into them.
enum SampleReports {
    static let generatedAt = Date(timeIntervalSince1970: 1_796_000_000)   // 2026-11-30T...Z

    static let repositoryPolicy = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AllowOrgPull",
          "Effect": "Allow",
          "Principal": "*",
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
        },
        {
          "Sid": "AllowEveryonePush",
          "Effect": "Allow",
          "Principal": {"AWS": "*"},
          "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
        }
      ]
    }
    """

    static let registryPolicy = """
    {
      "Statement": [
        {
          "Sid": "ReplicationFromSource",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
          "Action": ["ecr:ReplicateImage"],
          "Resource": "arn:aws:ecr:us-west-2:210987654321:repository/*"
        }
      ]
    }
    """

    static func span(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceSpan {
        SourceSpan(start: SourcePosition(line: l1, column: c1, offset: 0), end: SourcePosition(line: l2, column: c2, offset: 0))
    }

    /// The span of the first occurrence of `needle` in `text` (line and column from 1, columns in scalars).
    static func span(of needle: String, in text: String) -> SourceSpan {
        let scalars = Array(text.unicodeScalars), target = Array(needle.unicodeScalars)
        var line = 1, column = 1, index = 0
        while index + target.count <= scalars.count {
            if Array(scalars[index..<index + target.count]) == target {
                var endLine = line, endColumn = column
                for scalar in target { if scalar == "\n" { endLine += 1; endColumn = 1 } else { endColumn += 1 } }
                return span(line, column, endLine, endColumn)
            }
            if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        fatalError("\(needle) not in sample text")
    }

    /// A failing audit with a bit of everything.
    static func failing() -> AuditReport {
        let repoFile = "policies/repositories/employee-api.json"
        let registryFile = "policies/registry/210987654321-us-west-2.json"
        let publicPush = Finding(code: "PUBLIC_ACCESS", severity: .critical, category: .securityWarning, file: repoFile,
                                 span: span(of: "{\"AWS\": \"*\"}", in: repositoryPolicy), path: "Statement[1].Principal", statementIndex: 1, sid: "AllowEveryonePush",
                                 message: "Anyone with an AWS account can push images to employee-api: the statement allows ecr:PutImage to Principal \"*\" with no condition that restricts who calls.",
                                 remediation: "Name the principals that push, for example:\n\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:role/ci\"}")
        let overbroad = Finding(code: "OVERBROAD_WRITE", severity: .high, category: .securityWarning, file: repoFile,
                                span: span(of: "\"ecr:PutImage\"", in: repositoryPolicy), path: "Statement[1].Action[0]", statementIndex: 1, sid: "AllowEveryonePush",
                                message: "Push is granted to principals outside account 123456789012.",
                                remediation: "Grant push only to roles of the owning account.")
        let missingVersion = Finding(code: "MISSING_VERSION", severity: .low, category: .warning, file: registryFile,
                                     span: span(1, 1, 1, 2), path: "", message: "The policy has no Version; AWS then uses 2008-10-17, which has no policy variables.",
                                     remediation: "Add \"Version\": \"2012-10-17\".")
        let external = Finding(code: "EXTERNAL_ACCESS", severity: .info, category: .suggestion, file: registryFile,
                               span: span(of: "\"arn:aws:iam::123456789012:root\"", in: registryPolicy), path: "Statement[0].Principal.AWS", statementIndex: 0, sid: "ReplicationFromSource",
                               message: "Account 123456789012 can replicate images into this registry.")
        let orgPull = Finding(code: "EXTERNAL_ACCESS", severity: .info, category: .suggestion, file: repoFile,
                              span: span(of: "\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"", in: repositoryPolicy), path: "Statement[0].Condition.StringEquals", statementIndex: 0, sid: "AllowOrgPull",
                              message: "Organization o-a1b2c3d4e5 can pull employee-api.")
        let read = RuleDescriptor(code: "PUBLIC_ACCESS", severity: .critical, category: .securityWarning, title: "Policy grants access to anyone",
                                  help: "A statement allows an ECR capability to any AWS account or anonymous caller without a condition that restricts who can call.",
                                  remediation: "Name the principals, or add a condition on aws:PrincipalOrgID or aws:PrincipalAccount.")
        return AuditReport(
            metadata: ReportMetadata(toolVersion: "0.1.0", inputs: ["policies/"], generatedAt: generatedAt, threshold: .high, verdict: .fail),
            findings: [
                ReportedFinding(missingVersion, failsGate: false),
                ReportedFinding(publicPush, failsGate: true),
                ReportedFinding(overbroad, failsGate: true),
                ReportedFinding(external, failsGate: false),
                ReportedFinding(orgPull, suppression: Suppression(reason: "Org-wide pull is intended for this base image.", expires: "2027-03-31",
                                                                  entryLocation: "policies/ecrguard-suppressions.yaml:4"), failsGate: false),
            ],
            rules: [read,
                    RuleDescriptor(code: "MISSING_VERSION", severity: .low, category: .warning, title: "Policy has no Version",
                                   help: "Without Version the policy language of 2008 applies.", remediation: "Add \"Version\": \"2012-10-17\".")],
            accessMatrix: [
                AccessMatrixEntry(principal: "ci", principalARN: "arn:aws:iam::123456789012:role/ci", repository: "employee-api", capability: "push",
                                  decision: .allowed, decidingStatements: [ReportedStatement(policy: "ci-push", file: "policies/identity/ci.json", index: 0, sid: "Push", effect: "Allow", line: 4)]),
                AccessMatrixEntry(principal: "ci", principalARN: "arn:aws:iam::123456789012:role/ci", repository: "employee-api", capability: "pull",
                                  decision: .allowed, decidingStatements: [ReportedStatement(policy: "ci-push", file: "policies/identity/ci.json", index: 0, sid: "Push", effect: "Allow", line: 4)]),
                AccessMatrixEntry(principal: "anonymous", repository: "employee-api", capability: "pull", decision: .implicitDeny,
                                  conditions: [], blockedBy: ["resource"]),
                AccessMatrixEntry(principal: "anonymous", repository: "employee-api", capability: "push", decision: .allowed,
                                  decidingStatements: [ReportedStatement(policy: "repository policy", file: repoFile, index: 1, sid: "AllowEveryonePush", effect: "Allow", line: 11)]),
                AccessMatrixEntry(principal: "org member", principalARN: "arn:aws:iam::444455556666:role/dev", repository: "employee-api", capability: "pull",
                                  decision: .allowed, decidingStatements: [ReportedStatement(policy: "repository policy", file: repoFile, index: 0, sid: "AllowOrgPull", effect: "Allow", line: 4)],
                                  conditions: ["StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5"]),
                AccessMatrixEntry(principal: "org member", principalARN: "arn:aws:iam::444455556666:role/dev", repository: "employee-api", capability: "push",
                                  decision: .explicitDeny, decidingStatements: [ReportedStatement(policy: "FullAWSAccess-deny-push", index: 0, sid: "DenyPush", effect: "Deny")],
                                  blockedBy: ["scp"]),
            ],
            replication: [
                ReplicationEntry(sourceRepository: "employee-api", sourceAccount: "123456789012", sourceRegion: "us-east-1",
                                 destinationAccount: "123456789012", destinationRegion: "us-west-2", ruleIndex: 0, filters: ["PREFIX_MATCH employee-"],
                                 status: .allowed, reason: "Same account: no registry policy needed.", notes: ["The replica is governed by the destination's policies."]),
                ReplicationEntry(sourceRepository: "employee-api", sourceAccount: "123456789012", sourceRegion: "us-east-1",
                                 destinationAccount: "210987654321", destinationRegion: "us-west-2", ruleIndex: 1,
                                 status: .failing, reason: "The destination registry policy allows ecr:ReplicateImage but not ecr:CreateRepository; the first push of a new repository will fail silently."),
            ],
            expectations: [
                ExpectationResult(name: "ci can push employee-api", principal: "ci", repository: "employee-api", capability: "push",
                                  expected: "allowed", actual: "allowed", passed: true, explanation: "Allowed by ci-push Statement[0]."),
                ExpectationResult(name: "anonymous cannot push employee-api", principal: "anonymous", repository: "employee-api", capability: "push",
                                  expected: "denied", actual: "allowed", passed: false,
                                  explanation: "The repository policy allows ecr:PutImage to everyone.",
                                  decidingStatements: [ReportedStatement(policy: "repository policy", file: repoFile, index: 1, sid: "AllowEveryonePush", effect: "Allow", line: 11)],
                                  file: "policies/ecrguard.yaml", line: 31),
            ],
            sources: [repoFile: repositoryPolicy, registryFile: registryPolicy])
    }

    static let scriptPayload = "<script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','1')</script>"
    static let attributePayload = "\"'><img src=x id=pwned-img onerror=\"document.title='PWNED'\">"

    /// A report whose Sid, repository name, condition values, principal and messages carry markup.
    static func hostile() -> AuditReport {
        var report = failing()
        let hostileRepo = "repo" + scriptPayload
        let file = "policies/repositories/" + attributePayload + ".json"
        let text = """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Sid": "\(scriptPayload)",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "ecr:*",
            "Condition": {"StringLike": {"aws:PrincipalOrgID": "\(attributePayload)"}}
          }]
        }
        """
        let finding = Finding(code: "PUBLIC_ACCESS", severity: .critical, category: .securityWarning, file: file,
                              span: span(of: "\"" + scriptPayload + "\"", in: text), path: "Statement[0].Sid", statementIndex: 0,
                              sid: scriptPayload, message: "Sid \(scriptPayload) on \(hostileRepo) with condition \(attributePayload)",
                              remediation: "Remove \(attributePayload)")
        report.findings.append(ReportedFinding(finding, failsGate: true))
        report.findings.append(ReportedFinding(Finding(code: "X_" + attributePayload, severity: .medium, category: .warning, file: file,
                                                       span: span(of: attributePayload, in: text), path: "Statement[0].Condition", message: attributePayload),
                                               suppression: Suppression(reason: scriptPayload, expires: "2027-01-01"), failsGate: false))
        report.sources[file] = text
        report.accessMatrix.append(AccessMatrixEntry(principal: attributePayload, principalARN: scriptPayload, repository: hostileRepo,
                                                     capability: "push", decision: .allowed,
                                                     decidingStatements: [ReportedStatement(policy: scriptPayload, file: file, index: 0, sid: scriptPayload)],
                                                     conditions: ["StringLike aws:PrincipalOrgID = \(attributePayload)"], note: scriptPayload))
        report.replication.append(ReplicationEntry(sourceRepository: hostileRepo, destinationAccount: attributePayload, destinationRegion: scriptPayload,
                                                   filters: [attributePayload], status: .unknown, reason: scriptPayload, notes: [attributePayload]))
        report.expectations.append(ExpectationResult(name: "\(attributePayload) cannot push \(hostileRepo)", expected: "denied", actual: "allowed",
                                                     passed: false, explanation: scriptPayload, file: file, line: 4))
        report.metadata.inputs.append(scriptPayload)
        return report
    }

    /// Every ASCII character (controls, quotes, backslash, slash), U+2028/U+2029, a byte order mark,
    /// accented letters and an emoji: what JSON escaping must get right.
    static let jsonHostile: String = {
        var text = ""
        for value in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        return text + "\u{2028}\u{2029}\u{FEFF}\u{E9}t\u{E9}\u{1F600}/</script>\\\"\\n"
    }()

    /// `hostile()` with `jsonHostile` in every kind of string a report holds, every optional member
    /// set somewhere, an input error (a SARIF notification) and a file outside the root.
    static func jsonHostileStrings() -> AuditReport {
        var report = hostile()
        let h = jsonHostile
        let file = "policies/d\u{E9}j\u{E0} vu/" + h.filter { $0 != "\0" } + ".json"
        let text = "{\n  \"Sid\": \"" + h + "\"\n}\n"
        report.sources[file] = text
        report.metadata.inputs.append(h)
        report.metadata.failOnCodes = ["Z_" + h, "A_CODE"]
        report.metadata.toolVersion = "0.1.0+" + h
        report.findings.append(ReportedFinding(Finding(code: "C_" + h, severity: .high, category: .warning, file: file,
                                                       span: span(2, 3, 2, 9), path: "Statement[0]." + h, statementIndex: 0, sid: h,
                                                       message: h, remediation: h, fingerprint: h),
                                               suppression: Suppression(kind: .baseline, reason: h, expires: h, entryLocation: h), failsGate: false))
        report.findings.append(ReportedFinding(Finding(code: AuditDescriptors.inputError.code, severity: .critical, category: .error, file: file,
                                                       span: span(1, 1, 1, 1), path: "", message: "cannot read " + h), failsGate: true))
        report.findings.append(ReportedFinding(Finding(code: "OUTSIDE", severity: .low, category: .suggestion, file: "/elsewhere/" + h,
                                                       span: span(3, 1, 1, 1), path: "", message: "outside", remediation: ""), failsGate: false))
        report.rules.append(RuleDescriptor(code: "C_" + h, severity: .medium, category: .warning, title: h, help: h, remediation: h, helpURI: h))
        let statement = ReportedStatement(policy: h, file: h, index: 3, sid: h, effect: h, line: 9)
        report.accessMatrix.append(AccessMatrixEntry(principal: h, principalARN: h, repository: h, capability: h, decision: .allowed,
                                                     decidingStatements: [statement, ReportedStatement(policy: "p")], conditions: [h, ""],
                                                     blockedBy: [h], missingContextKeys: [h], note: h, assumption: h,
                                                     evaluatedDenies: [EvaluatedDeny(statement: statement, reason: h)], risk: h))
        report.accessMatrix.append(AccessMatrixEntry(principal: "p", repository: "r", capability: "pull", decision: .implicitDeny, evaluatedDenies: []))
        report.replication.append(ReplicationEntry(sourceRepository: h, sourceAccount: h, sourceRegion: h, destinationAccount: h,
                                                   destinationRegion: h, ruleIndex: -3, filters: [h], status: .failing, reason: h, notes: [h, h]))
        report.expectations.append(ExpectationResult(name: h, principal: h, repository: h, capability: h, expected: h, actual: h, passed: false,
                                                     explanation: h, decidingStatements: [statement], file: file, line: -5))
        report.expectations.append(ExpectationResult(name: "no file " + h, expected: "allowed", actual: "allowed", passed: true, explanation: h))
        return report
    }
}
