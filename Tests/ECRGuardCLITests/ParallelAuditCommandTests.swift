import Foundation
import TestSupport
import XCTest

/// `audit --jobs N`: any number of jobs gives the terminal output, exit code and report bytes of
/// `--jobs 1`; a number that is not a whole number from 1 up is a usage error naming the option.
final class ParallelAuditCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The reports of one run with the generation time masked, by file name.
    private func reports(in directory: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            result[name] = text.replacingOccurrences(of: #"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"#, with: "TIME",
                                                     options: .regularExpression)
        }
        return result
    }

    func testEveryNumberOfJobsGivesTheSerialRun() throws {
        let registry = scratch.appendingPathComponent("registry")
        let fixture = MixedRegistryFixture.generate(repositories: 120)
        for (path, text) in fixture.files.merging(["ecrguard.yaml": fixture.manifest], uniquingKeysWith: { a, _ in a }) {
            let target = registry.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: target, atomically: true, encoding: .utf8)
        }
        func run(_ jobs: [String], _ out: String) throws -> (ProcessResult, [String: String]) {
            let directory = scratch.appendingPathComponent(out)
            var result = try runEcrguard(["audit", registry.path, "--out", directory.path] + jobs)
            result.stdout = result.stdout.replacingOccurrences(of: directory.path, with: "OUT")
            return (result, try reports(in: directory))
        }
        let (serial, serialReports) = try run(["--jobs", "1"], "serial")
        // Policies that are not JSON fail closed (exit 2), each named with its location.
        XCTAssertEqual(serial.status, 2, serial.stdout)
        XCTAssertTrue(serial.stdout.contains("repositories/service-3.json:1:"), serial.stdout)
        XCTAssertTrue(serial.stdout.contains("PUBLIC_ACCESS"), serial.stdout)
        XCTAssertEqual(serialReports.keys.sorted(), ["junit.xml", "report.html", "report.json", "results.sarif"])
        for jobs in [["--jobs", "4"], ["--jobs", "3"], []] {
            let (parallel, parallelReports) = try run(jobs, "jobs\(jobs.last ?? "-default")")
            XCTAssertEqual(parallel.status, serial.status, "\(jobs)")
            XCTAssertEqual(parallel.stdout, serial.stdout, "\(jobs)")
            XCTAssertEqual(parallel.stderr, serial.stderr, "\(jobs)")
            for (name, text) in serialReports { XCTAssertTrue(parallelReports[name] == text, "\(name) with \(jobs)") }
        }
    }

    func testJobsMustBeAWholeNumberFromOne() throws {
        for value in ["0", "-2", "x", "1.5", ""] {
            let result = try runEcrguard(["audit", "--jobs", value, "--out", scratch.appendingPathComponent("r").path])
            XCTAssertEqual(result.status, 64, "--jobs \(value): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("--jobs"), "--jobs \(value): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Unknown option"), "--jobs \(value): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("r").path), "a usage error writes no reports")
        let accepted = try runEcrguard(["audit", repositoryRoot.appendingPathComponent("policies").path, "--jobs", "2",
                                        "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(accepted.status, 0, accepted.stdout + accepted.stderr)
    }

    /// `diff` audits both sides with the same `--jobs`: the same answer whatever the number.
    func testDiffTakesJobs() throws {
        let policies = repositoryRoot.appendingPathComponent("policies")
        let head = scratch.appendingPathComponent("head")
        try FileManager.default.copyItem(at: policies, to: head)
        let ci = head.appendingPathComponent("identity/ci-push.json")
        let text = try String(contentsOf: ci, encoding: .utf8)
        XCTAssertTrue(text.contains("\"ecr:PutImage\""), "fixture drifted")
        try text.replacingOccurrences(of: "\"ecr:PutImage\"", with: "\"ecr:PutImage\", \"ecr:BatchDeleteImage\", \"ecr:DeleteRepository\"")
            .write(to: ci, atomically: true, encoding: .utf8)
        let serial = try runEcrguard(["diff", policies.path, head.path, "--jobs", "1"])
        XCTAssertEqual(serial.status, 1, serial.stdout + serial.stderr)
        XCTAssertTrue(serial.stdout.contains("delete"), serial.stdout)
        let parallel = try runEcrguard(["diff", policies.path, head.path, "--jobs", "3"])
        XCTAssertEqual(parallel.status, serial.status)
        XCTAssertEqual(parallel.stdout, serial.stdout)
        XCTAssertEqual(try runEcrguard(["diff", policies.path, head.path, "--jobs", "0"]).status, 64)
    }
}
