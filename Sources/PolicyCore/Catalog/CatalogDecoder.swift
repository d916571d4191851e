/// Decodes the action catalog (a whole data file, or one service of the embedded catalog) straight
/// from its bytes with the project's JSON scanner, without building a `JSONNode` tree for the 20,000 action members (only the few detailed ECR
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
            table[prefix.lowercased()] = try decodeService(prefix: prefix, depth: 3)
        } while try nextMember()
        return table
    }

    /// One service of the embedded catalog: its JSON object and nothing after it.
    mutating func decodeServiceEntry(prefix: String) throws -> ActionCatalog.Service {
        skipWhitespace()
        let service = try decodeService(prefix: prefix, depth: 1)
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describeByte(at: index)) after the end of the JSON value") }
        return service
    }

    /// `{"name": ..., "conditionKeys": [...], "actions": {...}}` at the scanner's position.
    mutating func decodeService(prefix: String, depth: Int) throws -> ActionCatalog.Service {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            _ = try parseValue(depth: depth)
            throw ActionCatalog.CatalogFormatError(message: "service '\(prefix)' has no 'actions' object")
        }
        var actions: [CaseFoldedKey: ActionDefinition]?
        var name: JSONNode?, conditionKeys: JSONNode?
        if try beginObject(depth: depth) {
            repeat {
                let key = try memberKey().string
                switch key {
                case "actions" where bytes[index] == UInt8(ascii: "{"):
                    actions = try decodeActions(service: prefix, depth: depth + 1)
                case "actions":
                    _ = try parseValue(depth: depth + 1)
                    actions = nil
                case "name": name = try parseValue(depth: depth + 1)
                case "conditionKeys": conditionKeys = try parseValue(depth: depth + 1)
                default: _ = try parseValue(depth: depth + 1)
                }
            } while try nextMember()
        }
        guard let actions else { throw ActionCatalog.CatalogFormatError(message: "service '\(prefix)' has no 'actions' object") }
        return ActionCatalog.Service(prefix: prefix, name: name?.stringValue ?? prefix, actions: actions,
                                     conditionKeys: ActionCatalog.strings(conditionKeys).map { $0.lowercased() })
    }

    mutating func decodeActions(service prefix: String, depth: Int) throws -> [CaseFoldedKey: ActionDefinition] {
        var definitions: [CaseFoldedKey: ActionDefinition] = [:]
        guard try beginObject(depth: depth) else { return definitions }
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
                let detail = try parseValue(depth: depth + 1)
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
