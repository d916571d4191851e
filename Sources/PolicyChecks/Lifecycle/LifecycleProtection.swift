import PolicyCore

/// The refusal for repositories the manifest marks `protected: true`: a lifecycle policy must not be
/// able to expire every image.
///
/// Two image kinds stand for whatever a repository may hold: an untagged image, and an image whose
/// tags no rule names (only `tagStatus any` rules and `tagged` rules whose patterns are all `*` select
/// it). When the first rule to select each kind is an age rule that expires, a repository holding only
/// such images and receiving no pushes is emptied once they are old enough (an age rule that moves
/// images to the archive counts when another rule expires archived images). A count rule
/// (`imageCountMoreThan`) always keeps the newest image it selects, so a kind first selected by one
/// keeps an image. When the repository's current images are known, a policy that would expire all of
/// them now is refused too.
public enum LifecycleProtection {
    public static func check(_ policy: LifecyclePolicy, repository: String, file: String,
                             images: [LifecycleImage]?, now: Double) -> [Finding] {
        var findings: [Finding] = []
        let rules = policy.rulesByPriority
        let untagged = rules.first { $0.storageClass != "archive" && $0.selects(tags: []) }
        let unnamed = rules.first { $0.storageClass != "archive" && selectsEveryTaggedImage($0) }
        // An image moved to the archive by age is gone too when an archive rule expires archived images.
        let archiveExpires = rules.contains { $0.storageClass == "archive" && $0.action == .expire }
        func expiresByAge(_ rule: LifecycleRule) -> Bool {
            rule.countType.isAge && (rule.action == .expire || (rule.action == .transition && archiveExpires))
        }
        if let untagged, let unnamed, expiresByAge(untagged), expiresByAge(unnamed) {
            let which = untagged == unnamed ? "rule \(untagged.priority) expires every image"
                : "rule \(untagged.priority) expires every untagged image and rule \(unnamed.priority) every image whose tags no earlier rule names"
            findings.append(finding(file: file, span: unnamed.span,
                message: "\(repository) is protected, but \(which) once it is older than its age limit, so the repository can be emptied"))
        }
        if let images, !images.isEmpty {
            do {
                let results = try LifecyclePreview.evaluate(policy, images: images, now: now)
                if results.filter({ $0.rule.action == .expire }).count == images.count {
                    findings.append(finding(file: file, span: rules.first?.span ?? .unknown,
                        message: "\(repository) is protected, but this policy would expire all \(images.count) of its current images"))
                }
            } catch {
                // Fail closed: what cannot be previewed cannot be shown to keep an image.
                findings.append(finding(file: file, span: rules.first?.span ?? .unknown,
                    message: "\(repository) is protected and ecrguard cannot tell which of its current images this policy keeps: \(error)"))
            }
        }
        return findings
    }

    private static func selectsEveryTaggedImage(_ rule: LifecycleRule) -> Bool {
        rule.tagStatus == .any
            || (rule.tagStatus == .tagged && rule.tagPrefixes.isEmpty && rule.tagPatterns.allSatisfy { $0.allSatisfy { $0 == "*" } })
    }

    private static func finding(file: String, span: SourceSpan, message: String) -> Finding {
        let d = LifecycleDescriptors.emptiesProtectedRepository
        return Finding(code: d.code, severity: d.severity, category: d.category, file: file, span: span, path: "",
                       message: message, remediation: d.remediation)
    }
}
