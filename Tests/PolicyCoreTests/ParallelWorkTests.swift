import Foundation
import PolicyCore
import XCTest

final class ParallelWorkTests: XCTestCase {
    /// Results come in the order of the input, not in the order the threads finish: here the first
    /// elements take longest, so a map that collected results as they came would reverse them.
    func testResultsInInputOrderWhenLaterElementsFinishFirst() {
        let elements = Array(0..<24)
        let finished = Recorder()
        let results = ParallelWork.map(elements, workers: 4) { element -> String in
            usleep(UInt32(24 - element) * 1_500)
            finished.append(element)
            return "result \(element)"
        }
        XCTAssertEqual(results, elements.map { "result \($0)" })
        XCTAssertNotEqual(finished.values, elements, "the elements must finish out of order for this test to mean anything")
    }

    func testOneWorkerRunsInOrderOnTheCallingThread() {
        let caller = pthread_self()
        let order = Recorder()
        let results = ParallelWork.map(Array(0..<10), workers: 1) { element -> Int in
            XCTAssertNotEqual(pthread_equal(pthread_self(), caller), 0)
            order.append(element)
            return element * element
        }
        XCTAssertEqual(results, (0..<10).map { $0 * $0 })
        XCTAssertEqual(order.values, Array(0..<10))
    }

    /// Threads take elements as they come, not a fixed share: when every other element is the costly
    /// one, both threads still get costly elements (a fixed stride of two gave them all to one thread,
    /// which the other then waited for).
    func testCostlyElementsAreSharedWhateverTheirPositions() {
        let costlyThreads = Recorder()
        _ = ParallelWork.map(Array(0..<48), workers: 2) { element -> Int in
            if element % 2 == 0 {
                costlyThreads.append(Int(bitPattern: UInt(pthread_self())))
                usleep(5_000)
            }
            return element
        }
        XCTAssertEqual(costlyThreads.values.count, 24)
        XCTAssertEqual(Set(costlyThreads.values).count, 2, "one thread did every costly element")
    }

    func testEveryElementOnceWhateverTheWorkers() {
        for workers in [0, 1, 2, 3, 7, 100] {
            let seen = Recorder()
            let results = ParallelWork.map(Array(0..<50), workers: workers) { element -> Int in
                seen.append(element)
                return element + 1
            }
            XCTAssertEqual(results, Array(1...50), "workers \(workers)")
            XCTAssertEqual(seen.values.sorted(), Array(0..<50), "workers \(workers)")
        }
        XCTAssertEqual(ParallelWork.map([Int](), workers: 4) { $0 }, [])
    }

    /// With several workers `both` runs its two closures at the same time: the first waits for a
    /// signal only the second sends (run one after the other, it would time out). With one worker,
    /// first then second on the calling thread.
    func testBothRunsTheTwoAtOnceWithSeveralWorkers() {
        let caller = Int(bitPattern: UInt(pthread_self()))
        let secondStarted = DispatchSemaphore(value: 0)
        let (first, second) = ParallelWork.both(workers: 2, { () -> (sawSecond: Bool, thread: Int) in
            (secondStarted.wait(timeout: .now() + 30) == .success, Int(bitPattern: UInt(pthread_self())))
        }) { () -> Int in
            secondStarted.signal()
            return Int(bitPattern: UInt(pthread_self()))
        }
        XCTAssertTrue(first.sawSecond, "the first ran while the second did")
        XCTAssertNotEqual(first.thread, caller, "the first on a thread of its own")
        XCTAssertEqual(second, caller, "the second on the calling thread")

        let order = Recorder()
        let (one, two) = ParallelWork.both(workers: 1, { () -> Int in order.append(1); return Int(bitPattern: UInt(pthread_self())) }) {
            order.append(2)
            return "second"
        }
        XCTAssertEqual(order.values, [1, 2])
        XCTAssertEqual(one, caller)
        XCTAssertEqual(two, "second")
    }

    /// A value released with several workers is freed on another thread, after `release` has
    /// returned; with one worker, on the calling thread before it returns.
    func testReleaseFreesOnAnotherThreadWithSeveralWorkers() {
        let caller = Int(bitPattern: UInt(pthread_self()))
        let freedOn = Recorder()
        let freed = DispatchSemaphore(value: 0)
        ParallelWork.release([Tracked { freedOn.append($0); freed.signal() }, Tracked { freedOn.append($0); freed.signal() }], workers: 2)
        XCTAssertEqual(freed.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(freed.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(freedOn.values.count, 2)
        XCTAssertFalse(freedOn.values.contains(caller), "freed on another thread")

        ParallelWork.release([Tracked { freedOn.append($0) }], workers: 1)
        XCTAssertEqual(freedOn.values.count, 3, "freed before release returned")
        XCTAssertEqual(freedOn.values.last, caller, "freed on the calling thread")
    }
}

/// What the closures saw, in the order they saw it (the test's own bookkeeping, behind a lock).
/// Tells, when it is freed, on which thread.
private final class Tracked: Sendable {
    let freed: @Sendable (Int) -> Void

    init(_ freed: @escaping @Sendable (Int) -> Void) {
        self.freed = freed
    }

    deinit {
        freed(Int(bitPattern: UInt(pthread_self())))
    }
}

private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Int] = []

    func append(_ value: Int) {
        lock.lock()
        recorded.append(value)
        lock.unlock()
    }

    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}
