import Foundation
import TestSupport
import XCTest

/// The README's GitHub Actions and GitLab CI snippets must work: every `ecrguard` command line in
/// them runs against the bundled policies in a git checkout whose base worktree is at `../base`, as
/// the snippets set it up, and produces what the next steps read.
final class ReadmeCISnippetTests: XCTestCase {
    /// The YAML blocks of the README section on pull requests and CI.
    static func snippets() throws -> [String] {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "## Pull requests and CI"))
        let rest = readme[start.upperBound...]
        let section = rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
        return section.components(separatedBy: "```yaml\n").dropFirst().map { String($0.components(separatedBy: "```")[0]) }
    }

    /// `ecrguard ...` up to a redirection or `||`, from each line that runs one.
    static func commands(_ snippet: String) -> [String] {
        snippet.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "ecrguard ")?.lowerBound, !line[..<start].contains("#"),
                  line[..<start].allSatisfy({ " -:run|".contains($0) }) else { return nil }
            var command = String(line[start...])
            for end in [" > ", " || ", " | "] { if let r = command.range(of: end) { command = String(command[..<r.lowerBound]) } }
            return command
        }
    }

    func testEveryEcrguardCommandOfTheSnippetsWorks() throws {
        let snippets = try Self.snippets()
        XCTAssertEqual(snippets.count, 2, "GitHub Actions and GitLab CI")
        let checkout = try DiffCommandTests.makeCheckout(for: self)
        let bash = try TestRequirements.executable("bash")
        var ran = 0
        for snippet in snippets {
            XCTAssertTrue(snippet.contains("git worktree add ../base "), snippet)
            let commands = Self.commands(snippet)
            XCTAssertEqual(commands.filter { $0.hasPrefix("ecrguard audit ") }.count, 1, snippet)
            XCTAssertEqual(commands.filter { $0.hasPrefix("ecrguard diff ") }.count, 1, snippet)
            for command in commands {
                // GitHub's expressions and GitLab's variables stand for URLs and commits here.
                let line = command.replacingOccurrences(of: #"\$\{\{[^}]*\}\}"#, with: "https://example.invalid", options: .regularExpression)
                var environment = ProcessInfo.processInfo.environment
                environment["PATH"] = ecrguardExecutable().deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
                environment["CI_PROJECT_URL"] = "https://gitlab.example.invalid/group/project"
                environment["CI_COMMIT_SHA"] = "0123abc"
                let result = try runProcess(URL(fileURLWithPath: bash), ["-c", line], environment: environment, currentDirectory: checkout.repository)
                XCTAssertTrue([0, 1].contains(result.status), "\(line): exit \(result.status)\n\(result.stderr)")
                if command.hasPrefix("ecrguard diff ") {
                    XCTAssertEqual(result.status, 0, "no change, no new access: \(result.stderr)")
                    XCTAssertTrue(result.stdout.hasPrefix("## ecrguard diff: no new access"), result.stdout)
                }
                if command.hasPrefix("ecrguard audit ") {
                    let reports = checkout.repository.appendingPathComponent("Reports")
                    let sarif = try Data(contentsOf: reports.appendingPathComponent("results.sarif"))
                    XCTAssertEqual(try SARIFSchema.errors(sarif), [])
                    XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent("junit.xml").path))
                    try FileManager.default.removeItem(at: reports)
                }
                ran += 1
            }
        }
        XCTAssertEqual(ran, 4)
    }
}
