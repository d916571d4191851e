import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'apply' is not built yet")
    }
}
