import ArgumentParser

/// `ecrguard import SOURCE ...`: reads the state of a registry from somewhere else and writes it as an
/// ordinary `policies/` directory (`ecrguard.yaml`, the policy files, `import-report.json`) that
/// `ecrguard audit DIR` reads. Each source is one subcommand in this folder.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a policies/ directory from another source of the same state.",
        discussion: """
        Every import writes ecrguard.yaml, one JSON file per policy and import-report.json (what could not \
        be read, and where the state came from). The same source always gives the same bytes. What could \
        not be read fails 'ecrguard audit DIR' (severity high) until it is imported again.
        """,
        subcommands: [
            ImportGAADCommand.self,
            ImportTerraformCommand.self,
            ImportCloudFormationCommand.self,
            ImportLiveCommand.self,
            ImportSnapshotCommand.self,
        ])
}
