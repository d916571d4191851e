import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'check' is not built yet")
    }
}
