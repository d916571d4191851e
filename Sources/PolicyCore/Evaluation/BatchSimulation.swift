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

/// How much of each decision a batch result explains.
public enum ExplainLevel: String, Sendable, CaseIterable {
    /// `id`, `decision`, `blockedBy` (and `warnings`, `error`) only.
    case none
    /// Also the deciding statements and the missing context keys.
    case deciding
    /// Also the reasons (and, for capabilities, every step's own explanation).
    case full
}

/// A finding about one policy of a case that did not stop its evaluation (AWS stores the policy).
public struct PolicyWarning: Sendable {
    /// The shared policy's name, or the slot of an inline one (`cases[3].resourcePolicy`).
    public var policy: String
    public var finding: Finding
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

/// The answer to one case, or why it has none.
public struct SimulationResult: Sendable {
    public enum Answer: Sendable {
        case action(Decision)
        case capability(CapabilityDecision)
        /// The case cannot be evaluated: a policy AWS refuses, or a request that is not one.
        case error(SimulationInputError)
    }

    /// The case's `id`, or its index in `cases` when it has none; nil for a problem of the
    /// document found after results were handed on (broken JSON after the cases, an unknown member).
    public var id: String?
    public var answer: Answer {
        didSet { outcome = Self.outcome(of: answer) }
    }
    public var warnings: [PolicyWarning]
    /// nil for an error. Kept with the answer: reading it from the answer copies the decision, with
    /// every reference its explanation holds.
    public private(set) var outcome: DecisionOutcome?

    public init(id: String?, answer: Answer, warnings: [PolicyWarning] = []) {
        self.id = id
        self.answer = answer
        self.warnings = warnings
        outcome = Self.outcome(of: answer)
    }

    private static func outcome(of answer: Answer) -> DecisionOutcome? {
        switch answer {
        case .action(let d): d.outcome
        case .capability(let c): c.outcome
        case .error: nil
        }
    }

    /// `allowed`, `implicitDeny`, `explicitDeny` or `error`.
    public var decision: String { outcome?.rawValue ?? "error" }

    public var blockedBy: [PolicyType] {
        switch answer {
        case .action(let d): d.blockedBy
        case .capability(let c): c.blockedBy
        case .error: []
        }
    }

    public var isError: Bool { outcome == nil }
}

/// `ecrguard simulate --batch` (DESIGN.md 3.1): a JSON array of cases, or
/// `{"policies": {NAME: policy}, "cases": [...]}` where any policy slot may name a shared policy,
/// parsed and compiled once per name and kind.
///
/// The batch is streamed: each case is read straight from the bytes (no JSON tree but for inline
/// policies), evaluated, and handed on before the next is read, so memory does not grow with the
/// number of cases. A case that cannot be evaluated gets an error result and the others are still
/// answered; the resource policy slot is validated as the kind its resource implies
/// (`PolicyKind.resourcePolicy(for:action:)`) unless `Options.resourcePolicyKind` forces one.
///
/// Extensions beyond 3.1, all optional: `request.capability` (instead of `action`) answers a
/// capability on the repository in `resource`; `registryPolicy` with `registryPolicyScope`
/// (`V1`/`V2`, default `V2`); `managementAccount`.
public enum BatchSimulation {
    public static let inputLimits = JSONLimits(maxDepth: 64, maxBytes: 512 << 20)

    public struct Options: Sendable {
        public var explain: ExplainLevel
        /// The kind every resource policy slot is validated as; nil: the kind each case's resource implies.
        public var resourcePolicyKind: PolicyKind?
        /// How many distinct string values the reader keeps (`BatchValues.limit`); tests lower it to
        /// read past a full table.
        var valueLimit = 16_384
        /// The bits of each value's hash `BatchValues` keeps; tests keep none, so that every value
        /// collides with every other.
        var valueHashMask: UInt64 = ~0

        public init(explain: ExplainLevel = .deciding, resourcePolicyKind: PolicyKind? = nil) {
            self.explain = explain
            self.resourcePolicyKind = resourcePolicyKind
        }
    }

    /// What a streamed batch came to.
    public struct Summary: Sendable {
        public var cases = 0
        public var errors = 0

        public init() {}
    }

    /// Reads, answers and hands on every case in input order. Throws only when nothing can be read
    /// as a batch (not JSON before the first case, the wrong top-level shape, a bad `policies`
    /// member): then no result was handed on. JSON broken after that point ends the stream with an
    /// error result at the break.
    ///
    /// `read` is told, after each case, how far into `bytes` the reader has come: what lies before
    /// is read again only for shared and inline policies already compiled or parsed, so a caller may
    /// let the memory of those bytes go (a mapped file's pages).
    public static func stream(_ bytes: UnsafeBufferPointer<UInt8>, file: String, options: Options = Options(), evaluator: Evaluator = Evaluator(),
                              read: (Int) -> Void = { _ in }, _ emit: (SimulationResult) -> Void) throws(SimulationInputError) -> Summary {
        var reader = BatchReader(file: file, bytes: bytes, options: options)
        var summary = Summary()
        try reader.readDocument { input, offset in
            let result = input.answer(evaluator: evaluator)
            summary.cases += 1
            if result.isError { summary.errors += 1 }
            emit(result)
            read(offset)
        }
        return summary
    }

    /// Every result at once, for small batches and tests.
    public static func results(_ bytes: some Collection<UInt8>, file: String, options: Options = Options()) throws(SimulationInputError) -> [SimulationResult] {
        let storage = Array(bytes)
        let result = storage.withUnsafeBufferPointer { buffer -> Result<[SimulationResult], SimulationInputError> in
            var out: [SimulationResult] = []
            do throws(SimulationInputError) {
                _ = try stream(buffer, file: file, options: options) { out.append($0) }
                return .success(out)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// One case as read: its question and policies, or the first reason it has none. Flat (no
/// `SimulationCase` inside a `Result`), so handing a case on copies one request and one policy set.
struct CaseInput {
    /// nil for a problem of the document rather than of one case.
    var id: String?
    var content: Content
    var warnings: [PolicyWarning]

    enum Content {
        case action(AccessRequest, PolicySet)
        case capability(Capability, principal: PrincipalIdentity, repository: String, context: RequestContext, policies: PolicySet)
        case failure(SimulationInputError)

        init(_ question: SimulationCase.Question, _ policies: PolicySet) {
            switch question {
            case .action(let r): self = .action(r, policies)
            case .capability(let c, let p, let repo, let ctx): self = .capability(c, principal: p, repository: repo, context: ctx, policies: policies)
            }
        }
    }

    consuming func answer(evaluator: Evaluator) -> SimulationResult {
        switch content {
        case .failure(let error):
            return SimulationResult(id: id, answer: .error(error), warnings: warnings)
        case .action(let r, let policies):
            return SimulationResult(id: id, answer: .action(evaluator.explain(r, policies)), warnings: warnings)
        case .capability(let cap, let p, let repo, let ctx, let policies):
            return SimulationResult(id: id, answer: .capability(evaluator.evaluate(cap, principal: p, repository: repo, context: ctx, policies: policies)),
                                    warnings: warnings)
        }
    }
}

/// Reads a batch document member by member with `JSONScanner`'s steps.
struct BatchReader {
    typealias Key = JSONScanner.Key

    let file: String
    let bytes: UnsafeBufferPointer<UInt8>
    let options: BatchSimulation.Options
    var scanner: JSONScanner
    /// Shared policies by name, as trees (few and small: validation reads them once per kind).
    var shared: [(name: String, node: JSONNode)] = []
    var compiledNamed: [NamedKey: Result<SimulationPolicy, SimulationInputError>] = [:]
    /// The string values read so far (a batch asks about few callers, actions and resources many
    /// times), with what was derived from each.
    var values = BatchValues()
    /// How many kept principals have a number (`BatchValues.Facts.principal`).
    var principalCount = 0
    /// Policy sets of cases whose every policy is a shared one, by `CaseMembers.namedSignature`:
    /// cases repeat the same few combinations.
    var namedSets: [NamedSetKey: (set: PolicySet, warnings: [PolicyWarning])] = [:]
    /// The same for the usual case, by `CaseMembers.identityOnlySignature`: no array built or hashed.
    var identityOnlySets: [UInt64: (set: PolicySet, warnings: [PolicyWarning])] = [:]
    /// Request contexts by `requestContext`'s key.
    var contexts: [ContextKey: RequestContext] = [:]
    /// A request per caller, given resource account and context, whose context table later
    /// requests share (`AccessRequest.with(action:resource:)`).
    var requests: [RequestKey: AccessRequest] = [:]
    /// Each shared policy's name as a number (its index in `shared`), for `CaseMembers.namedSignature`.
    var namedIDs: [String: Int] = [:]
    /// Each Region of a resource ARN as a number, for `RequestKey`.
    var regionNumbers: [String: Int] = [:]
    /// An identity policy list to read the next case's into (its buffer reused from case to case).
    var spareReferences: [PolicyReference] = []

    /// A valid `resource` and what follows from its text.
    struct ResourceEntry {
        let facts: ResourceFacts
        let region: String?
        /// `region`'s number in `regionNumbers`; -1 for none, -2 when the table of Regions was full.
        let regionNumber: Int
    }

    /// A shared policy (its number in `shared`) compiled as one kind.
    struct NamedKey: Hashable {
        let number: Int
        let kind: PolicyKind
    }

    init(file: String, bytes: UnsafeBufferPointer<UInt8>, options: BatchSimulation.Options) {
        self.file = file
        self.bytes = bytes
        self.options = options
        values = BatchValues(limit: options.valueLimit, hashMask: options.valueHashMask)
        // One document of many cases: the vocabulary pays for itself within it.
        scanner = JSONScanner(bytes: bytes, limits: BatchSimulation.inputLimits, internsPolicyWords: true)
    }

    func error(at position: SourcePosition, _ message: String) -> SimulationInputError {
        SimulationInputError(file: file, position: position, message: message)
    }

    func syntaxError(_ e: JSONSyntaxError) -> SimulationInputError {
        error(at: e.position, "invalid JSON: \(e.message)")
    }

    // MARK: Document

    mutating func readDocument(_ handle: (consuming CaseInput, Int) -> Void) throws(SimulationInputError) {
        do throws(JSONSyntaxError) {
            try scanner.beginDocument()
        } catch {
            throw syntaxError(error)
        }
        let start = scanner.here
        switch scanner.nextByte {
        case UInt8(ascii: "["):
            guard readCases(depth: 1, handle) else { return }
        case UInt8(ascii: "{"):
            guard try readObjectForm(handle) else { return }
        default:
            throw error(at: start, "the input must be an array of cases or an object with \"policies\" and \"cases\", not \(scanner.nextValueTypeDescription)")
        }
        do throws(JSONSyntaxError) {
            try scanner.endDocument()
        } catch {
            handle(CaseInput(id: nil, content: .failure(syntaxError(error)), warnings: []), scanner.index)
        }
    }

    /// `{"policies": ..., "cases": [...]}`. Cases are streamed where they stand when the shared
    /// policies were read before them; otherwise they are stepped over once to read the policies
    /// after them, and streamed from their saved position. A problem found after cases were handed
    /// on is handed on as a result (`id` nil); before, it is thrown. False when the stream ended early.
    mutating func readObjectForm(_ handle: (consuming CaseInput, Int) -> Void) throws(SimulationInputError) -> Bool {
        let start = scanner.here
        var casesAt: SourcePosition?
        var sawPolicies = false
        var streamed = false
        var failure: SimulationInputError?
        do throws(JSONSyntaxError) {
            if try scanner.beginObject(depth: 1) {
                repeat {
                    let key = try scanner.memberKey()
                    if key.matches("policies") {
                        if let problem = try readPolicies() { failure = problem; break }
                        sawPolicies = true
                    } else if key.matches("cases") {
                        guard scanner.nextByte == UInt8(ascii: "[") else {
                            failure = error(at: scanner.here, "\"cases\" must be an array, not \(scanner.nextValueTypeDescription)")
                            break
                        }
                        casesAt = scanner.here
                        if sawPolicies {
                            streamed = true
                            guard readCases(depth: 2, handle) else { return false }
                        } else {
                            try scanner.skipValue(depth: 2)
                        }
                    } else {
                        failure = error(at: key.span.start, "unknown member \"\(key.string)\" (expected \"policies\" and \"cases\")")
                        break
                    }
                } while try scanner.nextMember()
            }
        } catch {
            failure = syntaxError(error)
        }
        if let failure {
            guard streamed else { throw failure }
            handle(CaseInput(id: nil, content: .failure(failure), warnings: []), scanner.index)
            return false
        }
        guard let casesAt else { throw error(at: start, "the input object has no \"cases\" array") }
        if !streamed {
            let end = scanner
            scanner.move(to: casesAt)
            guard readCases(depth: 2, handle) else { return false }
            scanner = end
        }
        return true
    }

    /// Reads the shared policies; a problem with the member as a whole is returned.
    mutating func readPolicies() throws(JSONSyntaxError) -> SimulationInputError? {
        let start = scanner.here
        guard scanner.nextByte == UInt8(ascii: "{") else {
            return error(at: start, "\"policies\" must be an object of named policies, not \(scanner.nextValueTypeDescription)")
        }
        let node = try scanner.parseValue(depth: 2)
        for e in node.members ?? [] {
            guard namedIDs[e.key] == nil else { return error(at: e.keySpan.start, "policy \"\(e.key)\" is defined twice") }
            namedIDs[e.key] = shared.count
            shared.append((e.key, e.value))
        }
        return nil
    }

    /// The cases array at `depth`. Problems inside a case go to that case's result; broken JSON
    /// ends the stream with an error result (nothing after it can be read reliably): false then.
    mutating func readCases(depth: Int, _ handle: (consuming CaseInput, Int) -> Void) -> Bool {
        var index = 0
        var id: String?
        do throws(JSONSyntaxError) {
            guard try scanner.beginArray(depth: depth) else { return true }
            repeat {
                id = nil
                let input = try readCase(index: index, depth: depth + 1, id: &id)
                handle(input, scanner.index)
                index += 1
            } while try scanner.nextElement()
            return true
        } catch {
            handle(CaseInput(id: id ?? String(index), content: .failure(syntaxError(error)), warnings: []), scanner.index)
            return false
        }
    }
}

// MARK: Cases

/// Where a case's policy comes from: a shared policy's name, or an inline object.
enum PolicyReference {
    /// A shared policy, by its number in `BatchReader.shared`.
    case shared(Int, at: SourcePosition)
    /// A name no shared policy has.
    case unknownName(String, at: SourcePosition)
    case inline(at: SourcePosition, depth: Int)
}

/// The first problem found in a case; the rest of the case is still read (to find its `id` and
/// the next case). Passed `inout`, so noting one is a plain store (a closure capturing the
/// problem made every access a checked one).
struct FirstProblem {
    private(set) var error: SimulationInputError?

    mutating func note(_ e: SimulationInputError) {
        if error == nil { error = e }
    }
}

/// The members of one case, as read before its policies are compiled (the resource's policy kind
/// depends on the request, which may come after them).
struct CaseMembers {
    var request: RequestMembers?
    var requestAt: SourcePosition
    var identity: [PolicyReference] = []
    var resource: PolicyReference?
    var registry: PolicyReference?
    var registryPolicyScope = RegistryPolicyScope.v2
    var boundary: PolicyReference?
    var session: PolicyReference?
    var serviceControlPolicies: [[PolicyReference]] = []
    var resourceControlPolicies: [[PolicyReference]] = []
    var endpoints: [PolicyReference] = []
    var managementAccount: String?

    /// A key naming every policy of the case (by its number in `ids`) and where it is attached, or
    /// nil when one is inline or names no shared policy.
    func namedSignature(resourceKind: PolicyKind) -> NamedSetKey? {
        var names: [Int] = []
        names.reserveCapacity(identity.count + 8)
        guard Self.add(identity, to: &names), Self.add(resource, to: &names), Self.add(registry, to: &names),
              Self.add(boundary, to: &names), Self.add(session, to: &names), Self.add(endpoints, to: &names) else { return nil }
        for level in serviceControlPolicies { guard Self.add(level, to: &names) else { return nil } }
        names.append(-3)
        for level in resourceControlPolicies { guard Self.add(level, to: &names) else { return nil } }
        return NamedSetKey(names: names, resourceKind: resourceKind, scope: registryPolicyScope, managementAccount: managementAccount)
    }

    /// `namedSignature` in one word when the case has only shared identity policies (at most three)
    /// and no management account: their numbers, their count and the registry policy scope.
    var identityOnlySignature: UInt64? {
        guard identity.count <= 3, resource == nil, registry == nil, boundary == nil, session == nil, endpoints.isEmpty,
              serviceControlPolicies.isEmpty, resourceControlPolicies.isEmpty, managementAccount == nil else { return nil }
        var key = UInt64(identity.count) | (registryPolicyScope == .v2 ? 0 : 4)
        for (i, ref) in identity.enumerated() {
            guard case .shared(let shared, _) = ref, shared < 0xFFFF else { return nil }
            key |= UInt64(shared + 1) << (16 * (i + 1))
        }
        return key
    }

    private static func add(_ ref: PolicyReference?, to names: inout [Int]) -> Bool {
        switch ref {
        case nil: names.append(-1)
        case .shared(let shared, _): names.append(shared)
        case .unknownName, .inline: return false
        }
        return true
    }

    private static func add(_ refs: [PolicyReference], to names: inout [Int]) -> Bool {
        names.append(-2)
        for ref in refs { guard add(ref, to: &names) else { return false } }
        return true
    }
}

/// What decides a request's context: the `context` text (its number in `BatchValues`, -1 when the
/// request has none) and the keys implied by the resource's Region and the principal.
struct ContextKey: Hashable {
    let text: Int
    let region: String?
    let userID: String?
}

/// A kept caller (its number in `BatchValues.Facts.principal`, which also decides `aws:userid`),
/// its `context` text (its number in `BatchValues`, -1 for none), the resource's Region (its number
/// in `BatchReader.regionNumbers`, -1 for none) and resource account: what decides a request's
/// context table.
struct RequestKey: Hashable {
    let principal: Int
    let context: Int
    let region: Int
    let resourceAccount: String?

    /// The three numbers in one word (equal keys hash alike; `==` compares every field).
    func hash(into h: inout Hasher) {
        h.combine(UInt64(truncatingIfNeeded: principal) ^ UInt64(truncatingIfNeeded: context + 1) << 24 ^ UInt64(truncatingIfNeeded: region + 2) << 48)
        if let resourceAccount { h.combine(resourceAccount) }
    }
}

struct NamedSetKey: Hashable {
    let names: [Int]
    let resourceKind: PolicyKind
    let scope: RegistryPolicyScope
    let managementAccount: String?
}

/// A request's members as read: `principal`, `action` and `resource` are numbers in
/// `BatchReader.values` (-1 when absent), each found valid and its facts derived when it was read,
/// so copying the members retains nothing.
struct RequestMembers {
    var principal = -1
    var action = -1
    var capability: Capability?
    var resource = -1
    var resourceAccount: String?
    /// Where `context` is, and its text's number in `BatchValues` (cases repeat the same context: it
    /// is read once per kept text); -1 without a context.
    var contextAt: (position: SourcePosition, depth: Int)?
    var contextText = -1
}

/// The members of a case object, matched against a key's bytes: the key's length (and, where two
/// names share one, a byte) picks the one name it can be, then one comparison confirms it.
enum CaseMemberName: String, CaseIterable {
    case id, request, identityPolicies, resourcePolicy, registryPolicy, registryPolicyScope, permissionBoundary, sessionPolicy
    case serviceControlPolicies, resourceControlPolicies, endpointPolicies, managementAccount

    init?(_ key: JSONScanner.Key) {
        let candidate: Self
        switch key.content.count {
        case 2: candidate = .id
        case 7: candidate = .request
        case 13: candidate = .sessionPolicy
        case 14: candidate = key.content[2] == UInt8(ascii: "s") ? .resourcePolicy : .registryPolicy
        case 16: candidate = key.content[0] == UInt8(ascii: "i") ? .identityPolicies : .endpointPolicies
        case 17: candidate = .managementAccount
        case 18: candidate = .permissionBoundary
        case 19: candidate = .registryPolicyScope
        case 22: candidate = .serviceControlPolicies
        case 23: candidate = .resourceControlPolicies
        default: return nil
        }
        guard key.is(candidate.name) else { return nil }
        self = candidate
    }

    /// `rawValue` as static bytes.
    var name: StaticString {
        switch self {
        case .id: "id"
        case .request: "request"
        case .identityPolicies: "identityPolicies"
        case .resourcePolicy: "resourcePolicy"
        case .registryPolicy: "registryPolicy"
        case .registryPolicyScope: "registryPolicyScope"
        case .permissionBoundary: "permissionBoundary"
        case .sessionPolicy: "sessionPolicy"
        case .serviceControlPolicies: "serviceControlPolicies"
        case .resourceControlPolicies: "resourceControlPolicies"
        case .endpointPolicies: "endpointPolicies"
        case .managementAccount: "managementAccount"
        }
    }
}

/// The members of a request object, matched as `CaseMemberName`'s.
enum RequestMemberName: String, CaseIterable {
    case principal, action, capability, resource, resourceAccount, context

    init?(_ key: JSONScanner.Key) {
        let candidate: Self
        switch key.content.count {
        case 9: candidate = .principal
        case 6: candidate = .action
        case 10: candidate = .capability
        case 8: candidate = .resource
        case 15: candidate = .resourceAccount
        case 7: candidate = .context
        default: return nil
        }
        guard key.is(candidate.name) else { return nil }
        self = candidate
    }

    /// `rawValue` as static bytes.
    var name: StaticString {
        switch self {
        case .principal: "principal"
        case .action: "action"
        case .capability: "capability"
        case .resource: "resource"
        case .resourceAccount: "resourceAccount"
        case .context: "context"
        }
    }
}

extension BatchReader {
    static let caseKeys = CaseMemberName.allCases.map(\.rawValue)

    /// One case object. The first problem is kept and the rest of the case is still read (to find
    /// its `id` and the next case).
    mutating func readCase(index: Int, depth: Int, id: inout String?) throws(JSONSyntaxError) -> CaseInput {
        let start = scanner.here
        var problem = FirstProblem()
        guard scanner.nextByte == UInt8(ascii: "{") else {
            problem.note(error(at: start, "case \(index) must be an object, not \(scanner.nextValueTypeDescription)"))
            try scanner.skipValue(depth: depth)
            return CaseInput(id: String(index), content: .failure(problem.error!), warnings: [])
        }
        values.forgetCaseValues()
        var members = CaseMembers(requestAt: start)
        swap(&members.identity, &spareReferences)
        defer {
            if !members.identity.isEmpty { members.identity.removeAll(keepingCapacity: true) }
            swap(&members.identity, &spareReferences)
        }
        if try scanner.beginObject(depth: depth) {
            repeat {
                let key = try scanner.memberKey()
                let at = scanner.here
                let d = depth + 1
                switch CaseMemberName(key) {
                case .id:
                    if let s = try readString(depth: d) { id = s } else { problem.note(error(at: at, "\"id\" must be a string")) }
                case .request:
                    members.requestAt = at
                    members.request = try readRequest(depth: d, index: index, problem: &problem)
                case .identityPolicies:
                    try readReferences(depth: d, what: "\"identityPolicies\" must be an array of policies", into: &members.identity, problem: &problem)
                case .resourcePolicy: members.resource = try readReference(depth: d, problem: &problem)
                case .registryPolicy: members.registry = try readReference(depth: d, problem: &problem)
                case .registryPolicyScope:
                    if let s = try readString(depth: d), let scope = RegistryPolicyScope(rawValue: s.uppercased()) {
                        members.registryPolicyScope = scope
                    } else {
                        problem.note(error(at: at, "\"registryPolicyScope\" must be \"V1\" or \"V2\""))
                    }
                case .permissionBoundary: members.boundary = try readReference(depth: d, problem: &problem)
                case .sessionPolicy: members.session = try readReference(depth: d, problem: &problem)
                case .serviceControlPolicies: members.serviceControlPolicies = try readLevels(depth: d, problem: &problem)
                case .resourceControlPolicies: members.resourceControlPolicies = try readLevels(depth: d, problem: &problem)
                case .endpointPolicies:
                    try readReferences(depth: d, what: "\"endpointPolicies\" must be an array of policies", into: &members.endpoints, problem: &problem)
                case .managementAccount:
                    if let s = try readString(depth: d), ARN.isAccountID(s) { members.managementAccount = s } else {
                        problem.note(error(at: at, "\"managementAccount\" must be a 12-digit account id"))
                    }
                case nil:
                    problem.note(error(at: key.span.start, "unknown member \"\(key.string)\" in case \(index) (expected one of \(Self.caseKeys.joined(separator: ", ")))"))
                    try scanner.skipValue(depth: d)
                }
            } while try scanner.nextMember()
        }
        let caseID = id ?? String(index)
        if let problem = problem.error { return CaseInput(id: caseID, content: .failure(problem), warnings: []) }
        guard let request = members.request else {
            return CaseInput(id: caseID, content: .failure(error(at: start, "case \(index) has no \"request\"")), warnings: [])
        }
        return assemble(id: caseID, index: index, members: members, request: request)
    }

    /// A string value's number in `values` (see `BatchValues.number(of:)`), or nil (the value
    /// stepped over) for any other type.
    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> Int? {
        guard scanner.nextByte == UInt8(ascii: "\"") else {
            try scanner.skipValue(depth: depth)
            return nil
        }
        let text = try scanner.scanString()
        if let decoded = text.decoded { return values.number(of: decoded) }
        return values.number(of: text.content)
    }

    /// A string value, or nil (the value stepped over) for any other type.
    mutating func readString(depth: Int) throws(JSONSyntaxError) -> String? {
        guard scanner.nextByte == UInt8(ascii: "\"") else {
            try scanner.skipValue(depth: depth)
            return nil
        }
        return try scanner.parseString()
    }

    mutating func readReference(depth: Int, problem: inout FirstProblem) throws(JSONSyntaxError) -> PolicyReference? {
        let at = scanner.here
        switch scanner.nextByte {
        case UInt8(ascii: "\""):
            guard let n = try readValue(depth: depth) else { return nil }
            if values.facts[n].sharedPolicy == nil { values.facts[n].sharedPolicy = namedIDs[values.strings[n]] ?? -1 }
            let shared = values.facts[n].sharedPolicy!
            return shared >= 0 ? .shared(shared, at: at) : .unknownName(values.strings[n], at: at)
        case UInt8(ascii: "{"):
            try scanner.skipValue(depth: depth)
            return .inline(at: at, depth: depth)
        default:
            problem.note(error(at: at, "expected a policy object or the name of an entry of \"policies\", not \(scanner.nextValueTypeDescription)"))
            try scanner.skipValue(depth: depth)
            return nil
        }
    }

    /// An array of policies into `list` (emptied first); a value of another type is a problem
    /// and leaves `list` as it was.
    mutating func readReferences(depth: Int, what: String, into list: inout [PolicyReference], problem: inout FirstProblem) throws(JSONSyntaxError) {
        guard scanner.nextByte == UInt8(ascii: "[") else {
            problem.note(error(at: scanner.here, what))
            try scanner.skipValue(depth: depth)
            return
        }
        if !list.isEmpty { list.removeAll(keepingCapacity: true) }
        if try scanner.beginArray(depth: depth) {
            repeat {
                if let r = try readReference(depth: depth + 1, problem: &problem) { list.append(r) }
            } while try scanner.nextElement()
        }
    }

    mutating func readLevels(depth: Int, problem: inout FirstProblem) throws(JSONSyntaxError) -> [[PolicyReference]] {
        guard scanner.nextByte == UInt8(ascii: "[") else {
            problem.note(error(at: scanner.here, "expected an array of levels (root first), each an array of policies"))
            try scanner.skipValue(depth: depth)
            return []
        }
        var levels: [[PolicyReference]] = []
        if try scanner.beginArray(depth: depth) {
            repeat {
                var level: [PolicyReference] = []
                try readReferences(depth: depth + 1, what: "each level must be an array of policies", into: &level, problem: &problem)
                levels.append(level)
            } while try scanner.nextElement()
        }
        return levels
    }

    // MARK: Requests

    mutating func readRequest(depth: Int, index: Int, problem: inout FirstProblem) throws(JSONSyntaxError) -> RequestMembers? {
        guard scanner.nextByte == UInt8(ascii: "{") else {
            problem.note(error(at: scanner.here, "\"request\" must be an object"))
            try scanner.skipValue(depth: depth)
            return nil
        }
        var r = RequestMembers()
        var ok = true
        if try scanner.beginObject(depth: depth) {
            repeat {
                let key = try scanner.memberKey()
                let at = scanner.here
                switch RequestMemberName(key) {
                case .principal:
                    guard let n = try readValue(depth: depth + 1) else { ok = false; problem.note(error(at: at, "\"principal\" must be a string")); continue }
                    if values.facts[n].principal == nil {
                        guard let p = PrincipalIdentity(values.strings[n]) else {
                            ok = false
                            problem.note(error(at: at, "\"\(values.strings[n])\" is not a principal: expected an IAM user/role/root ARN, an assumed-role or federated-user ARN, a 12-digit account id, a service principal such as ecr.amazonaws.com, or \"anonymous\""))
                            continue
                        }
                        if values.isKept(n) {
                            values.facts[n].principal = (p, principalCount)
                            principalCount += 1
                        } else {
                            values.facts[n].principal = (p, -1)
                        }
                    }
                    r.principal = n
                case .action:
                    guard let n = try readValue(depth: depth + 1) else { ok = false; problem.note(error(at: at, "\"action\" must be a string such as \"ecr:BatchGetImage\"")); continue }
                    if values.facts[n].action == nil {
                        let s = values.strings[n]
                        guard s.utf8.contains(UInt8(ascii: ":")) || s == "*", !s.utf8.contains(UInt8(ascii: " ")) else {
                            ok = false
                            problem.note(error(at: at, "\"action\" must be a string such as \"ecr:BatchGetImage\""))
                            continue
                        }
                        values.facts[n].action = ActionFacts(s)
                    }
                    r.action = n
                case .capability:
                    if let s = try readString(depth: depth + 1), let c = Capability(name: s) { r.capability = c } else {
                        ok = false
                        problem.note(error(at: at, "\"capability\" must be one of \(Capability.allCases.map(\.rawValue).joined(separator: ", "))"))
                    }
                case .resource:
                    guard let n = try readValue(depth: depth + 1) else {
                        ok = false
                        problem.note(error(at: at, "\"resource\" must be an ARN or \"*\""))
                        continue
                    }
                    if values.facts[n].resource == nil {
                        let s = values.strings[n]
                        guard !s.isEmpty else {
                            ok = false
                            problem.note(error(at: at, "\"resource\" must be an ARN or \"*\""))
                            continue
                        }
                        guard s == "*" || ARN.colons(s) != nil else {
                            ok = false
                            problem.note(error(at: at, "\"\(s)\" is not an ARN (arn:partition:service:region:account:resource) or \"*\""))
                            continue
                        }
                        values.facts[n].resource = resourceEntry(s)
                    }
                    r.resource = n
                case .resourceAccount:
                    if let s = try readString(depth: depth + 1), ARN.isAccountID(s) { r.resourceAccount = s } else {
                        ok = false
                        problem.note(error(at: at, "\"resourceAccount\" must be a 12-digit account id"))
                    }
                case .context:
                    let start = scanner.index
                    r.contextAt = (at, depth + 1)
                    try scanner.skipValue(depth: depth + 1)
                    r.contextText = values.number(of: UnsafeBufferPointer(rebasing: bytes[start..<scanner.index]))
                case nil:
                    ok = false
                    problem.note(error(at: key.span.start, "unknown member \"\(key.string)\" in request (expected principal, action or capability, resource, resourceAccount, context)"))
                    try scanner.skipValue(depth: depth + 1)
                }
            } while try scanner.nextMember()
        }
        return ok ? r : nil
    }

    /// What the request derives from a valid `resource` text, once per text.
    mutating func resourceEntry(_ resource: String) -> ResourceEntry {
        let region = ARN.component(3, of: resource).map(String.init)
        var regionNumber = region == nil ? -1 : -2
        if let region {
            if let known = regionNumbers[region] { regionNumber = known } else if regionNumbers.count < 4096 {
                regionNumber = regionNumbers.count
                regionNumbers[region] = regionNumber
            }
        }
        return ResourceEntry(facts: ResourceFacts(resource), region: region, regionNumber: regionNumber)
    }

    /// `{"key": value, ...}` where a value is a string, number or boolean, or an array of them.
    mutating func readContext(into context: inout RequestContext, depth: Int, problem: inout FirstProblem) throws(JSONSyntaxError) -> Bool {
        guard scanner.nextByte == UInt8(ascii: "{") else {
            problem.note(error(at: scanner.here, "\"context\" must be an object of condition keys"))
            try scanner.skipValue(depth: depth)
            return false
        }
        var ok = true
        if try scanner.beginObject(depth: depth) {
            repeat {
                let key = try scanner.memberKey().string
                if let s = try readScalar(depth: depth + 1) {
                    context[key] = .single(s)
                } else if scanner.nextByte == UInt8(ascii: "[") {
                    var values: [String] = []
                    if try scanner.beginArray(depth: depth + 1) {
                        repeat {
                            let at = scanner.here
                            if let s = try readScalar(depth: depth + 2) { values.append(s) } else {
                                problem.note(error(at: at, "a context value must be a string, number or boolean"))
                                ok = false
                                try scanner.skipValue(depth: depth + 2)
                            }
                        } while try scanner.nextElement()
                    }
                    context[key] = .multiple(values)
                } else {
                    problem.note(error(at: scanner.here, "a context value must be a string, number, boolean or an array of them, not \(scanner.nextValueTypeDescription)"))
                    ok = false
                    try scanner.skipValue(depth: depth + 1)
                }
            } while try scanner.nextMember()
        }
        return ok
    }

    /// A string, number or boolean as text; nil (nothing consumed) for anything else.
    mutating func readScalar(depth: Int) throws(JSONSyntaxError) -> String? {
        switch scanner.nextByte {
        case UInt8(ascii: "\""): return try scanner.parseString()
        case UInt8(ascii: "t"):
            try scanner.expectLiteral("true")
            return "true"
        case UInt8(ascii: "f"):
            try scanner.expectLiteral("false")
            return "false"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try scanner.parseNumber()
        default: return nil
        }
    }
}

// MARK: Assembling a case

extension BatchReader {
    /// The case's question with its policies compiled; the first policy AWS refuses makes the case an error.
    mutating func assemble(id: String, index: Int, members m: CaseMembers, request r: RequestMembers) -> CaseInput {
        guard r.principal >= 0, let caller = values.facts[r.principal].principal else {
            return CaseInput(id: id, content: .failure(error(at: m.requestAt, "the request of case \(index) has no \"principal\"")), warnings: [])
        }
        let principal = caller.identity, principalNumber = caller.number
        guard r.resource >= 0, let entry = values.facts[r.resource].resource else {
            return CaseInput(id: id, content: .failure(error(at: m.requestAt, "the request of case \(index) has no \"resource\"")), warnings: [])
        }
        let resource = values.strings[r.resource]
        let action = r.action >= 0 ? values.facts[r.action].action : nil
        let question: SimulationCase.Question
        // The same caller with the same context and resource account shares one request's context
        // table; its context was read (and found valid) when the request was made.
        let contextKept = r.contextText < 0 || values.isKept(r.contextText)
        let templateKey = principalNumber >= 0 && contextKept && entry.regionNumber != -2
            ? RequestKey(principal: principalNumber, context: r.contextText, region: entry.regionNumber, resourceAccount: r.resourceAccount) : nil
        let known = action != nil && r.capability == nil ? templateKey.flatMap { requests[$0] } : nil
        let context: RequestContext
        if let known { context = known.context } else {
            let contextKey = contextKept ? ContextKey(text: r.contextText, region: entry.region, userID: SimulationContext.userID(principal)) : nil
            switch requestContext(r, key: contextKey, principal: principal, resource: resource) {
            case .success(let c): context = c
            case .failure(let e): return CaseInput(id: id, content: .failure(e), warnings: [])
            }
        }
        switch (action, r.capability) {
        case (let facts?, nil):
            if let template = known {
                question = .action(template.with(action: facts, resource: resource, entry.facts))
            } else {
                let a = facts.action
                let request = AccessRequest(principal: principal, action: a, resource: resource, resourceAccount: r.resourceAccount, context: context)
                if let templateKey, requests.count < 4096 { requests[templateKey] = request }
                question = .action(request)
            }
        case (nil, let c?):
            question = .capability(c, principal: principal, repository: resource, context: context)
        case (nil, nil):
            return CaseInput(id: id, content: .failure(error(at: m.requestAt, "the request of case \(index) needs \"action\" or \"capability\"")), warnings: [])
        case (.some, .some):
            return CaseInput(id: id, content: .failure(error(at: m.requestAt, "the request of case \(index) has both \"action\" and \"capability\"; give one")), warnings: [])
        }
        var warnings: [PolicyWarning] = []
        let resourceKind = m.resource == nil ? .resource : options.resourcePolicyKind ?? PolicyKind.resourcePolicy(for: resource, action: action?.action ?? "ecr:")
        let quick = m.identityOnlySignature
        if let quick, let known = identityOnlySets[quick] {
            return CaseInput(id: id, content: CaseInput.Content(question, known.set), warnings: known.warnings)
        }
        let signature = quick == nil ? m.namedSignature(resourceKind: resourceKind) : nil
        if let signature, let known = namedSets[signature] {
            return CaseInput(id: id, content: CaseInput.Content(question, known.set), warnings: known.warnings)
        }
        let base = "cases[\(index)]"
        do throws(SimulationInputError) {
            func one(_ ref: PolicyReference?, _ kind: PolicyKind, _ slot: String) throws(SimulationInputError) -> CompiledPolicy? {
                guard let ref else { return nil }
                let p = try policy(ref, kind: kind, slot: slot)
                for w in p.warnings { warnings.append(PolicyWarning(policy: p.policy.name, finding: w)) }
                return p.policy
            }
            func list(_ refs: [PolicyReference], _ kind: PolicyKind, _ slot: String) throws(SimulationInputError) -> [CompiledPolicy] {
                var out: [CompiledPolicy] = []
                for (k, ref) in refs.enumerated() { out.append(try one(ref, kind, "\(slot)[\(k)]")!) }
                return out
            }
            func levels(_ refs: [[PolicyReference]], _ kind: PolicyKind, _ slot: String) throws(SimulationInputError) -> [[CompiledPolicy]] {
                var out: [[CompiledPolicy]] = []
                for (i, level) in refs.enumerated() { out.append(try list(level, kind, "\(slot)[\(i)]")) }
                return out
            }
            let set = PolicySet(identity: try list(m.identity, .identity, "\(base).identityPolicies"),
                                resource: try one(m.resource, resourceKind, "\(base).resourcePolicy"),
                                registry: try one(m.registry, .registry, "\(base).registryPolicy"),
                                registryPolicyScope: m.registryPolicyScope,
                                boundary: try one(m.boundary, .boundary, "\(base).permissionBoundary"),
                                session: try one(m.session, .session, "\(base).sessionPolicy"),
                                serviceControlPolicies: try levels(m.serviceControlPolicies, .scp, "\(base).serviceControlPolicies"),
                                resourceControlPolicies: try levels(m.resourceControlPolicies, .rcp, "\(base).resourceControlPolicies"),
                                endpoints: try list(m.endpoints, .endpoint, "\(base).endpointPolicies"),
                                managementAccount: m.managementAccount)
            if let quick, identityOnlySets.count < 4096 { identityOnlySets[quick] = (set, warnings) }
            if let signature, namedSets.count < 4096 { namedSets[signature] = (set, warnings) }
            return CaseInput(id: id, content: CaseInput.Content(question, set), warnings: warnings)
        } catch {
            return CaseInput(id: id, content: .failure(error), warnings: warnings)
        }
    }

    /// The request's context with the keys AWS always sets, read once per context text, Region and
    /// `aws:userid` (`key`).
    mutating func requestContext(_ r: RequestMembers, key: ContextKey?, principal: PrincipalIdentity, resource: String)
        -> Result<RequestContext, SimulationInputError> {
        if let key, let known = contexts[key] { return .success(known) }
        var given = RequestContext()
        if let at = r.contextAt {
            let saved = scanner
            defer { scanner = saved }
            scanner.move(to: at.position)
            var problem = FirstProblem()
            do throws(JSONSyntaxError) {
                _ = try readContext(into: &given, depth: at.depth, problem: &problem)
            } catch {
                return .failure(syntaxError(error))
            }
            if let problem = problem.error { return .failure(problem) }
        }
        let context = SimulationContext.withImpliedKeys(given, principal: principal, resource: resource)
        if let key, contexts.count < 4096 { contexts[key] = context }
        return .success(context)
    }

    /// A shared policy (compiled once per name and kind) or an inline one.
    mutating func policy(_ ref: PolicyReference, kind: PolicyKind, slot: String) throws(SimulationInputError) -> SimulationPolicy {
        switch ref {
        case .shared(let number, _):
            let key = NamedKey(number: number, kind: kind)
            if let cached = compiledNamed[key] { return try cached.get() }
            let compiled = compile(shared[number].node, kind: kind, name: shared[number].name)
            compiledNamed[key] = compiled
            return try compiled.get()
        case .unknownName(let name, let at):
            throw error(at: at, "no policy named \"\(name)\" in \"policies\"")
        case .inline(let at, let depth):
            var reader = scanner
            reader.move(to: at)
            let node: JSONNode
            do throws(JSONSyntaxError) {
                node = try reader.parseValue(depth: depth)
            } catch {
                // Stepped over without error when the case was read, so this cannot happen.
                throw syntaxError(error)
            }
            return try compile(node, kind: kind, name: slot).get()
        }
    }

    func compile(_ node: JSONNode, kind: PolicyKind, name: String) -> Result<SimulationPolicy, SimulationInputError> {
        guard node.members != nil else {
            return .failure(error(at: node.span.start, "\(name) must be a policy object, not \(node.typeDescription)"))
        }
        let result = PolicyParser.parse(node: node, in: bytes, kind: kind, file: file)
        return result.simulationPolicy(name: name, kind: kind).mapError { refusal in
            error(at: refusal.finding.span.start, "\(name) is not a valid \(kind.rawValue) policy: \(refusal.finding.message) [\(refusal.finding.code)]")
        }
    }
}

/// The request context keys AWS sets on every request, as far as a simulated request implies them
/// ("AWS global condition context keys": `aws:RequestedRegion` is "always included"; `aws:userid`
/// is the account id for the root user, `ACCOUNT:NAME` for a federated user, `anonymous` for an
/// anonymous caller). `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType` and
/// `aws:username` come from the principal itself (`PrincipalIdentity.derivedContext`). A key the
/// case gives is kept as given.
public enum SimulationContext {
    public static func withImpliedKeys(_ context: RequestContext, principal: PrincipalIdentity, resource: String) -> RequestContext {
        var context = context
        if let region = ARN.component(3, of: resource), !region.isEmpty, context["aws:RequestedRegion"] == nil {
            context["aws:RequestedRegion"] = .single(String(region))
        }
        if context["aws:userid"] == nil, let userID = userID(principal) {
            context["aws:userid"] = .single(userID)
        }
        return context
    }

    /// `aws:userid` where it follows from the ARN (an IAM user's or role's unique id does not).
    static func userID(_ principal: PrincipalIdentity) -> String? {
        switch principal.kind {
        case .root: principal.account
        case .anonymous: "anonymous"
        case .federatedUser: principal.account.flatMap { a in principal.name.map { "\(a):\($0)" } }
        case .iamUser, .role, .assumedRole, .service: nil
        }
    }
}
