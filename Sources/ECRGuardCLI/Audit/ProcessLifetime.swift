/// Values left for the end of the process to free. `ecrguard` runs one command per process, and
/// `audit` ends right after writing its reports: freeing its audit result and report model one
/// allocation after another took ~60 ms on the main thread for a 10,000-repository registry, memory
/// the kernel takes back at once when the process exits. For values a command holds until it
/// returns (`runMain` exits right after); a command run inside another program keeps them too.
enum ProcessLifetime {
    private final class Holder<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Keeps `value` (and everything it references) until the process exits.
    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Holder(value))
    }
}
