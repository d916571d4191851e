import PolicyCore

extension TerraformDocument {
    /// What `attribute` of `resource` depends on, as absolute addresses a reader can find in the
    /// configuration: `aws_kms_key.ecr.arn` at the root, `module.ecr.aws_kms_key.this.arn` in a module;
    /// a module input (`var.kms_key_arn`) is followed to what the calling module passes in.
    func dependencies(of resource: TerraformResource, attribute: String) -> [String] {
        let found = resource.references(attribute).flatMap {
            absolute($0, moduleInstances: resource.address.moduleInstances, depth: 0)
        }
        return Self.mostSpecific(found)
    }

    /// Keeps `a.b.c` and drops `a.b` (Terraform lists a reference and each of its prefixes); drops
    /// meta references (`count.index`, `each.value`, `path.module`); keeps the order, no repeats.
    static func mostSpecific(_ references: [String]) -> [String] {
        var seen = Set<String>()
        let unique = references.filter { seen.insert($0).inserted }
        return unique.filter { reference in
            let meta = ["count.", "each.", "path.", "terraform.", "self."].contains { reference.hasPrefix($0) }
            return !meta && !unique.contains { $0 != reference && ($0.hasPrefix(reference + ".") || $0.hasPrefix(reference + "[")) }
        }
    }

    private func absolute(_ reference: String, moduleInstances: [String], depth: Int) -> [String] {
        let prefix = moduleInstances.joined(separator: ".")
        guard reference.hasPrefix("var."), let last = moduleInstances.last, depth < 32 else {
            return [TerraformAddress.join(prefix, reference)]
        }
        // A module input: what the module call passes for it, in the caller's module.
        let variable = String(reference.dropFirst(4).prefix { $0 != "." && $0 != "[" })
        let parentInstances = Array(moduleInstances.dropLast())
        let parentConfig = parentInstances.map(Self.keyless).joined(separator: ".")
        let callName = String(Self.keyless(last).dropFirst("module.".count))
        guard let call = modules[parentConfig]?.calls[callName], let expression = call["expressions"]?[variable] else {
            return [TerraformAddress.join(prefix, reference)]
        }
        var references: [String] = []
        Self.collectReferences(expression, into: &references)
        if references.isEmpty { return [TerraformAddress.join(prefix, reference)] }
        return references.flatMap { absolute($0, moduleInstances: parentInstances, depth: depth + 1) }
    }

    /// `module.ecr["api"]` → `module.ecr`.
    static func keyless(_ instance: String) -> String {
        instance.firstIndex(of: "[").map { String(instance[..<$0]) } ?? instance
    }

    /// Every address an expression of the plan's configuration lists under `references`, in order.
    static func collectReferences(_ node: JSONNode, into found: inout [String]) {
        switch node.kind {
        case .object(let members):
            for member in members {
                if member.key == "references", let items = member.value.elements {
                    found += items.compactMap(\.stringValue)
                } else {
                    collectReferences(member.value, into: &found)
                }
            }
        case .array(let elements):
            for element in elements { collectReferences(element, into: &found) }
        default:
            break
        }
    }

    /// The resources of the same module instance a module-relative reference can name, among
    /// `candidates`: `aws_iam_policy.ci["a"].arn` names that instance; `aws_iam_policy.ci.arn` every
    /// instance of `aws_iam_policy.ci`; `aws_iam_policy.ci[each.key].arn` (references `aws_iam_policy.ci`
    /// and `each.key` alone) the instance with the referring resource's own key.
    func referencedResources(_ references: [String], from resource: TerraformResource, type: String,
                             among candidates: [TerraformResource]) -> [TerraformResource] {
        var instances = Set<String>()
        var wholes = Set<String>()
        var others = false
        for reference in references {
            let dataPrefix = reference.hasPrefix("data.")
            let body = dataPrefix ? reference.dropFirst(5) : Substring(reference)
            guard body.hasPrefix(type + ".") else {
                if !["each.key", "count.index"].contains(reference) { others = true }
                continue
            }
            let afterType = body.dropFirst(type.count + 1)
            let name = afterType.prefix { $0 != "." && $0 != "[" }
            let base = TerraformAddress.join(resource.address.modulePath, (dataPrefix ? "data." : "") + type + "." + name)
            let rest = afterType.dropFirst(name.count)
            if rest.hasPrefix("["), let close = Self.closingBracket(rest) {
                instances.insert(base + rest[rest.startIndex...close])
            } else {
                wholes.insert(base)
            }
        }
        if !instances.isEmpty {
            return candidates.filter { instances.contains($0.addressText) }
        }
        let matches = candidates.filter { wholes.contains($0.address.resourceAddress) }
        let keyed = references.contains("each.key") || references.contains("count.index")
        if matches.count > 1, keyed, !others, wholes.count == 1, let key = resource.address.instanceKey {
            return matches.filter { $0.address.instanceKey == key }
        }
        return matches
    }

    /// The `]` closing the `[` that `text` starts with (keys may be quoted and hold `]`).
    static func closingBracket(_ text: Substring) -> Substring.Index? {
        var inQuote = false
        var escaped = false
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let ch = text[index]
            if inQuote {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inQuote = false }
            } else if ch == "\"" {
                inQuote = true
            } else if ch == "]" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }
}

/// Where a resource lives: its account and Region (IAM resources need only the account).
struct Placement: Hashable {
    var account: String
    var region: String
}

/// A value the reader resolved, or why it could not.
enum Resolution<Value> {
    case resolved(Value)
    /// A readable reason ("is known only after apply (depends on var.region)").
    case unresolved(String)
}

extension TerraformDocument {
    /// The Region of a resource: its own `region` argument (AWS provider v6), the Region of its ARN
    /// (a state), its provider configuration's `region` (constant, or a root variable's value), then
    /// `fallback` (`--region`).
    func region(of resource: TerraformResource, fallback: String?) -> Resolution<String> {
        switch resource.value("region") {
        case .known(let node):
            if let region = node.stringValue, !region.isEmpty { return .resolved(region) }
        case .unknown:
            return .unresolved("'region' is known only after apply" + Self.dependsOn(dependencies(of: resource, attribute: "region")))
        case .absent:
            break
        }
        if case .known(let node) = resource.value("arn"), let arn = node.stringValue.flatMap(ARN.init), !arn.region.isEmpty {
            return .resolved(arn.region)
        }
        var providerProblem: String?
        if let key = resource.providerConfigKey {
            switch providerRegion(key) {
            case .resolved(let region?): return .resolved(region)
            case .resolved(nil): break
            case .unresolved(let why): providerProblem = why
            }
        }
        if let fallback { return .resolved(fallback) }
        return .unresolved(providerProblem ?? "its Region is not in the plan (no 'region' argument, no constant provider Region); pass --region")
    }

    /// The `region` of a provider configuration: nil when it sets none.
    func providerRegion(_ key: String) -> Resolution<String?> {
        if let known = providerRegions[key] { return known }
        return resolveProviderRegion(key)
    }

    func resolveProviderRegion(_ key: String) -> Resolution<String?> {
        var config = providerConfigs[key]
        if config == nil, let colon = key.lastIndex(of: ":") {
            config = providerConfigs[String(key[key.index(after: colon)...])]
        }
        guard let expression = config?["expressions"]?["region"] else { return .resolved(nil) }
        if let constant = expression["constant_value"]?.stringValue { return .resolved(constant) }
        var references: [String] = []
        Self.collectReferences(expression, into: &references)
        let moduleAddress = config?["module_address"]?.stringValue ?? ""
        if moduleAddress.isEmpty, references.count == 1, references[0].hasPrefix("var."),
           let value = variables[String(references[0].dropFirst(4))]?.stringValue {
            return .resolved(value)
        }
        return .unresolved("the Region of provider configuration '\(key)' is not a constant" + Self.dependsOn(Self.mostSpecific(references)) + "; pass --region")
    }

    /// The account of a resource: `fallback` (`--account`), else `data.aws_caller_identity` of the same
    /// provider configuration (or the only account all of them name), else `registry_id` or the ARN's.
    func account(of resource: TerraformResource, fallback: String?) -> Resolution<String> {
        if let fallback { return .resolved(fallback) }
        if let account = callerAccounts.byProvider[resource.providerConfigKey ?? ""] ?? callerAccounts.only { return .resolved(account) }
        if case .known(let node) = resource.value("registry_id"), let id = node.stringValue, ARN.isAccountID(id) { return .resolved(id) }
        if case .known(let node) = resource.value("arn"), let arn = node.stringValue.flatMap(ARN.init), ARN.isAccountID(arn.account) {
            return .resolved(arn.account)
        }
        return .unresolved("its account is not in the plan (no data.aws_caller_identity, no known registry id or ARN); pass --account")
    }

    /// ` (depends on a, b)`, or a note that the plan records no reference.
    static func dependsOn(_ references: [String]) -> String {
        references.isEmpty ? " (the plan's configuration records no reference for it)" : " (depends on \(references.joined(separator: ", ")))"
    }
}
