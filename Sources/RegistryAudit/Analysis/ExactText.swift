/// A text compared and hashed by its UTF-8 bytes.
///
/// Swift's `==` on `String` treats canonically equivalent texts as equal (`é` and `e` followed by a
/// combining acute accent). To AWS they are different policies (its string conditions compare the
/// characters as sent), and to the parser they have different columns and lengths, so the audit's
/// tables of policy texts and decision forms are keyed by the bytes: two files share a parse, or a
/// decision form, only when their bytes are the same.
struct ExactText: Hashable, Sendable {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.hasSameBytes(as: rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
