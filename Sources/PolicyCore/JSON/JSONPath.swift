import Foundation

extension JSONNode {
    /// The JSON path (`Statement[2].Principal.AWS[0]`) of the innermost key or value that contains
    /// the byte `offset`; empty for the document itself. Lets any pass name the element a span
    /// points at without carrying paths in the model.
    public func path(to offset: Int) -> String {
        var path = ""
        var node = self
        while true {
            switch node.kind {
            case .object(let members):
                guard let member = members.last(where: { $0.keySpan.start.offset <= offset && offset < $0.value.span.end.offset }) else {
                    return path
                }
                path = JSONNode.appending(key: member.key, to: path)
                if offset < member.value.span.start.offset { return path }
                node = member.value
            case .array(let elements):
                guard let i = elements.firstIndex(where: { $0.span.start.offset <= offset && offset < $0.span.end.offset }) else {
                    return path
                }
                path += "[\(i)]"
                node = elements[i]
            default:
                return path
            }
        }
    }

    /// `path.key`, or `path["key"]` when the key would make the dotted form ambiguous.
    public static func appending(key: String, to path: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: " ") }
        if !plain {
            let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return path + "[\"" + escaped + "\"]"
        }
        return path.isEmpty ? key : path + "." + key
    }
}
