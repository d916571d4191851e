import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct ECRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ecr", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'ecr' is not built yet")
    }
}
