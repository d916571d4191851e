import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport

/// `ecrguard import gaad FILE --account ID [--out DIR] [--organization o-...] [--region R] [--base DIR]`:
/// the IAM part of an import, offline, from `aws iam get-account-authorization-details` output.
struct ImportGAADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaad",
        abstract: "Write a policies/ directory from `aws iam get-account-authorization-details` output.",
        discussion: """
        Keeps the users and roles whose identity policies can allow an ecr: action (groups flattened into \
        their users, managed policies written once); service-linked roles and the others are counted in \
        import-report.json. A managed policy, group or default version the file references but does not \
        contain is a gap (IMPORT_POLICY_MISSING). GAAD holds no ECR state: the manifest describes the \
        account's registry in --region without repositories; give --base to lay the principals over a \
        policies/ directory (its registries, other principals and expectations are kept).
        Exit codes: 0 written, nothing left unread; 1 written with gaps or with SCPs not collected (the audit \
        of --out fails until they are resolved); 2 the file cannot be read or --out cannot be written; 64 usage error.
        """)

    @Argument(help: "The JSON output of `aws iam get-account-authorization-details` (no --filter).")
    var file: String

    @Option(help: "The account the file describes (12 digits).")
    var account: AccountArgument

    @Option(help: "Directory to write (empty, new, or written by an earlier import).")
    var out: String = "policies"

    @Option(help: "The account's organization (o-...): its principals' SCPs are marked not-collected (GAAD holds none).")
    var organization: OrganizationArgument?

    @Option(help: "The Region of the registry entry the manifest describes.")
    var region: RegionArgument = RegionArgument(argument: "us-east-1")!

    @Option(help: "A policies/ directory (or manifest) to lay the imported principals over.")
    var base: String?

    func run() throws {
        let state = try Self.importedState(file: file, account: account.id, region: region.name,
                                           organization: organization.map { OrganizationMembership(id: $0.id) }, base: base)
        let summary = try ImportOutput.write(state, to: out)
        print(ImportOutput.text(state, directory: out, summary: summary), terminator: "")
        if ImportOutput.isIncomplete(state) { throw CLIFailure.gateFailed }
    }

    /// Reads the file (and the base), maps it; input errors exit 2 with their positions.
    static func importedState(file: String, account: String, region: String, organization: OrganizationMembership?, base: String?) throws -> ImportedState {
        do {
            let read = try GAADFileReader.read(try AuditCommand.readText(file), file: file)
            let foreign = Set((read.snapshot.roles + read.snapshot.users).compactMap { ARN($0.arn)?.account }).subtracting([account])
            if let other = foreign.sorted().first {
                throw CLIFailure.runtime("\(file) describes principals of account \(other), not --account \(account)")
            }
            guard let base else {
                return GAADImport(account: account, organization: organization).state(read.snapshot, region: region, source: file, gaps: read.gaps)
            }
            let input = try AuditCommand.readInput(base)
            // Principals the base's repository and registry policies name are kept whatever they can do.
            let resourcePolicies = input.policies.values.filter { $0.kind == .repository || $0.kind == .registry }.map(\.text)
            let named = GAADImport.namedPrincipals(in: read.snapshot, resourcePolicies: resourcePolicies)
            let state = GAADImport(account: account, organization: organization, namedByResourcePolicies: named)
                .state(read.snapshot, region: region, source: file, gaps: read.gaps)
            // The file holds no ECR state: only the principals are laid over the base's registries.
            var principals = state
            principals.manifest.registries = []
            return principals.layered(over: input)
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch let error as AuditCommand.FileReadError {
            throw CLIFailure.runtime(error.reason)
        }
    }
}
