import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// `ecrguard import terraform PLAN.json [--out DIR] [--account ID] [--region R] [--organization o-...] [--base DIR]`:
/// the registries, repositories and principals a Terraform plan (or state) declares, as a `policies/` directory.
struct ImportTerraformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terraform",
        abstract: "Write a policies/ directory from a Terraform plan or state (`terraform show -json` output).",
        discussion: """
        Reads the proposed state of a saved plan (`terraform show -json PLAN`) or a state (`terraform show \
        -json`), JSON format version 1.x: ECR repositories, repository and registry policies, the registry \
        policy scope, replication, pull-through cache rules; IAM roles, users and groups with inline, attached \
        and managed policies and permissions boundaries; modules, count/for_each addresses, provider aliases \
        and per-resource Regions. A value known only after apply (IAC_VALUE_UNKNOWN, naming what it depends on), a \
        resource type that can grant ECR access but is not read, and a control policy attachment \
        (IAC_UNSUPPORTED) are gaps: the audit of --out fails until they are resolved.
        Account: --account, else data.aws_caller_identity, else the resource's registry id or ARN. Region: \
        the resource's `region`, its ARN, its provider configuration's constant `region`, else --region.
        Exit codes: 0 written, nothing left unread; 1 written with gaps; 2 the plan cannot be read or --out \
        cannot be written; 64 usage error.
        """)

    @Argument(help: "`terraform show -json` output: a saved plan or a state.")
    var plan: String

    @Option(help: "Directory to write (empty, new, or written by an earlier import).")
    var out: String = "policies"

    @OptionGroup(title: "Where the plan's resources are")
    var location: IaCLocationOptions

    @Option(help: "A policies/ directory (or manifest) to lay the plan over: what the plan does not manage stays.")
    var base: String?

    func run() throws {
        let state = try TerraformPlanInput.state(plan: plan, options: location.readOptions, base: base)
        let summary = try ImportOutput.write(state, to: out)
        print(ImportOutput.text(state, directory: out, summary: summary), terminator: "")
        if !state.gaps.isEmpty { throw CLIFailure.gateFailed }
    }
}

/// Reading a plan file for the CLI: the reader's errors become input errors (exit 2) at their position.
enum TerraformPlanInput {
    static func state(plan: String, options: TerraformReadOptions, base: String?) throws -> ImportedState {
        do {
            let text = try AuditCommand.readText(plan)
            guard let base else { return try TerraformPlanReader.read(text: text, file: plan, options: options) }
            return try TerraformPlanReader.read(text: text, file: plan, options: options, layeredOver: try AuditCommand.readInput(base))
        } catch let error as TerraformPlanError {
            throw CLIFailure.runtime(error.description)
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch let error as AuditCommand.FileReadError {
            throw CLIFailure.runtime(error.reason)
        }
    }
}
