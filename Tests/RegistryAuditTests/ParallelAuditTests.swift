import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import TestSupport
import XCTest

/// An audit whose policy work is shared out over threads gives exactly the audit done one file after
/// another: findings and their order, the input errors (policies that are not JSON fail closed, same
/// messages, same order), the access matrix, replication, expectations.
final class ParallelAuditTests: XCTestCase {
    private func input(repositories: Int) throws -> RegistryInput {
        let fixture = MixedRegistryFixture.generate(repositories: repositories)
        return try RegistryLoader.load(manifestText: fixture.manifest, manifestPath: "ecrguard.yaml", directory: ".",
                                       read: InMemoryFiles(files: fixture.files).reader)
    }

    /// Everything an audit result says, as text (the matrix's cells included).
    private func summary(_ result: RegistryAuditResult) -> [String] {
        [String(describing: result.matrix), String(describing: result.replication), String(describing: result.expectations),
         String(describing: result.pullThroughCache)]
    }

    func testEveryNumberOfWorkersGivesTheSerialAudit() throws {
        let input = try input(repositories: 160)
        let serial = RegistryAuditor(check: AuditPolicyChecks.all, workers: 1).audit(input)
        // The fixture exercises what it must: re-pointed findings of shared texts, texts checked every
        // time, and policies that are not JSON (a duplicated text among them).
        XCTAssertGreaterThan(serial.findings.filter { $0.code == "PUBLIC_ACCESS" && $0.file.hasPrefix("repositories/") }.count, 30)
        let unreadable = serial.inputErrors.map(\.location.file)
        XCTAssertTrue(unreadable.contains("repositories/service-3.json") && unreadable.contains("repositories/service-20.json"), "\(unreadable)")
        XCTAssertTrue(unreadable.contains("repositories/service-4.json") && unreadable.contains("repositories/service-2.json"), "\(unreadable)")
        XCTAssertTrue(unreadable.contains("identity/broken.json"), "\(unreadable)")
        XCTAssertEqual(unreadable, unreadable.sorted(), "input errors in file order")
        for workers in [2, 3, 8, 500] {
            let parallel = RegistryAuditor(check: AuditPolicyChecks.all, workers: workers).audit(input)
            XCTAssertEqual(parallel.findings, serial.findings, "findings with \(workers) workers")
            XCTAssertEqual(parallel.inputErrors, serial.inputErrors, "input errors with \(workers) workers")
            XCTAssertEqual(summary(parallel), summary(serial), "matrix, replication, expectations with \(workers) workers")
        }
    }

    /// Without checks the audit reports the parser's findings; they too come in file order.
    func testParserFindingsInFileOrderWithWorkers() throws {
        let input = try input(repositories: 60)
        let serial = RegistryAuditor(workers: 1).audit(input)
        XCTAssertFalse(serial.findings.isEmpty)
        let parallel = RegistryAuditor(workers: 4).audit(input)
        XCTAssertEqual(parallel.findings, serial.findings)
        XCTAssertEqual(parallel.inputErrors, serial.inputErrors)
    }

    /// The work really is shared out: checks run on more than one thread when asked (a parallel
    /// audit that quietly ran serially would pass the comparisons above).
    func testChecksRunOnSeveralThreads() throws {
        let input = try input(repositories: 80)
        let threads = ThreadSet()
        let check: PolicyCheck = { policy, attachment in
            threads.insert(pthread_self())
            usleep(2_000)
            return AuditPolicyChecks.all(policy, attachment)
        }
        _ = RegistryAuditor(check: check, workers: 4).audit(input)
        XCTAssertGreaterThan(threads.count, 1)
        let serialThreads = ThreadSet()
        let serialCheck: PolicyCheck = { policy, attachment in
            serialThreads.insert(pthread_self())
            return AuditPolicyChecks.all(policy, attachment)
        }
        _ = RegistryAuditor(check: serialCheck, workers: 1).audit(input)
        XCTAssertEqual(serialThreads.count, 1)
    }
}

/// The threads a test's closures ran on (the test's own bookkeeping, behind a lock).
private final class ThreadSet: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [pthread_t] = []

    func insert(_ thread: pthread_t) {
        lock.lock()
        if !seen.contains(where: { pthread_equal($0, thread) != 0 }) { seen.append(thread) }
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return seen.count
    }
}
