import PolicyCore
import RegistryAudit
import RegistryImport

extension ImportGap {
    /// `IAC_VALUE_UNKNOWN`: a value only deployment, another stack or a missing option knows.
    static func valueUnknown(_ message: String, at location: ManifestLocation, subject: String) -> ImportGap {
        ImportGap(code: ImportDescriptors.iacValueUnknown.code, location: location, subject: subject, message: message)
    }

    /// `IAC_UNSUPPORTED`: something the manifest model cannot represent.
    static func unsupported(_ message: String, at location: ManifestLocation, subject: String) -> ImportGap {
        ImportGap(code: ImportDescriptors.iacUnsupported.code, location: location, subject: subject, message: message)
    }
}

/// A policy document read from a template: its JSON text and the template property it came from.
public struct TemplatePolicy: Sendable, Hashable {
    public var text: String
    /// `Resources.<LogicalId>.Properties.<Property>`.
    public var origin: String
    public var location: ManifestLocation
    /// Where each part of a policy written as a mapping is in the template, by JSON path
    /// (`Statement[1].Principal.AWS`, `""` for the document); a policy written as a JSON string has
    /// only `""`.
    public var sourceMap: [String: ManifestLocation]

    public init(text: String, origin: String, location: ManifestLocation, sourceMap: [String: ManifestLocation] = [:]) {
        self.text = text
        self.origin = origin
        self.location = location
        self.sourceMap = sourceMap.isEmpty ? ["": location] : sourceMap
    }

    /// The template location of the innermost part of the policy at `jsonPath` that the map knows.
    public func templateLocation(of jsonPath: String) -> ManifestLocation {
        var path = Substring(jsonPath)
        while true {
            if let location = sourceMap[String(path)] { return location }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return sourceMap[""] ?? location }
            path = path[..<cut]
        }
    }
}

extension TemplateValue {
    /// Every part's location by JSON path, as `JSONNode.path(to:)` names paths.
    var sourceMap: [String: ManifestLocation] {
        var map: [String: ManifestLocation] = [:]
        func walk(_ value: TemplateValue, _ path: String) {
            map[path] = value.location
            switch value.kind {
            case .map(let members):
                for member in members { walk(member.value, JSONNode.appending(key: member.key, to: path)) }
            case .list(let elements):
                for (index, element) in elements.enumerated() { walk(element, path + "[\(index)]") }
            default: break
            }
        }
        walk(self, "")
        return map
    }
}
