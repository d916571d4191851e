import PolicyCore

/// Reads and validates a lifecycle policy as ECR does before it accepts one: the fields, their
/// values, and the rules across the policy (unique priorities, `any` last, one untagged rule, unique tag
/// selections). Findings point at file:line:column; `policy` is nil when any ERROR was found, so
/// nothing is previewed or sent from a policy ECR would reject.
public enum LifecyclePolicyReader {
    public struct Result: Sendable {
        public var policy: LifecyclePolicy?
        public var findings: [Finding]
    }

    /// PutLifecyclePolicy's `lifecyclePolicyText` length limits, in characters.
    public static let lengthLimits = 100...30_720

    public static func read(_ text: String, file: String) -> Result {
        var reporter = LifecycleReporter(file: file)
        let root: JSONNode
        do { root = try JSONParser.parse(text) } catch {
            let span = SourceSpan(at: error.position)
            reporter.report(RuleDescriptor.jsonSyntaxError, span, "", "not JSON: \(error.message)")
            return Result(policy: nil, findings: reporter.findings)
        }
        if !lengthLimits.contains(text.count) {
            reporter.report(LifecycleDescriptors.invalidStructure, root.span, "",
                            "the policy is \(text.count) characters long; ECR accepts \(lengthLimits.lowerBound) to \(lengthLimits.upperBound)")
        }
        guard let members = root.members else {
            reporter.report(LifecycleDescriptors.invalidStructure, root.span, "", "a lifecycle policy is a JSON object, not \(root.typeDescription)")
            return Result(policy: nil, findings: reporter.findings)
        }
        reporter.rejectUnknown(members, allowed: ["rules"], path: "")
        guard let rulesNode = root["rules"] else {
            reporter.report(LifecycleDescriptors.missingField, root.span, "", "the policy has no \"rules\" array")
            return Result(policy: nil, findings: reporter.findings)
        }
        guard let elements = rulesNode.elements, !elements.isEmpty else {
            reporter.report(LifecycleDescriptors.invalidStructure, rulesNode.span, "rules", "\"rules\" must be a non-empty array of rule objects")
            return Result(policy: nil, findings: reporter.findings)
        }
        let rules = elements.enumerated().compactMap { index, node in reporter.rule(node, path: "rules[\(index)]") }
        if rules.count == elements.count { reporter.checkAcross(rules) }
        let rejected = reporter.findings.contains { $0.category == .error }
        return Result(policy: rejected ? nil : LifecyclePolicy(rules: rules), findings: reporter.findings)
    }
}

struct LifecycleReporter {
    let file: String
    var findings: [Finding] = []

    mutating func report(_ descriptor: RuleDescriptor, _ span: SourceSpan, _ path: String, _ message: String) {
        findings.append(Finding(code: descriptor.code, severity: descriptor.severity, category: descriptor.category, file: file,
                                span: span, path: path, message: message, remediation: descriptor.remediation))
    }

    mutating func rejectUnknown(_ members: [JSONMember], allowed: Set<String>, path: String) {
        for member in members where !allowed.contains(member.key) {
            let known = allowed.sorted().joined(separator: ", ")
            report(LifecycleDescriptors.unknownField, member.keySpan, join(path, member.key),
                   "\"\(member.key)\" is not a field here (known: \(known))")
        }
    }

    mutating func rule(_ node: JSONNode, path: String) -> LifecycleRule? {
        guard let members = node.members else {
            report(LifecycleDescriptors.invalidStructure, node.span, path, "a rule is an object, not \(node.typeDescription)")
            return nil
        }
        rejectUnknown(members, allowed: ["rulePriority", "description", "selection", "action"], path: path)
        let priority = required(node, "rulePriority", path: path).flatMap { positiveInteger($0, path: join(path, "rulePriority")) }
        var description: String?
        if let d = node["description"] {
            description = d.stringValue
            if description == nil { report(LifecycleDescriptors.invalidValue, d.span, join(path, "description"), "description must be a string") }
        }
        let selection = required(node, "selection", path: path).flatMap { selectionValue($0, path: join(path, "selection")) }
        let action = required(node, "action", path: path).flatMap { actionValue($0, path: join(path, "action")) }
        guard let priority, let selection, let action else { return nil }
        return LifecycleRule(priority: priority, description: description, tagStatus: selection.tagStatus, tagPrefixes: selection.prefixes,
                             tagPatterns: selection.patterns, storageClass: selection.storageClass, countType: selection.countType,
                             countNumber: selection.countNumber, action: action, span: node.span)
    }

    struct Selection {
        var tagStatus: LifecycleRule.TagStatus
        var prefixes: [String], patterns: [String]
        var storageClass: String?
        var countType: LifecycleRule.CountType
        var countNumber: Int
    }

    mutating func selectionValue(_ node: JSONNode, path: String) -> Selection? {
        guard let members = node.members else {
            report(LifecycleDescriptors.invalidStructure, node.span, path, "selection is an object, not \(node.typeDescription)")
            return nil
        }
        rejectUnknown(members, allowed: ["tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit", "countNumber"], path: path)
        let tagStatus = required(node, "tagStatus", path: path).flatMap { choice($0, LifecycleRule.TagStatus.self, path: join(path, "tagStatus")) }
        let countType = required(node, "countType", path: path).flatMap { choice($0, LifecycleRule.CountType.self, path: join(path, "countType")) }
        let countNumber = required(node, "countNumber", path: path).flatMap { positiveInteger($0, path: join(path, "countNumber")) }
        let prefixes = node["tagPrefixList"].flatMap { strings($0, path: join(path, "tagPrefixList")) }
        let patterns = node["tagPatternList"].flatMap { strings($0, path: join(path, "tagPatternList")) }
        var storageClass: String?
        if let s = node["storageClass"] {
            storageClass = s.stringValue
            if storageClass != "standard" && storageClass != "archive" {
                report(LifecycleDescriptors.invalidValue, s.span, join(path, "storageClass"), "storageClass must be \"standard\" or \"archive\"")
            }
        }
        if let tagStatus { checkTagFilter(node, tagStatus: tagStatus, path: path) }
        for (index, pattern) in (patterns ?? []).enumerated() where TagPattern.wildcardCount(pattern) > 4 {
            let span = node["tagPatternList"]?.elements?[index].span ?? node.span
            report(LifecycleDescriptors.tooManyWildcards, span, join(path, "tagPatternList[\(index)]"),
                   "\"\(pattern)\" has \(TagPattern.wildcardCount(pattern)) wildcards; ECR accepts at most 4 per pattern")
        }
        if let countType { checkCountUnit(node, countType: countType, path: path) }
        guard let tagStatus, let countType, let countNumber else { return nil }
        return Selection(tagStatus: tagStatus, prefixes: prefixes ?? [], patterns: patterns ?? [], storageClass: storageClass,
                         countType: countType, countNumber: countNumber)
    }

    mutating func checkTagFilter(_ node: JSONNode, tagStatus: LifecycleRule.TagStatus, path: String) {
        let lists = ["tagPrefixList", "tagPatternList"].filter { node[$0] != nil }
        switch tagStatus {
        case .tagged where lists.isEmpty:
            report(LifecycleDescriptors.tagFilterMismatch, node["tagStatus"]?.span ?? node.span, join(path, "tagStatus"),
                   "tagStatus \"tagged\" needs a tagPrefixList or a tagPatternList")
        case .tagged where lists.count == 2:
            report(LifecycleDescriptors.tagFilterMismatch, node["tagPatternList"]?.span ?? node.span, join(path, "tagPatternList"),
                   "give either tagPrefixList or tagPatternList in one rule, not both")
        case .untagged, .any:
            for list in lists {
                report(LifecycleDescriptors.tagFilterMismatch, node[list]?.span ?? node.span, join(path, list),
                       "\(list) is only taken with tagStatus \"tagged\", not \"\(tagStatus.rawValue)\"")
            }
        default:
            break
        }
    }

    mutating func checkCountUnit(_ node: JSONNode, countType: LifecycleRule.CountType, path: String) {
        let unit = node["countUnit"]
        if countType.isAge {
            guard let unit else {
                report(LifecycleDescriptors.countUnitMismatch, node["countType"]?.span ?? node.span, join(path, "countType"),
                       "countType \(countType.rawValue) needs \"countUnit\": \"days\"")
                return
            }
            if unit.stringValue != "days" {
                report(LifecycleDescriptors.invalidValue, unit.span, join(path, "countUnit"), "countUnit must be \"days\"")
            }
        } else if let unit {
            report(LifecycleDescriptors.countUnitMismatch, unit.span, join(path, "countUnit"),
                   "countUnit is an error with countType imageCountMoreThan (it counts images, not days)")
        }
    }

    mutating func actionValue(_ node: JSONNode, path: String) -> LifecycleRule.ActionType? {
        guard let members = node.members else {
            report(LifecycleDescriptors.invalidStructure, node.span, path, "action is an object, not \(node.typeDescription)")
            return nil
        }
        rejectUnknown(members, allowed: ["type", "targetStorageClass"], path: path)
        guard let type = required(node, "type", path: path).flatMap({ choice($0, LifecycleRule.ActionType.self, path: join(path, "type")) }) else { return nil }
        let target = node["targetStorageClass"]
        if type == .transition, target?.stringValue != "archive" {
            report(LifecycleDescriptors.invalidValue, target?.span ?? node.span, join(path, "targetStorageClass"),
                   "action transition needs \"targetStorageClass\": \"archive\"")
        } else if type == .expire, let target {
            report(LifecycleDescriptors.invalidValue, target.span, join(path, "targetStorageClass"), "targetStorageClass is only taken by action transition")
        }
        return type
    }

    // MARK: Across rules

    mutating func checkAcross(_ rules: [LifecycleRule]) {
        var seenPriorities: [Int: LifecycleRule] = [:]
        for rule in rules {
            if let first = seenPriorities[rule.priority] {
                report(LifecycleDescriptors.duplicatePriority, rule.span, "",
                       "rulePriority \(rule.priority) is also the priority of the rule at \(first.span.start.line):\(first.span.start.column)")
            } else {
                seenPriorities[rule.priority] = rule
            }
        }
        let highest = rules.map(\.priority).max() ?? 0
        for rule in rules where rule.tagStatus == .any && (rule.priority != highest || rules.filter { $0.priority == highest }.count > 1) {
            report(LifecycleDescriptors.anyRuleNotLast, rule.span, "",
                   "the tagStatus \"any\" rule has rulePriority \(rule.priority), but it must have the highest priority number (highest is \(highest))")
        }
        let untagged = rules.filter { $0.tagStatus == .untagged }.sorted { $0.priority < $1.priority }
        for rule in untagged.dropFirst() {
            report(LifecycleDescriptors.secondUntaggedRule, rule.span, "",
                   "rule \(rule.priority) selects untagged images, as rule \(untagged[0].priority) does; only one rule may")
        }
        var selections: [String: LifecycleRule] = [:]
        for rule in rules.sorted(by: { $0.priority < $1.priority }) where rule.tagStatus == .tagged {
            let key = Set(rule.tagPrefixes).sorted().joined(separator: "\u{0}") + "\u{1}" + Set(rule.tagPatterns).sorted().joined(separator: "\u{0}")
            if let first = selections[key] {
                report(LifecycleDescriptors.duplicateTagSelection, rule.span, "",
                       "rule \(rule.priority) selects the same tags as rule \(first.priority); every image it selects was seen by rule \(first.priority) first")
            } else {
                selections[key] = rule
            }
        }
    }

    // MARK: Values

    mutating func required(_ node: JSONNode, _ key: String, path: String) -> JSONNode? {
        if let value = node[key] { return value }
        report(LifecycleDescriptors.missingField, node.span, join(path, key), "\(path.isEmpty ? "the policy" : path) has no \"\(key)\"")
        return nil
    }

    mutating func positiveInteger(_ node: JSONNode, path: String) -> Int? {
        if case .number(let text) = node.kind, text.allSatisfy(\.isASCIIDigit), let value = Int(text), value >= 1 { return value }
        report(LifecycleDescriptors.invalidValue, node.span, path, "\(path.split(separator: ".").last ?? "") must be a positive integer")
        return nil
    }

    mutating func choice<Value: RawRepresentable & CaseIterable>(_ node: JSONNode, _ type: Value.Type, path: String) -> Value?
    where Value.RawValue == String {
        if let text = node.stringValue, let value = Value(rawValue: text) { return value }
        let known = Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let got = node.stringValue.map { "\"\($0)\"" } ?? node.typeDescription
        report(LifecycleDescriptors.invalidValue, node.span, path, "\(path.split(separator: ".").last ?? "") is \(got); ECR accepts \(known)")
        return nil
    }

    mutating func strings(_ node: JSONNode, path: String) -> [String]? {
        guard let elements = node.elements, !elements.isEmpty else {
            report(LifecycleDescriptors.invalidValue, node.span, path, "\(path.split(separator: ".").last ?? "") must be a non-empty array of strings")
            return nil
        }
        var values: [String] = []
        for (index, element) in elements.enumerated() {
            guard let text = element.stringValue, !text.isEmpty else {
                report(LifecycleDescriptors.invalidValue, element.span, "\(path)[\(index)]", "each entry must be a non-empty string")
                return nil
            }
            values.append(text)
        }
        return values
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
