import Dispatch

/// Independent work shared out over threads, with results in the order of the input, whichever
/// thread finished first: a run with several workers gives exactly what a run with one gives.
/// The caller chooses the number of workers (the command line asks the machine, the core never does).
public enum ParallelWork {
    /// `transform` of every element, in the elements' order. With `workers` 1 (or one element) it
    /// runs on the calling thread, one element after another; otherwise up to `workers` threads each
    /// take every `workers`-th element (elements near each other are often alike in cost) and write
    /// each result into the element's own slot, so no two threads touch the same memory.
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], workers: Int, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let count = elements.count
        let threads = min(max(1, workers), count)
        guard threads > 1 else { return elements.map(transform) }
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                var index = worker
                while index < count {
                    slots.initialize(index, to: transform(elements[index]))
                    index += threads
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
