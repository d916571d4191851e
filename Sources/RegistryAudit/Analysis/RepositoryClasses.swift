import PolicyCore

/// Groups repositories that every principal sees alike, so the access matrix evaluates one
/// representative per group instead of every repository.
///
/// Two repositories of the same registry decide every request of the matrix alike when their
/// repository policies have the same decision form for those requests
/// (`PolicyDocument.decisionForm(canEqualRequestValue:)`: the same text up to Sids, formatting,
/// statement order, and condition values that equal no value any simulated principal's request
/// carries) and every `Resource`/`NotResource` pattern of every policy in play (identity,
/// boundary, session, SCP, registry and repository policies) matches both or neither. Whether a
/// pattern matches is asked of the evaluator itself (a one-statement probe policy per pattern), so
/// the grouping follows its ARN rules exactly. Patterns with policy variables depend on the caller,
/// so their presence turns grouping off (every repository is its own group).
struct RepositoryClasses {
    /// For each repository (index into `RegistryModel.repositories`), its group.
    let classOf: [Int]
    /// For each group, its representative repository.
    let representatives: [Int]

    init(model: RegistryModel) {
        let patterns = Self.resourcePatterns(model)
        guard !patterns.contains(where: { $0.contains("${") }) else {
            classOf = Array(model.repositories.indices)
            representatives = Array(model.repositories.indices)
            return
        }
        let evaluator = Evaluator()
        let probes: [PolicySet] = patterns.compactMap { pattern in
            let text = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"# + OrderedJSON.quoted(pattern) + "}]}"
            return PolicyParser.parse(text, kind: .identity, file: "probe").document.map { PolicySet(identity: [CompiledPolicy($0, name: "probe", kind: .identity)]) }
        }
        let formIDs = Self.policyFormIDs(model)
        var probers: [String: PrincipalIdentity] = [:]
        var keys: [ClassKey: Int] = [:]
        var classOf: [Int] = []
        var representatives: [Int] = []
        classOf.reserveCapacity(model.repositories.count)
        for (index, repository) in model.repositories.enumerated() {
            let account = repository.registry.account
            if probers[account] == nil {
                probers[account] = PrincipalIdentity("arn:\(repository.registry.partition):iam::\(account):role/ecrguard-probe")
            }
            var signature = [Bool]()
            signature.reserveCapacity(probes.count)
            if let prober = probers[account] {
                let request = AccessRequest(principal: prober, action: "ecr:BatchGetImage", resource: repository.arn, resourceAccount: account)
                for probe in probes { signature.append(evaluator.evaluate(request, probe).isAllowed) }
            }
            let policyForm = model.library.key(repository.repository.policy, kind: .repository, in: model.input).flatMap { formIDs[$0] }
            let key = ClassKey(registry: repository.registryIndex, policyForm: policyForm, hasUnreadablePolicy: repository.repository.policy != nil && policyForm == nil, signature: signature)
            if let existing = keys[key] {
                classOf.append(existing)
            } else {
                keys[key] = representatives.count
                classOf.append(representatives.count)
                representatives.append(index)
            }
        }
        self.classOf = classOf
        self.representatives = representatives
    }

    private struct ClassKey: Hashable {
        var registry: Int
        var policyForm: Int?
        var hasUnreadablePolicy: Bool
        var signature: [Bool]
    }

    /// A number per repository policy: equal for policies that decide every request of the matrix
    /// alike (same decision form once values no request carries are set aside).
    static func policyFormIDs(_ model: RegistryModel) -> [PolicyKey: Int] {
        let requestValues = Self.requestValues(model)
        var forms: [ExactText: Int] = [:]
        var ids: [PolicyKey: Int] = [:]
        for (key, document) in model.library.documents where key.kind == .repository && model.library.decisionFormIDs[key] != nil {
            let form = ExactText(document.decisionForm(canEqualRequestValue: requestValues.contains))
            if let id = forms[form] { ids[key] = id } else { ids[key] = forms.count; forms[form] = forms.count }
        }
        return ids
    }

    /// Every value, lowercased, that a request of the access matrix can carry in its context: each
    /// principal's own context and the keys derived from it, each registry's Region and account.
    static func requestValues(_ model: RegistryModel) -> Set<String> {
        var values: Set<String> = []
        for principal in model.principals {
            for value in principal.baseContext.values { values.formUnion(value.values.map { $0.lowercased() }) }
            for value in principal.identity.derivedContext.values { values.formUnion(value.values.map { $0.lowercased() }) }
        }
        for registry in model.input.manifest.registries {
            values.insert(registry.region.lowercased())
            values.insert(registry.account.lowercased())
        }
        return values
    }

    /// Every distinct Resource/NotResource pattern except `*` (which matches every repository).
    static func resourcePatterns(_ model: RegistryModel) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for key in model.library.documents.keys.sorted(by: { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }) {
            for statement in model.library.documents[key]!.statements {
                for pattern in statement.resource?.patterns ?? [] where pattern.value != "*" && seen.insert(pattern.value).inserted {
                    result.append(pattern.value)
                }
            }
        }
        return result
    }
}
