/// Actions must exist: `service:Action` with a known service and, without wildcards, a known
/// action; a wildcard pattern must match at least one action. Resource policies attached to ECR
/// (repository, registry) can only grant ECR actions (UNSUPPORTED_ACTION_IN_POLICY), and a
/// repository policy cannot grant account-level ECR actions such as `ecr:GetAuthorizationToken`
/// (ACCOUNT_ACTION_IN_REPOSITORY_POLICY, a warning: AWS accepts the policy, but the grant has no
/// effect — identity policies must allow it).
public struct ActionRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        let catalog = context.catalog
        for statement in context.document.statements {
            guard let action = statement.action else { continue }
            let element = action.isNegated ? "NotAction" : "Action"
            for pattern in action.patterns {
                check(pattern, element: element, context: context, catalog: catalog, into: &reporter)
            }
        }
    }

    func check(_ pattern: Located<String>, element: String, context: ValidationContext, catalog: ActionCatalog, into reporter: inout FindingReporter) {
        let text = pattern.value
        // Variables in actions are reported by PolicyVariableRule.
        if text == "*" || text.hasVariableMarker { return }
        // Fast path: an action written exactly as the reference spells it.
        if let definition = catalog.actionsByFullName[text] {
            checkPlacement(definition, pattern: pattern, element: element, context: context, into: &reporter)
            return
        }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
            reporter.report(.invalidAction, at: pattern.span, "'\(text)' is not an action: write service:Action, as in ecr:BatchGetImage")
            return
        }
        let service = String(text[..<colon])
        let name = text[text.index(after: colon)...]
        let serviceHasWildcard = service.hasWildcard
        if name.utf8.contains(UInt8(ascii: ":")) {
            reporter.report(.invalidAction, at: pattern.span, "'\(text)' is not an action: it has more than one ':'")
            return
        }
        if context.kind == .repository || context.kind == .registry, !serviceHasWildcard, service.lowercased() != "ecr" {
            reporter.report(.unsupportedActionInPolicy, at: pattern.span,
                            "\(context.kind.article) policy can only grant ECR actions; '\(text)' belongs to \(service)")
            return
        }
        guard !catalog.isEmpty, !serviceHasWildcard else { return }
        guard catalog.isKnownService(service) else {
            reporter.report(.invalidServiceInAction, at: pattern.span, "'\(service)' in '\(text)' is not an AWS service prefix")
            return
        }
        let matches = name.hasWildcard ? [] : catalog.action(text).map { [$0] } ?? []
        if matches.isEmpty && !(name.hasWildcard && catalog.hasAction(matching: text)) {
            let hint = suggestion(for: String(name), service: service, catalog: catalog).map { "; did you mean \($0)?" } ?? ""
            let what = name.hasWildcard ? "matches no action of \(service)" : "is not an action of \(service)"
            reporter.report(.invalidAction, at: pattern.span, "'\(text)' \(what)\(hint)")
            return
        }
        if let definition = matches.first {
            checkPlacement(definition, pattern: pattern, element: element, context: context, into: &reporter)
        }
    }

    /// What a known action may not do in this kind of policy.
    func checkPlacement(_ definition: ActionDefinition, pattern: Located<String>, element: String, context: ValidationContext, into reporter: inout FindingReporter) {
        if context.kind == .repository || context.kind == .registry, definition.service != "ecr" {
            reporter.report(.unsupportedActionInPolicy, at: pattern.span,
                            "\(context.kind.article) policy can only grant ECR actions; '\(pattern.value)' belongs to \(definition.service)")
        } else if context.kind == .repository, element == "Action", definition.isDetailed, definition.resourceTypes.isEmpty {
            reporter.report(.accountActionInRepositoryPolicy, at: pattern.span,
                            "\(definition.fullName) is not a repository action, so a repository policy cannot grant it; allow it in an identity policy")
        }
    }

    /// The closest action name by edit distance, when it is close enough to be a typo.
    func suggestion(for name: String, service: String, catalog: ActionCatalog) -> String? {
        let target = Array(name.lowercased().utf8)
        guard !target.contains(UInt8(ascii: "*")), !target.contains(UInt8(ascii: "?")) else { return nil }
        var best: (distance: Int, action: ActionDefinition)?
        for action in catalog.actions(ofService: service) {
            let d = EditDistance.between(Array(action.name.lowercased().utf8), target)
            if d < (best?.distance ?? Int.max) { best = (d, action) }
        }
        guard let best, best.distance <= max(2, target.count / 5) else { return nil }
        return best.action.fullName
    }
}
