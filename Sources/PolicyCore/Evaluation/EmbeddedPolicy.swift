extension PolicyParser {
    /// Parses a policy embedded as a JSON value inside a larger document (a batch simulation file,
    /// a manifest). `node` is the policy's value in the tree of `bytes`, the whole enclosing file, so
    /// spans and findings point into that file; `path` is relative to `node`.
    public static func parse(node: JSONNode, in bytes: UnsafeBufferPointer<UInt8>, kind: PolicyKind, file: String) -> PolicyParseResult {
        var scanner = JSONScanner(bytes: bytes, limits: .default)
        scanner.move(to: node.span.start)
        var builder = PolicyModelBuilder(kind: kind, scanner: scanner, file: file)
        let document: PolicyDocument?
        do throws(JSONSyntaxError) {
            document = try builder.buildEmbedded(depth: 1)
        } catch {
            // The enclosing file was parsed already, so this only happens if `node` is not from `bytes`.
            let finding = Finding(code: RuleDescriptor.jsonSyntaxError.code, severity: RuleDescriptor.jsonSyntaxError.severity, category: .error, file: file,
                                  span: SourceSpan(at: error.position), path: "", message: "invalid JSON: \(error.message)")
            return PolicyParseResult(document: nil, findings: [finding], root: nil)
        }
        var reporter = FindingReporter(file: file, root: node)
        if let statements = node["Statement"] { reporter.outlineStatements(of: statements) }
        reporter.attribute(builder.reporter.findings)
        if let document {
            let context = ValidationContext(document: document, root: node, kind: kind,
                                            characterCount: node.span.end.offset - node.span.start.offset)
            PolicyValidator.standard.validate(context, into: &reporter)
        }
        return PolicyParseResult(document: document, findings: sorted(reporter.findings), root: node)
    }
}

/// A policy as `simulate` uses it: compiled, with the findings AWS would still store it with.
public struct SimulationPolicy: Sendable {
    public var policy: CompiledPolicy
    /// Findings that do not stop AWS from storing the policy (an unknown action, a condition key
    /// no service defines, a missing `Version`): the policy is evaluated, and they are shown.
    public var warnings: [Finding]
}

/// Why a policy cannot be simulated: the first finding AWS refuses the policy for.
public struct PolicyRefusal: Error, Sendable {
    public var finding: Finding
}

extension PolicyParseResult {
    /// The policy compiled for evaluation, or the first finding for which AWS refuses the policy
    /// (not JSON, not an object, a grammar AWS rejects outright): such a policy cannot exist in an
    /// account, so no decision about it means anything.
    public func simulationPolicy(name: String, kind: PolicyKind) -> Result<SimulationPolicy, PolicyRefusal> {
        if let refusal = findings.first(where: \.refusesPolicy) { return .failure(PolicyRefusal(finding: refusal)) }
        guard let document else {
            return .failure(PolicyRefusal(finding: Finding(code: RuleDescriptor.jsonSyntaxError.code, severity: .critical, category: .error,
                                                           file: findings.first?.file ?? name, span: .unknown, path: "", message: "not a policy document")))
        }
        return .success(SimulationPolicy(policy: CompiledPolicy(document, name: name, kind: kind), warnings: findings))
    }
}

extension Finding {
    /// Whether AWS refuses to store a policy with this finding. Every error is a refusal except
    /// the codes below, which IAM, S3, KMS and the other services store anyway: names they do not
    /// know (actions, services, condition keys), values of the wrong type for an operator, ARN
    /// fields they do not check, policy variables they read as text. An error code not listed
    /// refuses (fail closed).
    public var refusesPolicy: Bool {
        category == .error && !Self.storedDespite.contains(code)
    }

    static let storedDespite: Set<String> = Set([
        RuleDescriptor.invalidAction, .invalidServiceInAction, .invalidService, .invalidARNAccount, .invalidARNRegion, .invalidPartition,
        .invalidConditionKeyFormat, .invalidGlobalConditionKey, .invalidServiceConditionKey, .dataTypeMismatch,
        .invalidConditionMultipleBoolean, .nullWithIfExists, .invalidVariableForOperator, .missingBraceInVariable,
        .missingQuoteInDefault, .emptyVariable, .unsupportedSpaceInVariable, .variableUnsupportedInElement, .variableUnsupportedInVersion,
    ].map(\.code))
}

extension PolicyKind {
    /// The kind of resource-based policy attached to `resource`, which its rules are checked as:
    /// an ECR repository ARN takes a repository policy, any other ECR ARN a registry policy, any
    /// other service's resource (an S3 bucket, a KMS key, an SNS topic) its generic resource-based
    /// policy. A request on `*` has no resource policy (see `AccessRequest.resource`); a policy
    /// given for it is checked as the one its action's service would have.
    public static func resourcePolicy(for resource: String, action: String?) -> PolicyKind {
        guard let arn = ARN(resource) else {
            return action?.lowercased().hasPrefix("ecr:") ?? false ? .repository : .resource
        }
        guard arn.service.lowercased() == "ecr" else { return .resource }
        return arn.resource.hasPrefix("repository/") ? .repository : .registry
    }
}
