import PolicyCore

/// An ECR lifecycle policy as ECR reads it (Amazon ECR User Guide, "Lifecycle policy properties"),
/// with the source position of every rule for findings.
public struct LifecyclePolicy: Sendable, Equatable {
    public var rules: [LifecycleRule]

    /// The rules in the order ECR applies them: lowest rulePriority first.
    public var rulesByPriority: [LifecycleRule] { rules.sorted { $0.priority < $1.priority } }
}

public struct LifecycleRule: Sendable, Equatable {
    public enum TagStatus: String, Sendable, CaseIterable { case tagged, untagged, any }
    public enum CountType: String, Sendable, CaseIterable {
        case imageCountMoreThan, sinceImagePushed, sinceImagePulled, sinceImageTransitioned
        /// Age rules count days; `imageCountMoreThan` counts images.
        public var isAge: Bool { self != .imageCountMoreThan }
    }
    public enum ActionType: String, Sendable, CaseIterable { case expire, transition }

    public var priority: Int
    public var description: String?
    public var tagStatus: TagStatus
    /// Every prefix must start one of the image's tags (all of them, not any).
    public var tagPrefixes: [String]
    /// Every pattern (`*` matches any run of characters) must match one of the image's tags.
    public var tagPatterns: [String]
    /// `standard` or `archive` when given (which images the rule looks at).
    public var storageClass: String?
    public var countType: CountType
    /// Images to keep (`imageCountMoreThan`) or days (age rules).
    public var countNumber: Int
    public var action: ActionType
    /// The rule object in the policy text.
    public var span: SourceSpan

    /// Whether the rule selects an image with these tags (its tagging requirements, ignoring counts).
    public func selects(tags: [String]) -> Bool {
        switch tagStatus {
        case .any: return true
        case .untagged: return tags.isEmpty
        case .tagged:
            guard !tags.isEmpty else { return false }
            return tagPrefixes.allSatisfy { prefix in tags.contains { $0.hasPrefix(prefix) } }
                && tagPatterns.allSatisfy { pattern in tags.contains { TagPattern.matches($0, pattern: pattern) } }
        }
    }
}

/// ECR's tag patterns: `*` matches any run of characters (possibly empty); everything else is literal.
public enum TagPattern {
    public static func matches(_ tag: String, pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(Array.init)
        let text = Array(tag)
        guard parts.count > 1 else { return text == parts[0] }
        guard text.starts(with: parts[0]), text.count >= parts[0].count + parts[parts.count - 1].count,
              text.reversed().starts(with: parts[parts.count - 1].reversed()) else { return false }
        var index = parts[0].count
        let end = text.count - parts[parts.count - 1].count
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = firstIndex(of: part, in: text, from: index, before: end) else { return false }
            index = found + part.count
        }
        return index <= end
    }

    private static func firstIndex(of part: [Character], in text: [Character], from start: Int, before end: Int) -> Int? {
        var i = start
        while i + part.count <= end {
            if Array(text[i..<(i + part.count)]) == part { return i }
            i += 1
        }
        return nil
    }

    public static func wildcardCount(_ pattern: String) -> Int { pattern.filter { $0 == "*" }.count }
}
