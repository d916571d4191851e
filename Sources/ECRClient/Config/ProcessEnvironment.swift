import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's environment variables, read straight from the C library's `environ`.
///
/// Foundation's `ProcessInfo.processInfo.environment` builds the same dictionary through `String`
/// searches that cost about 0.4 million instructions for 40 variables, a measurable part of an
/// `ecrguard ecr` call (docs/benchmarks.md). For the usual environment the answer is the same
/// (`ProcessEnvironmentTests`); for unusual ones it is deliberately what the C library answers:
/// - a name that appears twice: the first entry wins, as `getenv` (and libcurl) read it; Foundation
///   keeps the last;
/// - bytes that are not UTF-8: repaired, as `String(cString:)` does; Foundation skips the entry;
/// - an entry is split at its first `=` byte; an entry without one is skipped.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var count = 0
        while environ[count] != nil { count += 1 }
        // Sized once: a dictionary of Strings that grows runs the standard library's generic resize,
        // whose first call in a process looks up String's Hashable conformance by scanning every
        // conformance record of the binary (about 0.1 ms of each `ecrguard ecr` call).
        var variables = [String: String](minimumCapacity: count)
        var entry = environ
        while let pointer = entry.pointee {
            let length = strlen(pointer)
            pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                let text = UnsafeBufferPointer(start: bytes, count: length)
                if let equals = text.firstIndex(of: UInt8(ascii: "=")) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: text[..<equals]), as: UTF8.self)
                    if variables[name] == nil {
                        variables[name] = String(decoding: UnsafeBufferPointer(rebasing: text[(equals + 1)...]), as: UTF8.self)
                    }
                }
            }
            entry += 1
        }
        return variables
    }
}
