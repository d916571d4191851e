import ArgumentParser

// Placeholder until its issue lands; it refuses to run rather than pretend.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "(not built yet)")

    func run() throws {
        throw CLIFailure.runtime("'plan' is not built yet")
    }
}
