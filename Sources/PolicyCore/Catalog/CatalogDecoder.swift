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
                let key = try memberKey()
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
            let prefix = try memberKey()
            guard bytes[index] == UInt8(ascii: "{") else {
                _ = try parseValue(depth: 3)
                throw ActionCatalog.CatalogFormatError(message: "service '\(prefix)' has no 'actions' object")
            }
            var actions: [CaseFoldedKey: ActionDefinition]?
            var name: JSONNode?, conditionKeys: JSONNode?
            if try beginObject(depth: 3) {
                repeat {
                    let key = try memberKey()
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
            let name = try memberKey()
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

    /// Consumes `{` and the whitespace after it; false (having consumed `}`) when the object is empty.
    mutating func beginObject(depth: Int) throws(JSONSyntaxError) -> Bool {
        try enter(depth)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return false
        }
        return true
    }

    /// Reads `"key" :` and the whitespace after it; leaves `index` at the value's first byte.
    mutating func memberKey() throws(JSONSyntaxError) -> String {
        guard index < bytes.count else { throw error("unexpected end of input inside an object; expected '}'") }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw error("unexpected \(describeByte(at: index)); expected an object key in double quotes")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected ':' after the object key")
        }
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        return key
    }

    /// After a member's value: true at `,` (consumed, with the whitespace after it), false at `}` (consumed).
    mutating func nextMember() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input inside an object; expected ',' or '}'") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { throw error("trailing comma before '}' is not allowed in JSON") }
            return true
        case UInt8(ascii: "}"):
            index += 1
            return false
        default:
            throw error("unexpected \(describeByte(at: index)); expected ',' or '}' after an object member")
        }
    }
}
