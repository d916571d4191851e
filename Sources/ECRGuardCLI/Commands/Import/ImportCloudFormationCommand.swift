import ArgumentParser
import CloudFormationImport
import Foundation
import RegistryAudit
import RegistryImport

/// `ecrguard import cloudformation TEMPLATE... --account ID --region REGION [--out DIR]`: writes the
/// templates' registry, repositories and principals as a `policies/` directory.
struct ImportCloudFormationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cloudformation",
        abstract: "Write a policies/ directory from CloudFormation templates (JSON or YAML).",
        discussion: """
        Intrinsic functions are evaluated with --parameter values (else each parameter's Default), the \
        pseudo parameters from --account, --region and --stack-name, and --import values for Fn::ImportValue \
        and {{resolve:...}} references. What only deployment can know (a parameter without a value, an \
        attribute CloudFormation assigns, a managed policy defined elsewhere) is a gap in import-report.json \
        at its template line and column. Resources without a name get STACK-LogicalId-GENERATED. A template \
        with Transform (SAM, macros) is not read: pass the processed template ('aws cloudformation \
        get-template --template-stage Processed', 'sam build', 'cdk synth').
        Exit codes: 0 written, nothing left unread; 1 written with gaps (the audit of --out fails until \
        they are resolved); 2 a template cannot be read or --out cannot be written; 64 usage error.
        """)

    @Argument(help: "CloudFormation templates, JSON or YAML (all deployed in the same account and Region).")
    var templates: [String]

    func validate() throws {
        if templates.isEmpty { throw ValidationError("name at least one template") }
    }

    @OptionGroup(title: "Stack")
    var location: CloudFormationLocationOptions

    @OptionGroup(title: "Stack values")
    var stack: CloudFormationStackOptions

    @Option(help: "Directory to write (empty, new, or written by an earlier import).")
    var out: String = "policies"

    func run() throws {
        var options = try stack.readerOptions(account: location.account.id, region: location.region.name)
        options.organization = location.organization?.id
        let state = try Self.read(templates, options: options)
        let summary = try ImportOutput.write(state, to: out)
        print(ImportOutput.text(state, directory: out, summary: summary), terminator: "")
        if ImportOutput.isIncomplete(state) { throw CLIFailure.gateFailed }
    }

    /// Reads the templates; one that is not a template exits 2 at its line and column.
    static func read(_ templates: [String], options: CloudFormationOptions) throws -> ImportedState {
        do {
            return try CloudFormationReader.read(templates: CloudFormationStackOptions.sources(templates), options: options)
        } catch let error as TemplateSyntaxError {
            throw CLIFailure.runtime("\(error.location): error: \(error.message)")
        } catch let error as AuditCommand.FileReadError {
            throw CLIFailure.runtime(error.reason)
        }
    }
}
