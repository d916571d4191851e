import Dispatch
import Synchronization

/// Independent work shared out over threads, with results in the order of the input, whichever
/// thread finished first: a run with several workers gives exactly what a run with one gives.
/// The caller chooses the number of workers (the command line asks the machine, the core never does).
public enum ParallelWork {
    /// `transform` of every element, in the elements' order. With `workers` 1 (or one element) it
    /// runs on the calling thread, one element after another; otherwise up to `workers` threads each
    /// take the next element no thread has taken yet (one shared counter) and write its result into
    /// the element's own slot, so no two threads touch the same memory. Taking elements as they come,
    /// rather than a fixed share each, keeps every thread busy to the end when costs differ: a
    /// registry whose even-numbered policies were the costly ones left one of two threads waiting a
    /// third of the time, and so does a thread the machine slows down.
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], workers: Int, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let count = elements.count
        let threads = min(max(1, workers), count)
        guard threads > 1 else { return elements.map(transform) }
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            // Relaxed is enough: the counter only hands out indices; `concurrentPerform` returning
            // is what makes every slot's write visible to this thread.
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while case let index = next.wrappingAdd(1, ordering: .relaxed).oldValue, index < count {
                    slots.initialize(index, to: transform(elements[index]))
                }
            }
            initialized = count
        }
    }

    /// The result buffer as the workers see it. Not a shared mutable value: each index is written
    /// by exactly one worker, once, and the buffer is read only after `concurrentPerform` has
    /// returned (it waits for every worker), so no two threads ever touch the same element.
    private struct Slots<Result>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result>

        func initialize(_ index: Int, to value: consuming Result) {
            (base + index).initialize(to: value)
        }
    }
}

extension ParallelWork {
    /// Ends `value`'s life on another thread while the caller goes on, when `workers` allows a second
    /// thread (1: here, before returning). For a large structure nothing reads any more: freeing it
    /// one allocation after another is one thread's work that nothing waits for. The caller passes
    /// its last reference (`consume`), or the structure is freed wherever that reference ends.
    public static func release<Value: Sendable>(_ value: consuming Value, workers: Int) {
        guard workers > 1 else { return }
        let released = Released(value)
        DispatchQueue.global().async { released.free() }
    }

    /// A value on its way to being freed: only the thread `release` hands it to takes it out, so it
    /// is freed there whichever of the two threads lets go of the box last.
    private final class Released<Value: Sendable>: Sendable {
        private let value: Mutex<Value?>

        init(_ value: consuming Value) {
            self.value = Mutex(Optional(value))
        }

        func free() {
            value.withLock { $0 = nil }
        }
    }
}

extension ParallelWork {
    /// `first` on a thread of its own while `second` runs on the calling thread, when `workers`
    /// allows a second thread (1: `first`, then `second`, on the calling thread); both results once
    /// both have finished. For two independent stretches of work, so that one thread's serial work
    /// is not the only thing running while the other waits.
    public static func both<First: Sendable, Second>(
        workers: Int, _ first: @escaping @Sendable () -> First, _ second: () -> Second
    ) -> (First, Second) {
        guard workers > 1 else { return (first(), second()) }
        let result = Mutex<First?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let value = first()
            result.withLock { $0 = value }
            done.signal()
        }
        let secondValue = second()
        done.wait()
        return (result.withLock { $0.take()! }, secondValue)
    }
}
