/// A copy of an array's elements in memory that an immutable class allocates in its initialiser
/// and frees in its `deinit` (`release()`), read through a plain pointer.
///
/// Why: evaluation reads the statements and action index of each policy millions of times.
/// Reading a stored array of a class (subscript or `withUnsafeBufferPointer`) retains and releases
/// the array's buffer on every call; this pointer and count are trivial values, read for free.
/// The owner must be immutable and call `release()` exactly once, in its `deinit`.
struct OwnedBuffer<Element>: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        base = .allocate(capacity: elements.count)
        _ = base.initialize(from: elements)
    }

    var count: Int { base.count }

    @inline(__always)
    subscript(i: Int) -> Element { base[i] }

    /// The element at `i` in place, borrowed for `body` (the subscript returns a copy, which for an
    /// element holding references retains each of them).
    @inline(__always)
    func withElement<R>(_ i: Int, _ body: (UnsafePointer<Element>) -> R) -> R {
        body(UnsafePointer(base.baseAddress! + i))
    }

    func release() {
        base.deinitialize()
        base.deallocate()
    }
}
