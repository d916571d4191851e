import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct WhoCanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "who-can", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'who-can' is not built yet")
    }
}
