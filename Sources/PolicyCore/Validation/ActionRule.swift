/// Actions must exist: `service:Action` with a known service and, without wildcards, a known
/// action; a wildcard pattern must match at least one action. Resource policies attached to ECR
/// (repository, registry) can only grant ECR actions (UNSUPPORTED_ACTION_IN_POLICY), and a
/// repository policy cannot grant account-level ECR actions such as `ecr:GetAuthorizationToken`
/// (a warning: AWS accepts the policy, but the grant has no effect — identity policies must allow it).
///
/// With an empty catalog (resource missing) only the `service:action` form is checked.
public struct ActionRule: ValidationRule {
    public init() {}

    static let unsupportedActionInPolicy = IssueCode.error("UNSUPPORTED_ACTION_IN_POLICY")
    static let actionWithoutRepositoryResource = IssueCode("UNSUPPORTED_ACTION_IN_POLICY", .warning, .medium)

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
        if text == "*" || text.contains("${") { return }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
            reporter.report(.invalidAction, at: pattern.span, "'\(text)' is not an action: write service:Action, as in ecr:BatchGetImage")
            return
        }
        let service = String(text[..<colon])
        let name = text[text.index(after: colon)...]
        let serviceHasWildcard = service.contains("*") || service.contains("?")
        if name.contains(":") {
            reporter.report(.invalidAction, at: pattern.span, "'\(text)' is not an action: it has more than one ':'")
            return
        }
        if context.kind == .repository || context.kind == .registry, !serviceHasWildcard, service.lowercased() != "ecr" {
            reporter.report(Self.unsupportedActionInPolicy, at: pattern.span,
                            "\(context.kind.article) policy can only grant ECR actions; '\(text)' belongs to \(service)")
            return
        }
        guard !catalog.isEmpty, !serviceHasWildcard else { return }
        guard catalog.isKnownService(service) else {
            reporter.report(.invalidServiceInAction, at: pattern.span, "'\(service)' in '\(text)' is not an AWS service prefix")
            return
        }
        let matches = catalog.actions(matching: text)
        if matches.isEmpty {
            let hint = suggestion(for: String(name), service: service, catalog: catalog).map { "; did you mean \($0)?" } ?? ""
            let what = name.contains("*") || name.contains("?") ? "matches no action of \(service)" : "is not an action of \(service)"
            reporter.report(.invalidAction, at: pattern.span, "'\(text)' \(what)\(hint)")
            return
        }
        if context.kind == .repository, element == "Action", !(name.contains("*") || name.contains("?")),
           let definition = matches.first, definition.isDetailed, definition.resourceTypes.isEmpty {
            reporter.report(Self.actionWithoutRepositoryResource, at: pattern.span,
                            "\(definition.fullName) is not a repository action, so a repository policy cannot grant it; allow it in an identity policy")
        }
    }

    /// The action whose name differs only in case or is the closest prefix match.
    func suggestion(for name: String, service: String, catalog: ActionCatalog) -> String? {
        let lower = name.lowercased()
        let actions = catalog.actions(ofService: service)
        if let best = actions.max(by: { commonPrefix($0.name.lowercased(), lower) < commonPrefix($1.name.lowercased(), lower) }),
           commonPrefix(best.name.lowercased(), lower) >= max(4, lower.count / 2) {
            return best.fullName
        }
        return nil
    }

    func commonPrefix(_ a: String, _ b: String) -> Int {
        zip(a.utf8, b.utf8).prefix { $0 == $1 }.count
    }
}
