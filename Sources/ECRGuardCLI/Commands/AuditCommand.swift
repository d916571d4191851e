import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'audit' is not built yet")
    }
}
