import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PolicyCore

/// `ecrguard simulate`: one request or capability, or a batch file (DESIGN.md 3.1).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Would AWS allow this request? Evaluates one action or capability, or a batch file, and names the deciding statements.",
        discussion: """
        One request:  ecrguard simulate --principal ARN (--action A | --capability C) --resource ARN [policy options]
        A batch:      ecrguard simulate --batch FILE.json [--output json|jsonl] [--pretty] [--explain none|deciding|full]
                      (JSON array of cases, or {"policies": {...}, "cases": [...]}; results are written as they are decided)
        Capabilities: \(Capability.allCases.map(\.rawValue).joined(separator: ", ")).
        The resource policy is checked as the kind its resource implies: an ECR repository ARN takes a
        repository policy, another ECR ARN a registry policy, any other service's ARN (S3 bucket, KMS key,
        SNS topic, ...) a resource-based policy; --kind forces one. Findings AWS would store the policy with
        are warnings and the policy is evaluated; a policy AWS refuses is an error (in a batch, for that case only).
        A request on resource '*' is allowed only by statements whose Resource matches '*' (identity policies).
        --scp/--rcp take one level each (root first); FILE,FILE puts several policies on one level.
        --context key=value may repeat; a repeated key or a value [a,b] is multi-valued. Unless given,
        aws:RequestedRegion comes from the resource ARN and aws:userid from the principal where it follows.
        Exit codes: 0 evaluated (and --expect met), 1 --expect not met, 2 bad input (in a batch: any case
        with "decision": "error"), 64 usage error.
        """)

    @Option(name: .long, help: "The caller: an IAM user/role/root ARN, an assumed-role or federated-user ARN, an account id, a service principal, or 'anonymous'.")
    var principal: String?
    @Option(name: .long, help: "The action, e.g. ecr:PutImage.")
    var action: String?
    @Option(name: .long, help: "A capability: pull, push, replicate, configure-replication, pull-through-cache-import, manage-policy, delete.")
    var capability: String?
    @Option(name: .long, help: "The resource ARN (a repository ARN for capabilities), or '*'.")
    var resource: String?
    @Option(name: .customLong("resource-account"), help: "The account owning the resource (default: from the ARN).")
    var resourceAccount: String?
    @Option(name: .customLong("identity-policy"), help: "An identity policy of the principal (repeatable).")
    var identityPolicies: [String] = []
    @Option(name: .customLong("resource-policy"), help: "The repository policy.")
    var resourcePolicy: String?
    @Option(name: .customLong("registry-policy"), help: "The registry permission policy.")
    var registryPolicy: String?
    @Option(name: .customLong("registry-policy-scope"), help: "V1 or V2 (default V2).")
    var registryPolicyScope: String = "V2"
    @Option(name: .long, help: "The principal's permissions boundary.")
    var boundary: String?
    @Option(name: .customLong("session-policy"), help: "The session policy.")
    var sessionPolicy: String?
    @Option(name: .customLong("scp"), help: "SCPs of one level of the principal's account path, root first (repeatable).")
    var scps: [String] = []
    @Option(name: .customLong("rcp"), help: "RCPs of one level of the resource's account path (repeatable).")
    var rcps: [String] = []
    @Option(name: .customLong("endpoint-policy"), help: "A VPC endpoint policy the request passes (repeatable).")
    var endpointPolicies: [String] = []
    @Option(name: .customLong("management-account"), help: "The organization's management account (no SCPs/RCPs apply to it).")
    var managementAccount: String?
    @Option(name: .long, help: "A request context key, key=value (repeatable).")
    var context: [String] = []
    @Option(name: .long, help: "Output format: text or json.")
    var format: String = "text"
    @Option(name: .long, help: "Fail (exit 1) unless the decision is 'allowed' or 'denied'.")
    var expect: String?
    @Option(name: .long, help: "A batch file ('-' for stdin); prints one result per case in input order.")
    var batch: String?
    @Option(help: "The kind the resource policy is checked as (default: implied by the resource ARN).")
    var kind: ResourcePolicyKind?
    @Option(help: "Batch output: json (one array) or jsonl (one result per line).")
    var output: BatchResultWriter.Format = .json
    @Flag(help: "Indent batch output.")
    var pretty = false
    @Option(help: "How much of each batch decision to explain: none, deciding (deciding statements and missing context keys), full (also the reasons).")
    var explain: ExplainLevel = .deciding

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json (got '\(format)')") }
        if let expect, !["allowed", "denied"].contains(expect) { throw ValidationError("--expect must be allowed or denied") }
        guard RegistryPolicyScope(rawValue: registryPolicyScope.uppercased()) != nil else { throw ValidationError("--registry-policy-scope must be V1 or V2") }
        if batch == nil, output != .json || pretty || explain != .deciding {
            throw ValidationError("--output, --pretty and --explain apply to --batch")
        }
        if batch != nil {
            let single = [principal, action, capability, resource, resourcePolicy, boundary, sessionPolicy, registryPolicy].contains { $0 != nil }
                || !identityPolicies.isEmpty || !scps.isEmpty || !rcps.isEmpty || !endpointPolicies.isEmpty || !context.isEmpty
            if single { throw ValidationError("--batch takes no request or policy options; put them in the batch file") }
            return
        }
        guard principal != nil else { throw ValidationError("missing --principal (or use --batch FILE)") }
        guard resource != nil else { throw ValidationError("missing --resource") }
        guard (action == nil) != (capability == nil) else { throw ValidationError("give exactly one of --action and --capability") }
        if let capability, Capability(name: capability) == nil {
            throw ValidationError("unknown capability '\(capability)'; one of \(Capability.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let managementAccount, !ARN.isAccountID(managementAccount) { throw ValidationError("--management-account must be a 12-digit account id") }
        if let resourceAccount, !ARN.isAccountID(resourceAccount) { throw ValidationError("--resource-account must be a 12-digit account id") }
    }

    func run() throws {
        if let batch { return try runBatch(batch) }
        guard let who = PrincipalIdentity(principal!) else {
            throw CLIFailure.usage("--principal '\(principal!)' is not a principal: expected an IAM user/role/root ARN, an assumed-role or federated-user ARN, a 12-digit account id, a service principal such as ecr.amazonaws.com, or 'anonymous'")
        }
        let resource = resource!
        guard resource == "*" || ARN(resource) != nil else { throw CLIFailure.usage("--resource '\(resource)' is not an ARN or '*'") }
        let requestContext = SimulationContext.withImpliedKeys(try PolicyFileLoader.context(context), principal: who, resource: resource)
        var set = PolicySet()
        set.identity = try identityPolicies.map { try PolicyFileLoader.load($0, kind: .identity) }
        set.resource = try resourcePolicy.map { try PolicyFileLoader.load($0, kind: kind?.policyKind ?? .resourcePolicy(for: resource, action: action)) }
        set.registry = try registryPolicy.map { try PolicyFileLoader.load($0, kind: .registry) }
        set.registryPolicyScope = RegistryPolicyScope(rawValue: registryPolicyScope.uppercased())!
        set.boundary = try boundary.map { try PolicyFileLoader.load($0, kind: .boundary) }
        set.session = try sessionPolicy.map { try PolicyFileLoader.load($0, kind: .session) }
        set.serviceControlPolicies = try scps.map { try PolicyFileLoader.loadLevel($0, kind: .scp) }
        set.resourceControlPolicies = try rcps.map { try PolicyFileLoader.loadLevel($0, kind: .rcp) }
        set.endpoints = try endpointPolicies.map { try PolicyFileLoader.load($0, kind: .endpoint) }
        set.managementAccount = managementAccount

        let evaluator = Evaluator()
        let outcome: DecisionOutcome
        if let capability {
            let c = evaluator.evaluate(Capability(name: capability)!, principal: who, repository: resource, context: requestContext, policies: set)
            outcome = c.outcome
            if format == "json" {
                print(OrderedJSON.object([("request", .object([("principal", .string(who.arn)), ("capability", .string(c.capability.rawValue)),
                                                               ("resource", .string(resource))])),
                                          ("decision", .string(c.outcome.rawValue)), ("blockedBy", .array(c.blockedBy.map { .string($0.rawValue) })),
                                          ("explain", c.explainJSON)]).rendered())
            } else {
                print(DecisionText.render(c, principal: who, repository: resource), terminator: "")
            }
        } else {
            let request = AccessRequest(principal: who, action: action!, resource: resource, resourceAccount: resourceAccount, context: requestContext)
            let d = evaluator.explain(request, set)
            outcome = d.outcome
            if format == "json" {
                print(OrderedJSON.object([("request", .object([("principal", .string(who.arn)), ("action", .string(request.action)),
                                                               ("resource", .string(resource)), ("resourceAccount", request.resourceAccount.map(OrderedJSON.string) ?? .null)])),
                                          ("decision", .string(d.outcome.rawValue)), ("blockedBy", .array(d.blockedBy.map { .string($0.rawValue) })),
                                          ("explain", d.explainJSON)]).rendered())
            } else {
                print(DecisionText.render(request, d), terminator: "")
            }
            if who.kind == .anonymous, request.action.lowercased().hasPrefix("ecr:") {
                FileHandle.standardError.write(Data("note: private Amazon ECR accepts only signed requests: an anonymous caller is refused before any policy is read, whatever the policies say\n".utf8))
            }
        }
        if let expect, (expect == "allowed") != (outcome == .allowed) {
            throw CLIFailure(exitCode: 1, message: "expected \(expect), got \(outcome.rawValue)")
        }
    }

    func runBatch(_ path: String) throws {
        let input = path == "-" ? BatchInput(standardInput: FileHandle.standardInput.readDataToEndOfFile()) : try BatchInput(path: path)
        let options = BatchSimulation.Options(explain: explain, resourcePolicyKind: kind?.policyKind)
        var writer = BatchResultWriter(format: output, pretty: pretty, explain: explain)
        writer.begin()
        let summary: BatchSimulation.Summary
        do {
            summary = try BatchSimulation.stream(input.bytes, file: path == "-" ? "<stdin>" : path, options: options, read: input.release) { result in
                writer.write(result)
                if case .error(let e) = result.answer {
                    FileHandle.standardError.write(Data("\(e) (case \(result.id ?? "-"))\n".utf8))
                }
                if writer.buffer.count >= 1 << 16 { StandardOutput.write(&writer.buffer) }
            }
        } catch {
            throw CLIFailure.runtime("\(error)")
        }
        writer.end()
        StandardOutput.write(&writer.buffer)
        if summary.errors > 0 {
            throw CLIFailure.runtime("\(summary.errors) of \(summary.cases) cases could not be evaluated (\"decision\": \"error\")")
        }
    }
}

/// The resource policy kinds `--kind` can force.
enum ResourcePolicyKind: String, CaseIterable, ExpressibleByArgument {
    case repository, registry, resource

    var policyKind: PolicyKind {
        switch self {
        case .repository: .repository
        case .registry: .registry
        case .resource: .resource
        }
    }
}

extension ExplainLevel: ExpressibleByArgument {}
extension BatchResultWriter.Format: ExpressibleByArgument {}

/// Unbuffered writes of output bytes, drained from a reusable buffer.
enum StandardOutput {
    static func write(_ buffer: inout [UInt8]) {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
