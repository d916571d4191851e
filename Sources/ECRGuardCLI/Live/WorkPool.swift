import Foundation

/// A bounded pool of `width` threads working through a queue of jobs; a job may add more jobs (an ECR
/// Region's repository policies are queued once its repositories are listed). `run` returns when the
/// queue is empty and no job is running. `progress` is called after each job with (done, known so far).
final class WorkPool: @unchecked Sendable {
    typealias Job = @Sendable (WorkPool) -> Void

    let width: Int
    private var queue: [Job] = []
    private var head = 0
    private var running = 0
    private var finished = 0
    private let condition = NSCondition()
    private let progress: (@Sendable (Int, Int) -> Void)?

    init(width: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.width = max(1, width)
        self.progress = progress
    }

    func add(_ job: @escaping Job) {
        condition.lock()
        queue.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// Runs every job (and the jobs they add) on `width` threads and waits for all of them.
    func run() {
        let group = DispatchGroup()
        for index in 0..<width {
            group.enter()
            let thread = Thread { [self] in
                work()
                group.leave()
            }
            thread.name = "ecrguard-import-\(index)"
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
    }

    private func work() {
        while true {
            condition.lock()
            while head == queue.count && running > 0 { condition.wait() }
            if head == queue.count {
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = queue[head]
            queue[head] = { _ in }
            head += 1
            running += 1
            condition.unlock()

            job(self)

            condition.lock()
            running -= 1
            finished += 1
            let done = finished, known = queue.count
            condition.broadcast()
            condition.unlock()
            progress?(done, known)
        }
    }
}
