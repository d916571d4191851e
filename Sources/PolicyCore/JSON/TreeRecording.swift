/// The `JSONNode` tree of what a streaming reader reads, built while it reads: for a reader that
/// needs the tree as well (the policy parser validates against it), so the text is scanned once,
/// not once for the model and again for the tree.
///
/// The scanner feeds it (`JSONScanner.recording`): containers as they open and close, keys, string
/// values, and every value read whole with `parseValue` (during which it is paused, as that value
/// arrives as one node). The tree is exactly the one `JSONParser.parse` builds from the same text:
/// the same steps make the same strings and spans (`PolicyParserTests` compares the two).
struct TreeRecording {
    /// An object or array whose members are still being read.
    private struct Frame {
        var start: SourcePosition
        var isObject: Bool
        var members: [JSONMember] = []
        var elements: [JSONNode] = []
        /// The key of the member whose value comes next (objects).
        var key = ""
        var keySpan = SourceSpan.unknown
    }

    private var frames: [Frame] = []
    /// The whole value, once the top-level value is complete.
    private(set) var root: JSONNode?
    /// More than 0 while `parseValue` builds a value itself.
    var paused = 0

    init() {
        frames.reserveCapacity(8)
    }

    mutating func open(object: Bool, at start: SourcePosition) {
        frames.append(Frame(start: start, isObject: object))
        // Policy objects and lists mostly have 2-6 entries (as `parseObject` reserves).
        innermost { frame in
            if object { frame.members.reserveCapacity(6) } else { frame.elements.reserveCapacity(6) }
        }
    }

    mutating func key(_ key: String, span: SourceSpan) {
        innermost { frame in
            frame.key = key
            frame.keySpan = span
        }
    }

    mutating func close(at end: SourcePosition) {
        let frame = frames.removeLast()
        let kind: JSONNode.Kind = frame.isObject ? .object(frame.members.fitted()) : .array(frame.elements.fitted())
        emit(JSONNode(kind, span: SourceSpan(start: frame.start, end: end)))
    }

    /// A complete value: the next member or element of the innermost open container, or the root.
    mutating func emit(_ node: JSONNode) {
        guard !frames.isEmpty else {
            root = node
            return
        }
        innermost { frame in
            if frame.isObject {
                frame.members.append(JSONMember(key: frame.key, keySpan: frame.keySpan, value: node))
            } else {
                frame.elements.append(node)
            }
        }
    }

    /// The innermost open container, changed in place (reading `frames[i].field` copies the whole
    /// frame, with a retain and a release of each of its arrays and its key).
    @inline(__always)
    private mutating func innermost(_ body: (inout Frame) -> Void) {
        frames.withUnsafeMutableBufferPointer { buffer in body(&buffer[buffer.count - 1]) }
    }
}

extension Array {
    /// The elements in an array of their own size when two or more reserved slots are empty. A
    /// JSON tree's objects and arrays reserve six entries while they are read (most policy objects
    /// have two to six), and a tree lives until the checks are done: most have one or two members.
    func fitted() -> [Element] {
        guard capacity - count >= 2 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            withUnsafeBufferPointer { source in
                if let base = source.baseAddress { buffer.baseAddress!.initialize(from: base, count: source.count) }
            }
            initialized = count
        }
    }
}
