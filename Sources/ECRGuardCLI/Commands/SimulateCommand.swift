import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'simulate' is not built yet")
    }
}
