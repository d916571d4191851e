import Foundation
import TestSupport
import XCTest

/// The binary is complete on its own: copied alone into an empty directory, and run where the
/// repository (its sources and build folder) cannot be seen, it still knows every AWS action.
final class InstalledBinaryTests: XCTestCase {
    func testACopiedBinaryStillRejectsAnUnknownAction() throws {
        let unshare = try TestRequirements.executable("unshare")
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-installed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let bin = temporary.appendingPathComponent("bin"), work = temporary.appendingPathComponent("work"), empty = temporary.appendingPathComponent("empty")
        for dir in [bin, work, empty] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        try FileManager.default.copyItem(at: ecrguardExecutable(), to: bin.appendingPathComponent("ecrguard"))
        try Data(InputErrorTests.typo.utf8).write(to: work.appendingPathComponent("policy.json"))

        // A private mount namespace in which the repository is an empty folder: no resource bundle
        // beside the build, no source tree to fall back on.
        let script = #"mount --bind "$1" "$2" && cd "$3" && exec "$4" check policy.json --account 123456789012"#
        let arguments = ["--mount", "--map-root-user", "sh", "-c", script, "sh", empty.path, repositoryRoot.path, work.path,
                         bin.appendingPathComponent("ecrguard").path]
        let probe = try runProcess(URL(fileURLWithPath: unshare), ["--mount", "--map-root-user", "sh", "-c", #"mount --bind "$1" "$2" && test ! -e "$2/Package.swift""#,
                                                                   "sh", empty.path, repositoryRoot.path])
        if probe.status != 0 { try TestRequirements.unmet("unshare with a private mount namespace (\(probe.stderr))") }

        let result = try runProcess(URL(fileURLWithPath: unshare), arguments)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("policy.json:1:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("INVALID_ACTION 'ecr:PutImagee' is not an action of ecr; did you mean ecr:PutImage?"), result.stdout)
    }
}
