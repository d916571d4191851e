import ArgumentParser
import PolicyCore
import RegistryAudit

/// `--account 123456789012`: twelve digits (a typo is a usage error while parsing).
struct AccountArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    var id: String
    var description: String { id }
    init?(argument: String) {
        guard ARN.isAccountID(argument) else { return nil }
        id = argument
    }
}

/// `--organization o-a1b2c3d4e5`.
struct OrganizationArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    var id: String
    var description: String { id }
    init?(argument: String) {
        guard OrganizationMembership.isValidID(argument) else { return nil }
        id = argument
    }
}

/// `--region us-east-1`.
struct RegionArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    var name: String
    var description: String { name }
    init?(argument: String) {
        guard RegistryManifest.isValidRegion(argument) else { return nil }
        name = argument
    }
}
