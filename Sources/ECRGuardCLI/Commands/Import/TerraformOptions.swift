import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// `--account`, `--region`, `--organization` for `import terraform` and `audit --terraform-plan`.
struct TerraformLocationOptions: ParsableArguments {
    @Option(help: "The account of every resource in the plan (default: data.aws_caller_identity, else each resource's registry id or ARN).")
    var account: Account?

    @Option(help: "The Region of resources whose own and provider Region the plan does not give.")
    var region: Region?

    @Option(help: "The organization (o-...) the plan's accounts belong to.")
    var organization: Organization?

    var readOptions: TerraformReadOptions {
        TerraformReadOptions(account: account?.id, region: region?.name, organization: organization?.id)
    }

    /// `123456789012`.
    struct Account: ExpressibleByArgument {
        var id: String
        init?(argument: String) {
            guard ARN.isAccountID(argument) else { return nil }
            id = argument
        }
    }

    /// `us-east-1`.
    struct Region: ExpressibleByArgument {
        var name: String
        init?(argument: String) {
            let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy({ $0.isASCII && $0.isNumber }),
                  parts.dropLast().allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }) else { return nil }
            name = argument
        }
    }

    /// `o-a1b2c3d4e5`: `o-` and 10 to 32 lowercase letters or digits.
    struct Organization: ExpressibleByArgument {
        var id: String
        init?(argument: String) {
            let rest = argument.dropFirst(2)
            guard argument.hasPrefix("o-"), (10...32).contains(rest.count),
                  rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLowercase) }) else { return nil }
            id = argument
        }
    }
}

/// Reading a plan file for the CLI: the reader's errors become input errors (exit 2) at their position.
enum TerraformPlanInput {
    static func state(plan: String, options: TerraformReadOptions, base: String?) throws -> ImportedState {
        do {
            let text = try AuditCommand.readText(plan)
            guard let base else { return try TerraformPlanReader.read(text: text, file: plan, options: options) }
            return try TerraformPlanReader.read(text: text, file: plan, options: options, layeredOver: try baseInput(base))
        } catch let error as TerraformPlanError {
            throw CLIFailure.runtime(error.description)
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch let error as AuditCommand.FileReadError {
            throw CLIFailure.runtime(error.reason)
        }
    }

    /// A `policies/` directory (or its manifest) read as `audit DIR` reads it.
    static func baseInput(_ argument: String) throws -> RegistryInput {
        let (manifestPath, directory) = AuditCommand.locateManifest(argument)
        return try RegistryLoader.load(manifestText: try AuditCommand.readText(manifestPath), manifestPath: manifestPath,
                                       directory: directory, read: { try AuditCommand.readText($0) })
    }
}
