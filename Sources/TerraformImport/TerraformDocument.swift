import PolicyCore

/// Why a file cannot be read as `terraform show -json` output at all (as opposed to a gap, which is
/// one value the reader could not resolve). Always names the file and a position in it.
public struct TerraformPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int = 1, column: Int = 1, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// One resource instance of the proposed state (or of a state file), joined with what the rest of the
/// document says about it: `after_unknown` from `resource_changes` and its block in `configuration`.
struct TerraformResource {
    var address: TerraformAddress
    /// The address exactly as the document writes it.
    var addressText: String
    /// The `values` object (empty object when absent).
    var values: JSONNode
    /// `change.after_unknown` of the resource's change, when the document is a plan.
    var unknown: JSONNode?
    /// The resource's block in `configuration` (expressions, `provider_config_key`), when present.
    var config: JSONNode?
    /// Where the resource's object starts in the document.
    var position: SourcePosition

    var type: String { address.type }
}

/// A step into a resource's values: an attribute name or a list index.
enum ValuePath: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// What a resource's attribute holds in the proposed state.
enum AttributeValue {
    case known(JSONNode)
    /// Known only after apply (`after_unknown` is true at or above it).
    case unknown
    /// Not set (absent or null).
    case absent
}

extension TerraformResource {
    /// The attribute at `path`, telling an unknown value from an absent one.
    func value(_ path: [ValuePath]) -> AttributeValue {
        var node: JSONNode? = values
        var unknownNode: JSONNode? = unknown
        for step in path {
            if case .bool(true) = unknownNode?.kind { return .unknown }
            switch step {
            case .key(let key):
                node = node?[key]
                unknownNode = unknownNode?[key]
            case .index(let index):
                node = node?.elements.flatMap { index < $0.count ? $0[index] : nil }
                unknownNode = unknownNode?.elements.flatMap { index < $0.count ? $0[index] : nil }
            }
        }
        if case .bool(true) = unknownNode?.kind { return .unknown }
        guard let node, node.kind != .null else { return .absent }
        return .known(node)
    }

    func value(_ key: String) -> AttributeValue { value([.key(key)]) }

    /// The elements of a list attribute (a block list such as `rule` or `inline_policy`); empty when
    /// absent; nil when the list itself is unknown.
    func count(_ path: [ValuePath]) -> Int? {
        switch value(path) {
        case .known(let node): return node.elements?.count ?? 0
        case .unknown: return nil
        case .absent: return 0
        }
    }

    /// Whether the configuration sets `attribute` (an attribute left to the provider is computed: an
    /// unknown `managed_policy_arns` the configuration never sets is not a gap).
    func isConfigured(_ attribute: String) -> Bool {
        guard let expressions = config?["expressions"] else { return false }
        return expressions[attribute] != nil
    }

    /// The references the configuration records for `attribute` (module-relative, as written).
    func references(_ attribute: String) -> [String] {
        guard let expression = config?["expressions"]?[attribute] else { return [] }
        var found: [String] = []
        TerraformDocument.collectReferences(expression, into: &found)
        return found
    }


    /// `provider_config_key` of the resource's configuration block.
    var providerConfigKey: String? { config?["provider_config_key"]?.stringValue }
}

/// `terraform show -json` output (a saved plan or a state), indexed for the reader.
struct TerraformDocument {
    var file: String
    /// True for a state (top-level `values`), false for a plan.
    var isState: Bool
    /// `format_version` as written.
    var formatVersion: String
    /// Managed resources of the proposed state (plan) or the state, in document order.
    var resources: [TerraformResource]
    /// Data sources: read during planning (`prior_state`) or in the state.
    var dataSources: [TerraformResource]
    /// `configuration.provider_config` by key (`aws`, `aws.west`, `module.ecr:aws`).
    var providerConfigs: [String: JSONNode]
    /// Root module input variable values (`variables.NAME.value`).
    var variables: [String: JSONNode]
    /// Configuration modules by their keyless path (`""`, `module.ecr`, `module.ecr.module.inner`).
    var modules: [String: ConfigModule]
    /// False when Terraform says the plan is incomplete (deferred changes).
    var isComplete: Bool
    /// The accounts `data.aws_caller_identity` gives, per provider configuration and when all agree.
    var callerAccounts = CallerAccounts()
    /// Each provider configuration's Region, resolved once.
    var providerRegions: [String: Resolution<String?>] = [:]

    struct CallerAccounts {
        /// Per provider configuration key, when its identities name one account.
        var byProvider: [String: String] = [:]
        /// The account when every identity in the document names the same one.
        var only: String?
    }

    struct ConfigModule {
        var resources: [String: JSONNode] = [:]
        /// Module calls by name (each has `expressions`).
        var calls: [String: JSONNode] = [:]
    }

    /// Plans and states of a large organization are far above the policy limits.
    static let limits = JSONLimits(maxDepth: 512, maxBytes: Int(Int32.max))

    static func parse(text: String, file: String) throws(TerraformPlanError) -> TerraformDocument {
        let root: JSONNode
        do {
            root = try JSONParser.parse(text, limits: limits)
        } catch {
            var message = "not JSON: \(error.message)"
            if error.position.offset == 0 || !text.utf8.starts(with: "{".utf8) {
                message += " (expected the output of 'terraform show -json PLAN' or 'terraform show -json'; a wrapper such as setup-terraform's adds text around it)"
            }
            throw TerraformPlanError(file: file, line: error.position.line, column: error.position.column, message: message)
        }
        guard root.members != nil else {
            throw TerraformPlanError(file: file, message: "expected a JSON object ('terraform show -json' output), found \(root.typeDescription)")
        }
        guard let versionNode = root["format_version"], let version = versionNode.stringValue else {
            throw TerraformPlanError(file: file, message: "no 'format_version': not 'terraform show -json' output")
        }
        let major = version.split(separator: ".", maxSplits: 1).first.map(String.init) ?? version
        guard major == "1" else {
            throw TerraformPlanError(file: file, line: versionNode.span.start.line, column: versionNode.span.start.column,
                                     message: "unsupported format_version '\(version)': this ecrguard reads Terraform's JSON format version 1.x")
        }
        if case .bool(true) = root["errored"]?.kind {
            throw TerraformPlanError(file: file, message: "the plan is marked 'errored': Terraform could not finish it, so its proposed state is partial")
        }
        var document = TerraformDocument(file: file, isState: root["planned_values"] == nil && root["values"] != nil, formatVersion: version,
                                         resources: [], dataSources: [], providerConfigs: [:], variables: [:], modules: [:],
                                         isComplete: root["complete"].map { $0.kind != .bool(false) } ?? true)
        if let configuration = root["configuration"] {
            for member in configuration["provider_config"]?.members ?? [] { document.providerConfigs[member.key] = member.value }
            if let rootModule = configuration["root_module"] { document.indexConfiguration(rootModule, path: "") }
        }
        for member in root["variables"]?.members ?? [] {
            if let value = member.value["value"] { document.variables[member.key] = value }
        }
        var changes: [String: JSONNode] = [:]
        for change in root["resource_changes"]?.elements ?? [] {
            if let address = change["address"]?.stringValue, change["deposed"] == nil { changes[address] = change["change"]?["after_unknown"] }
        }
        var seen = Set<String>()
        let proposed = document.isState ? root["values"] : root["planned_values"]
        if let module = proposed?["root_module"] { document.collect(module, changes: changes, seen: &seen) }
        if !document.isState, let module = root["prior_state"]?["values"]?["root_module"] {
            document.collectData(module, seen: &seen)
        }
        document.indexCallerAccounts()
        for key in document.providerConfigs.keys { document.providerRegions[key] = document.resolveProviderRegion(key) }
        return document
    }

    private mutating func indexCallerAccounts() {
        var byProvider: [String: Set<String>] = [:]
        var all = Set<String>()
        for identity in dataSources where identity.type == "aws_caller_identity" {
            guard case .known(let node) = identity.value("account_id"), let account = node.stringValue else { continue }
            all.insert(account)
            if let key = identity.providerConfigKey { byProvider[key, default: []].insert(account) }
        }
        callerAccounts.byProvider = byProvider.compactMapValues { $0.count == 1 ? $0.first : nil }
        callerAccounts.only = all.count == 1 ? all.first : nil
    }

    private mutating func indexConfiguration(_ module: JSONNode, path: String) {
        var config = ConfigModule()
        for resource in module["resources"]?.elements ?? [] {
            if let address = resource["address"]?.stringValue { config.resources[address] = resource }
        }
        for call in module["module_calls"]?.members ?? [] {
            config.calls[call.key] = call.value
            if let child = call.value["module"] { indexConfiguration(child, path: TerraformAddress.join(path, "module." + call.key)) }
        }
        modules[path] = config
    }

    /// Resources of a module and its children, in document order.
    private mutating func collect(_ module: JSONNode, changes: [String: JSONNode], seen: inout Set<String>) {
        for node in module["resources"]?.elements ?? [] {
            guard let text = node["address"]?.stringValue, let address = TerraformAddress(text), seen.insert(text).inserted else { continue }
            let resource = TerraformResource(address: address, addressText: text, values: node["values"] ?? JSONNode(.object([]), span: node.span),
                                             unknown: changes[text], config: modules[address.configModule]?.resources[address.configAddress],
                                             position: node.span.start)
            if address.isData { dataSources.append(resource) } else { resources.append(resource) }
        }
        for child in module["child_modules"]?.elements ?? [] { collect(child, changes: changes, seen: &seen) }
    }

    /// Data sources read during planning appear only in `prior_state`.
    private mutating func collectData(_ module: JSONNode, seen: inout Set<String>) {
        for node in module["resources"]?.elements ?? [] {
            guard node["mode"]?.stringValue == "data", let text = node["address"]?.stringValue, let address = TerraformAddress(text),
                  seen.insert(text).inserted else { continue }
            dataSources.append(TerraformResource(address: address, addressText: text, values: node["values"] ?? JSONNode(.object([]), span: node.span),
                                                 unknown: nil, config: modules[address.configModule]?.resources[address.configAddress],
                                                 position: node.span.start))
        }
        for child in module["child_modules"]?.elements ?? [] { collectData(child, seen: &seen) }
    }
}
