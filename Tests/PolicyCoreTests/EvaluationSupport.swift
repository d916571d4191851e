import XCTest
@testable import PolicyCore

/// Compiles policy JSON for evaluation tests; fails the test when the text is not a policy.
func compiled(_ json: String, kind: PolicyKind = .identity, name: String = "policy",
              file: StaticString = #filePath, line: UInt = #line) -> CompiledPolicy {
    let result = PolicyParser.parseStructure(json, kind: kind, file: name)
    guard let document = result.document else {
        XCTFail("not a policy: \(result.findings.map(\.message))", file: file, line: line)
        return CompiledPolicy(PolicyDocument(version: nil, id: nil, statements: [], span: .unknown, statementSpan: nil), name: name, kind: kind)
    }
    return CompiledPolicy(document, name: name, kind: kind)
}

/// A one-statement identity policy (Version 2012-10-17).
func identityPolicy(_ statementJSON: String, name: String = "identity") -> CompiledPolicy {
    compiled(#"{"Version":"2012-10-17","Statement":["# + statementJSON + "]}", kind: .identity, name: name)
}

func principal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> PrincipalIdentity {
    guard let p = PrincipalIdentity(text) else {
        XCTFail("not a principal: \(text)", file: file, line: line)
        return .anonymous
    }
    return p
}

let repoARN = "arn:aws:ecr:us-east-1:111122223333:repository/employee-api"
let sameAccountRole = "arn:aws:iam::111122223333:role/ci"
let sameAccountSession = "arn:aws:sts::111122223333:assumed-role/ci/build-7"
let sameAccountUser = "arn:aws:iam::111122223333:user/alice"
let otherAccountRole = "arn:aws:iam::444455556666:role/deploy"

func request(_ who: String, _ action: String, _ resource: String = repoARN, context: [String: ContextValue] = [:]) -> AccessRequest {
    AccessRequest(principal: PrincipalIdentity(who)!, action: action, resource: resource, context: RequestContext(context))
}

/// Evaluates one condition block (JSON object text) against a context, in an Allow identity policy.
func conditionHolds(_ conditionJSON: String, _ context: [String: ContextValue], version: String = "2012-10-17",
                    principal who: String = sameAccountUser) -> Bool {
    let policy = compiled(#"{"Version":""# + version + #"","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":"# + conditionJSON + "}}")
    let d = Evaluator().evaluate(request(who, "ecr:ListImages", repoARN, context: context), PolicySet(identity: [policy]))
    return d.outcome == .allowed
}
