/// Bad simulation input, pointing at the offending JSON value.
public struct SimulationInputError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition
    public var message: String

    public init(file: String, position: SourcePosition, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String { "\(file):\(position.line):\(position.column): \(message)" }
}

/// One case of a batch: an action request or a capability question, with its policies.
public struct SimulationCase: Sendable {
    public enum Question: Sendable {
        case action(AccessRequest)
        case capability(Capability, principal: PrincipalIdentity, repository: String, context: RequestContext)
    }

    public var id: String
    public var question: Question
    public var policies: PolicySet

    public init(id: String, question: Question, policies: PolicySet) {
        self.id = id
        self.question = question
        self.policies = policies
    }
}

/// The answer to one case.
public struct SimulationResult: Sendable {
    public enum Answer: Sendable {
        case action(Decision)
        case capability(CapabilityDecision)
    }

    public var id: String
    public var answer: Answer

    public var outcome: DecisionOutcome {
        switch answer {
        case .action(let d): d.outcome
        case .capability(let c): c.outcome
        }
    }

    public var blockedBy: [PolicyType] {
        switch answer {
        case .action(let d): d.blockedBy
        case .capability(let c): c.blockedBy
        }
    }

    /// `{"id", "decision", "blockedBy", "explain"}` of DESIGN.md 3.1.
    public var json: OrderedJSON {
        let explain: OrderedJSON = switch answer {
        case .action(let d): d.explainJSON
        case .capability(let c): c.explainJSON
        }
        return .object([("id", .string(id)), ("decision", .string(outcome.rawValue)),
                        ("blockedBy", .array(blockedBy.map { .string($0.rawValue) })), ("explain", explain)])
    }
}

/// `ecrguard simulate --batch` (DESIGN.md 3.1): a JSON array of cases, or
/// `{"policies": {NAME: policy}, "cases": [...]}` where any policy slot may name a shared policy,
/// parsed and compiled once per name and kind.
///
/// Extensions beyond 3.1, all optional: `request.capability` (instead of `action`) answers a
/// capability on the repository in `resource`; `registryPolicy` with `registryPolicyScope`
/// (`V1`/`V2`, default `V2`); `managementAccount`.
public enum BatchSimulation {
    public static let inputLimits = JSONLimits(maxDepth: 64, maxBytes: 512 << 20)

    public static func parse(_ bytes: some Collection<UInt8>, file: String) throws(SimulationInputError) -> [SimulationCase] {
        let storage = Array(bytes)
        let result = storage.withUnsafeBufferPointer { buffer -> Result<[SimulationCase], SimulationInputError> in
            let root: JSONNode
            switch JSONParser.parse(buffer: buffer, limits: inputLimits) {
            case .success(let node): root = node
            case .failure(let error):
                return .failure(SimulationInputError(file: file, position: error.position, message: "invalid JSON: \(error.message)"))
            }
            var reader = BatchReader(file: file, bytes: buffer)
            do throws(SimulationInputError) {
                return .success(try reader.read(root))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    public static func run(_ cases: [SimulationCase], evaluator: Evaluator = Evaluator()) -> [SimulationResult] {
        cases.map { c in
            switch c.question {
            case .action(let r):
                // Every result is written with its explanation.
                SimulationResult(id: c.id, answer: .action(evaluator.explain(r, c.policies)))
            case .capability(let cap, let p, let repo, let ctx):
                SimulationResult(id: c.id, answer: .capability(evaluator.evaluate(cap, principal: p, repository: repo, context: ctx, policies: c.policies)))
            }
        }
    }

    /// The output document: a JSON array in input order.
    public static func render(_ results: [SimulationResult], pretty: Bool = true) -> String {
        OrderedJSON.array(results.map(\.json)).rendered(pretty: pretty) + "\n"
    }
}

struct BatchReader {
    let file: String
    /// The file's text, which embedded policies are read from (valid while the reader is in use).
    let bytes: UnsafeBufferPointer<UInt8>
    var named: [String: JSONNode] = [:]
    var compiledNamed: [String: CompiledPolicy] = [:]

    init(file: String, bytes: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.bytes = bytes
    }

    func fail(_ node: JSONNode, _ message: String) -> SimulationInputError {
        SimulationInputError(file: file, position: node.span.start, message: message)
    }

    mutating func read(_ root: JSONNode) throws(SimulationInputError) -> [SimulationCase] {
        let caseNodes: [JSONNode]
        switch root.kind {
        case .array(let items):
            caseNodes = items
        case .object(let members):
            var cases: [JSONNode]?
            for m in members {
                switch m.key {
                case "policies":
                    guard let entries = m.value.members else { throw fail(m.value, "\"policies\" must be an object of named policies") }
                    for e in entries {
                        guard named[e.key] == nil else { throw SimulationInputError(file: file, position: e.keySpan.start, message: "policy \"\(e.key)\" is defined twice") }
                        named[e.key] = e.value
                    }
                case "cases":
                    guard let items = m.value.elements else { throw fail(m.value, "\"cases\" must be an array") }
                    cases = items
                default:
                    throw SimulationInputError(file: file, position: m.keySpan.start, message: "unknown member \"\(m.key)\" (expected \"policies\" and \"cases\")")
                }
            }
            guard let cases else { throw fail(root, "the input object has no \"cases\" array") }
            caseNodes = cases
        default:
            throw fail(root, "the input must be an array of cases or an object with \"policies\" and \"cases\", not \(root.typeDescription)")
        }
        var out: [SimulationCase] = []
        out.reserveCapacity(caseNodes.count)
        for (i, node) in caseNodes.enumerated() { out.append(try readCase(node, index: i)) }
        return out
    }

    static let caseKeys = ["id", "request", "identityPolicies", "resourcePolicy", "registryPolicy", "registryPolicyScope", "permissionBoundary",
                           "sessionPolicy", "serviceControlPolicies", "resourceControlPolicies", "endpointPolicies", "managementAccount"]

    mutating func readCase(_ node: JSONNode, index: Int) throws(SimulationInputError) -> SimulationCase {
        guard let members = node.members else { throw fail(node, "case \(index) must be an object, not \(node.typeDescription)") }
        var id = String(index)
        var requestNode: JSONNode?
        var set = PolicySet()
        let base = "cases[\(index)]"
        for m in members {
            let v = m.value
            switch m.key {
            case "id":
                guard let s = v.stringValue else { throw fail(v, "\"id\" must be a string") }
                id = s
            case "request": requestNode = v
            case "identityPolicies":
                guard let items = v.elements else { throw fail(v, "\"identityPolicies\" must be an array of policies") }
                for (k, item) in items.enumerated() { set.identity.append(try policy(item, kind: .identity, name: "\(base).identityPolicies[\(k)]")) }
            case "resourcePolicy": set.resource = try policy(v, kind: .repository, name: "\(base).resourcePolicy")
            case "registryPolicy": set.registry = try policy(v, kind: .registry, name: "\(base).registryPolicy")
            case "registryPolicyScope":
                guard let s = v.stringValue, let scope = RegistryPolicyScope(rawValue: s.uppercased()) else { throw fail(v, "\"registryPolicyScope\" must be \"V1\" or \"V2\"") }
                set.registryPolicyScope = scope
            case "permissionBoundary": set.boundary = try policy(v, kind: .boundary, name: "\(base).permissionBoundary")
            case "sessionPolicy": set.session = try policy(v, kind: .session, name: "\(base).sessionPolicy")
            case "serviceControlPolicies": set.serviceControlPolicies = try levels(v, kind: .scp, name: "\(base).serviceControlPolicies")
            case "resourceControlPolicies": set.resourceControlPolicies = try levels(v, kind: .rcp, name: "\(base).resourceControlPolicies")
            case "endpointPolicies":
                guard let items = v.elements else { throw fail(v, "\"endpointPolicies\" must be an array of policies") }
                for (k, item) in items.enumerated() { set.endpoints.append(try policy(item, kind: .endpoint, name: "\(base).endpointPolicies[\(k)]")) }
            case "managementAccount":
                guard let s = v.stringValue, ARN.isAccountID(s) else { throw fail(v, "\"managementAccount\" must be a 12-digit account id") }
                set.managementAccount = s
            default:
                throw SimulationInputError(file: file, position: m.keySpan.start,
                                           message: "unknown member \"\(m.key)\" in case \(index) (expected one of \(Self.caseKeys.joined(separator: ", ")))")
            }
        }
        guard let requestNode else { throw fail(node, "case \(index) has no \"request\"") }
        return SimulationCase(id: id, question: try question(requestNode, index: index), policies: set)
    }

    func question(_ node: JSONNode, index: Int) throws(SimulationInputError) -> SimulationCase.Question {
        guard let members = node.members else { throw fail(node, "\"request\" must be an object") }
        var principal: PrincipalIdentity?, action: String?, capability: Capability?, resource: String?, account: String?
        var context = RequestContext()
        for m in members {
            let v = m.value
            switch m.key {
            case "principal":
                guard let s = v.stringValue else { throw fail(v, "\"principal\" must be a string") }
                guard let p = PrincipalIdentity(s) else {
                    throw fail(v, "\"\(s)\" is not a principal: expected an IAM user/role/root ARN, an assumed-role or federated-user ARN, a 12-digit account id, a service principal such as ecr.amazonaws.com, or \"anonymous\"")
                }
                principal = p
            case "action":
                guard let s = v.stringValue, s.contains(":") || s == "*", !s.contains(" ") else { throw fail(v, "\"action\" must be a string such as \"ecr:BatchGetImage\"") }
                action = s
            case "capability":
                guard let s = v.stringValue, let c = Capability(name: s) else {
                    throw fail(v, "\"capability\" must be one of \(Capability.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                capability = c
            case "resource":
                guard let s = v.stringValue, !s.isEmpty else { throw fail(v, "\"resource\" must be an ARN or \"*\"") }
                guard s == "*" || ARN(s) != nil else { throw fail(v, "\"\(s)\" is not an ARN (arn:partition:service:region:account:resource) or \"*\"") }
                resource = s
            case "resourceAccount":
                guard let s = v.stringValue, ARN.isAccountID(s) else { throw fail(v, "\"resourceAccount\" must be a 12-digit account id") }
                account = s
            case "context":
                guard let entries = v.members else { throw fail(v, "\"context\" must be an object of condition keys") }
                for e in entries { context[e.key] = try contextValue(e.value) }
            default:
                throw SimulationInputError(file: file, position: m.keySpan.start,
                                           message: "unknown member \"\(m.key)\" in request (expected principal, action or capability, resource, resourceAccount, context)")
            }
        }
        guard let principal else { throw fail(node, "the request of case \(index) has no \"principal\"") }
        guard let resource else { throw fail(node, "the request of case \(index) has no \"resource\"") }
        switch (action, capability) {
        case (let a?, nil):
            return .action(AccessRequest(principal: principal, action: a, resource: resource, resourceAccount: account, context: context))
        case (nil, let c?):
            return .capability(c, principal: principal, repository: resource, context: context)
        case (nil, nil):
            throw fail(node, "the request of case \(index) needs \"action\" or \"capability\"")
        case (.some, .some):
            throw fail(node, "the request of case \(index) has both \"action\" and \"capability\"; give one")
        }
    }

    func contextValue(_ node: JSONNode) throws(SimulationInputError) -> ContextValue {
        func scalar(_ n: JSONNode) -> String? {
            switch n.kind {
            case .string(let s): s
            case .number(let t): t
            case .bool(let b): b ? "true" : "false"
            default: nil
            }
        }
        if let s = scalar(node) { return .single(s) }
        if let items = node.elements {
            var values: [String] = []
            for item in items {
                guard let s = scalar(item) else { throw fail(item, "a context value must be a string, number or boolean") }
                values.append(s)
            }
            return .multiple(values)
        }
        throw fail(node, "a context value must be a string, number, boolean or an array of them, not \(node.typeDescription)")
    }

    mutating func levels(_ node: JSONNode, kind: PolicyKind, name: String) throws(SimulationInputError) -> [[CompiledPolicy]] {
        guard let levels = node.elements else { throw fail(node, "expected an array of levels (root first), each an array of policies") }
        var out: [[CompiledPolicy]] = []
        for (i, level) in levels.enumerated() {
            guard let items = level.elements else { throw fail(level, "each level must be an array of policies") }
            var policies: [CompiledPolicy] = []
            for (k, item) in items.enumerated() { policies.append(try policy(item, kind: kind, name: "\(name)[\(i)][\(k)]")) }
            out.append(policies)
        }
        return out
    }

    /// An inline policy object, or the name of a shared one (compiled once per name and kind).
    mutating func policy(_ node: JSONNode, kind: PolicyKind, name: String) throws(SimulationInputError) -> CompiledPolicy {
        if let ref = node.stringValue {
            let key = kind.rawValue + "\u{0}" + ref
            if let c = compiledNamed[key] { return c }
            guard let shared = named[ref] else { throw fail(node, "no policy named \"\(ref)\" in \"policies\"") }
            let c = try compile(shared, kind: kind, name: ref)
            compiledNamed[key] = c
            return c
        }
        guard node.members != nil else { throw fail(node, "expected a policy object or the name of an entry of \"policies\", not \(node.typeDescription)") }
        return try compile(node, kind: kind, name: name)
    }

    func compile(_ node: JSONNode, kind: PolicyKind, name: String) throws(SimulationInputError) -> CompiledPolicy {
        let result = PolicyParser.parse(node: node, in: bytes, kind: kind, file: file)
        if let error = result.findings.first(where: { $0.category == .error }) {
            throw SimulationInputError(file: file, position: error.span.start,
                                       message: "\(name) is not a valid \(kind.rawValue) policy: \(error.message) [\(error.code)]")
        }
        guard let document = result.document else { throw fail(node, "\(name) is not a policy") }
        return CompiledPolicy(document, name: name, kind: kind)
    }
}
