import ArgumentParser
import Foundation

/// `audit --jobs N`: how many threads parse, check and render at once; a whole number from 1 up
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
