import Foundation
import PolicyCore
import XCTest

/// The ECR User Guide's example repository and registry policies (Fixtures/aws-docs) and the
/// productions of the IAM JSON policy grammar ("IAM JSON policy element reference: grammar") parse
/// and validate with no error.
final class DocumentationExampleTests: XCTestCase {
    func fixtures(_ directory: String) throws -> [URL] {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("aws-docs/\(directory)")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    func assertNoErrors(_ file: URL, kind: PolicyKind, line: UInt = #line) throws {
        let result = PolicyParser.parse(bytes: try Data(contentsOf: file), kind: kind, file: file.lastPathComponent)
        XCTAssertNotNil(result.document, file.lastPathComponent, line: line)
        let errors = result.findings.filter { $0.category == .error }
        XCTAssertEqual(errors.map { "\($0.span.start) \($0.code) \($0.message)" }, [], file.lastPathComponent, line: line)
        XCTAssertFalse(result.document?.statements.isEmpty ?? true, line: line)
    }

    func testRepositoryPolicyExamples() throws {
        let files = try fixtures("repository")
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for file in files { try assertNoErrors(file, kind: .repository) }
    }

    func testRegistryPolicyExamples() throws {
        let files = try fixtures("registry")
        XCTAssertGreaterThanOrEqual(files.count, 4)
        for file in files { try assertNoErrors(file, kind: .registry) }
    }

    func testExampleModelsMatchTheirText() throws {
        let file = try XCTUnwrap(try fixtures("repository").first { $0.lastPathComponent == "allow-codebuild-service.json" })
        let document = try XCTUnwrap(PolicyParser.parse(bytes: try Data(contentsOf: file), kind: .repository, file: "x").document)
        let statement = try XCTUnwrap(document.statements.first)
        XCTAssertEqual(statement.principal?.entries.map(\.value), [.service("codebuild.amazonaws.com")])
        XCTAssertEqual(statement.condition?.clauses.map { "\($0.op.value) \($0.key.value)=\($0.values.map(\.value.text))" },
                       ["ArnLike aws:SourceArn=[\"arn:aws:codebuild:us-east-1:123456789012:project/project-name\"]",
                        "StringEquals aws:SourceAccount=[\"123456789012\"]"])
    }

    /// One policy per production of the grammar, each valid for the kind given.
    func testGrammarProductions() {
        let cases: [(String, PolicyKind, String)] = [
            ("statement as a single object", .identity, #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}"#),
            ("statement list, Id, Sid", .identity, #"{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"S1","Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}"#),
            ("elements in any order", .identity, #"{"Statement":[{"Resource":"*","Action":"*","Effect":"Allow"}],"Version":"2012-10-17"}"#),
            ("action and resource \"*\"", .identity, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
            ("NotAction, NotResource", .identity, #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:iam::123456789012:role/x"]}]}"#),
            ("principal \"*\"", .repository, #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"ecr:DeleteRepository"}]}"#),
            ("principal map with every key", .endpoint, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*","123456789012","arn:aws:iam::123456789012:role/r","arn:aws:sts::123456789012:assumed-role/r/s"],"Service":["ecr.amazonaws.com"],"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"ecr:*","Resource":"*"}]}"#),
            ("NotPrincipal", .repository, #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:*"}]}"#),
            ("condition values: string, number, boolean, lists", .identity, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]},"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"},"NumericGreaterThan":{"aws:EpochTime":1700000000},"Bool":{"aws:SecureTransport":true},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}"#),
            ("set qualifiers and IfExists", .identity, #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]},"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-a1b2c3d4e5/r-ab12/*"]},"StringEqualsIfExists":{"aws:RequestTag/team":"x"},"Null":{"aws:TokenIssueTime":"true"}}}]}"#),
            ("policy variables with default and escapes", .identity, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}/${*}${?}${$}"}]}"#),
            ("version 2008 without variables", .repository, #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"ecr:BatchGetImage"}]}"#),
            ("SCP", .scp, #"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideRegions","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1"]}}}]}"#),
            ("RCP full access and a deny", .rcp, #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#),
        ]
        for (name, kind, text) in cases {
            let result = PolicyParser.parse(text, kind: kind, file: "grammar.json")
            XCTAssertNotNil(result.document, name)
            XCTAssertEqual(result.findings.filter { $0.category == .error }.map { "\($0.span.start) \($0.code) \($0.message)" }, [], name)
        }
    }
}
