import PolicyCore

/// The shapes AWS accepts for the names the manifest holds.
enum ManifestSyntax {
    static func isAccountID(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4`.
    static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    static func isOrganizationID(_ text: String) -> Bool {
        guard text.hasPrefix("o-") else { return false }
        let rest = text.dropFirst(2)
        return (10...32).contains(rest.count) && rest.allSatisfy { $0.isASCIIDigit || ($0.isASCII && $0.isLowercase) }
    }

    /// ECR: `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`, 2 to 256 characters.
    static func isRepositoryName(_ text: String) -> Bool {
        guard (2...256).contains(text.utf8.count) else { return false }
        return text.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            component.split(omittingEmptySubsequences: false, whereSeparator: { "._-".contains($0) }).allSatisfy { word in
                !word.isEmpty && word.allSatisfy(isNameCharacter)
            }
        }
    }

    /// A replication `PREFIX_MATCH` filter: a repository name prefix.
    static func isRepositoryFilter(_ text: String) -> Bool {
        (1...256).contains(text.utf8.count) && text.allSatisfy { isNameCharacter($0) || "._-/".contains($0) }
    }

    /// The value of `serviceControlPolicies` for SCPs an import could not read.
    static let notCollected = PrincipalManifest.notCollected

    /// A tag mutability exclusion filter: 1 to 128 of `0-9 a-z A-Z . _ * -`.
    static func isTagFilter(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count) && text.unicodeScalars.allSatisfy {
            ($0 >= "0" && $0 <= "9") || ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || "._*-".unicodeScalars.contains($0)
        }
    }

    static func isPrincipalIdentity(_ text: String) -> Bool {
        if text == "anonymous" { return true }
        if text.hasSuffix(".amazonaws.com") && !text.contains(":") { return true }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "iam" || parts[2] == "sts" else { return false }
        // Only what can make a request (not a group, instance profile, policy or a session without its name).
        return isAccountID(String(parts[4])) && !parts[5].contains("*") && PrincipalIdentity(text) != nil
    }

    private static func isNameCharacter(_ c: Character) -> Bool { c.isASCIIDigit || (c.isASCII && c.isLowercase) }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
