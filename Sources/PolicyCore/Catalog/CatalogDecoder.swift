/// Decodes `Catalog/Data/catalog.json` straight from its bytes with the project's JSON scanner,
/// without building a `JSONNode` tree for the 20,000 action members (only the few detailed ECR
/// actions and the small top-level values go through the generic parser). Strict JSON as ever:
/// anything the scanner rejects is a `JSONSyntaxError`; a well-formed file of the wrong shape is a
/// `CatalogFormatError`.
extension JSONScanner {
    mutating func decodeCatalog() throws -> ActionCatalog {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            _ = try parseDocument()
            throw ActionCatalog.CatalogFormatError(message: "the catalog has no 'services' object")
        }
        var services: [String: ActionCatalog.Service]?
        var globalKeys: JSONNode?, source: JSONNode?, generated: JSONNode?
        if try beginObject(depth: 1) {
            repeat {
                let key = try memberKey().string
                switch key {
                case "services" where bytes[index] == UInt8(ascii: "{"):
                    services = try decodeServices()
                case "services":
                    _ = try parseValue(depth: 2)
                    services = nil
                case "globalConditionKeys": globalKeys = try parseValue(depth: 2)
                case "source": source = try parseValue(depth: 2)
                case "generated": generated = try parseValue(depth: 2)
                default: _ = try parseValue(depth: 2)
                }
            } while try nextMember()
        }
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describeByte(at: index)) after the end of the JSON value") }
        guard let services else { throw ActionCatalog.CatalogFormatError(message: "the catalog has no 'services' object") }
        return ActionCatalog(services: services, globalConditionKeys: ActionCatalog.strings(globalKeys).map { $0.lowercased() },
                             source: source?.stringValue ?? "unknown", generated: generated?.stringValue ?? "unknown")
    }

    mutating func decodeServices() throws -> [String: ActionCatalog.Service] {
        var table: [String: ActionCatalog.Service] = [:]
        table.reserveCapacity(512)
        guard try beginObject(depth: 2) else { return table }
        repeat {
            let prefix = try memberKey().string
            guard bytes[index] == UInt8(ascii: "{") else {
                _ = try parseValue(depth: 3)
                throw ActionCatalog.CatalogFormatError(message: "service '\(prefix)' has no 'actions' object")
            }
            var actions: [CaseFoldedKey: ActionDefinition]?
            var name: JSONNode?, conditionKeys: JSONNode?
            if try beginObject(depth: 3) {
                repeat {
                    let key = try memberKey().string
                    switch key {
                    case "actions" where bytes[index] == UInt8(ascii: "{"):
                        actions = try decodeActions(service: prefix)
                    case "actions":
                        _ = try parseValue(depth: 4)
                        actions = nil
                    case "name": name = try parseValue(depth: 4)
                    case "conditionKeys": conditionKeys = try parseValue(depth: 4)
                    default: _ = try parseValue(depth: 4)
                    }
                } while try nextMember()
            }
            guard let actions else { throw ActionCatalog.CatalogFormatError(message: "service '\(prefix)' has no 'actions' object") }
            table[prefix.lowercased()] = ActionCatalog.Service(prefix: prefix, name: name?.stringValue ?? prefix, actions: actions,
                                                               conditionKeys: ActionCatalog.strings(conditionKeys).map { $0.lowercased() })
        } while try nextMember()
        return table
    }

    mutating func decodeActions(service prefix: String) throws -> [CaseFoldedKey: ActionDefinition] {
        var definitions: [CaseFoldedKey: ActionDefinition] = [:]
        guard try beginObject(depth: 4) else { return definitions }
        definitions.reserveCapacity(64)
        repeat {
            let name = try memberKey().string
            if bytes[index] == UInt8(ascii: "\"") {
                let code = try parseString()
                guard let level = AccessLevel(code: code) else {
                    throw ActionCatalog.CatalogFormatError(message: "action '\(prefix):\(name)' has no valid access level")
                }
                definitions[CaseFoldedKey(stored: name)] = ActionDefinition(service: prefix, name: name, accessLevel: level)
            } else {
                let detail = try parseValue(depth: 5)
                guard let d = detail.members, let code = ActionCatalog.member("a", of: d)?.stringValue, let level = AccessLevel(code: code) else {
                    throw ActionCatalog.CatalogFormatError(message: "action '\(prefix):\(name)' has no valid access level")
                }
                definitions[CaseFoldedKey(stored: name)] = ActionDefinition(
                    service: prefix, name: name, accessLevel: level,
                    resourceTypes: ActionCatalog.strings(ActionCatalog.member("r", of: d)),
                    conditionKeys: ActionCatalog.strings(ActionCatalog.member("c", of: d)),
                    isDetailed: true, note: ActionCatalog.member("note", of: d)?.stringValue)
            }
        } while try nextMember()
        return definitions
    }
}
