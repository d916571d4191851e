import Foundation

extension Data {
    /// The UTF-8 bytes of `text`. `Data(text.utf8)` goes through `Data.init(_: some Sequence)`, whose
    /// first use asks the runtime whether `String.UTF8View` is `ContiguousBytes`: a lookup that scans
    /// every protocol conformance record in the binary (0.37 million instructions), a measurable part
    /// of an `ecrguard ecr` call. This copies the string's contiguous UTF-8 storage directly. Use it on
    /// the path of an `ecrguard ecr` call (request bodies, what a call prints): the saving is lost as
    /// soon as any `Data(text.utf8)` runs in the same process.
    public init(utf8Of text: String) {
        var text = text
        self = text.withUTF8 { Data(buffer: $0) }
    }
}
