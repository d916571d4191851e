import ArgumentParser
import Foundation

/// `--jobs N`: how many threads parse, check and render at once; a whole number from 1 up
/// (anything else is a usage error naming the option). 1 runs everything one after another.
struct JobCount: ExpressibleByArgument, Sendable {
    var value: Int

    init?(argument: String) {
        guard let value = Int(argument), value >= 1 else { return nil }
        self.value = value
    }

    init(_ value: Int) {
        self.value = max(1, value)
    }

    /// The processors this process may run on (its CPU affinity), the default.
    static var available: JobCount { JobCount(ProcessInfo.processInfo.activeProcessorCount) }
}

/// `--jobs` of the commands that audit a registry (`audit`, `diff`).
struct JobOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How many policy files are parsed and checked (and audit's reports rendered) at the same time (1: one after another); default: the number of processors available. The results are the same whatever the number.",
                               valueName: "n"))
    var jobs: JobCount?

    /// `--jobs`, else the processors available.
    var workers: Int { (jobs ?? .available).value }
}
