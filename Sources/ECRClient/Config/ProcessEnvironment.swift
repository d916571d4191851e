import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's environment variables, read straight from the C library's `environ`.
///
/// `ProcessEnvironment.current()` builds the same dictionary through `String` searches that
/// cost about 0.4 million instructions for 40 variables, a measurable part of an `ecrguard ecr` call
/// (docs/benchmarks.md). Entries are split at their first `=`; an entry without one is skipped; when a
/// name appears twice the first entry wins, as `getenv` answers. Bytes that are not UTF-8 are repaired,
/// as `String(cString:)` does.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var variables: [String: String] = [:]
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
