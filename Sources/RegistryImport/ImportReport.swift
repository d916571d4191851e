import PolicyCore
import RegistryAudit

/// `import-report.json`: what an import could not read (its gaps) and where its state came from.
/// Written beside `ecrguard.yaml`; `audit DIR` reads it back, so an imported directory with gaps keeps
/// failing the gate after it is committed. Sorted and free of clock readings: an unchanged source
/// gives the same bytes.
public struct ImportReport: Sendable, Hashable {
    public static let fileName = "import-report.json"
    static let format = "ecrguard-import-report"

    public var gaps: [ImportGap]
    public var provenance: ImportProvenance

    public init(gaps: [ImportGap], provenance: ImportProvenance) {
        self.gaps = gaps.sorted(by: <)
        self.provenance = provenance
    }

    public init(_ state: ImportedState) {
        self.init(gaps: state.gaps, provenance: state.provenance)
    }

    /// The file's text: two-space indented JSON, keys in a fixed order, lists sorted.
    public var text: String {
        let p = provenance
        let leftOut = p.principalsLeftOut.sorted { ($0.arn, $0.reason) < ($1.arn, $1.reason) }
        let json: OrderedJSON = .object([
            ("format", .string(Self.format)),
            ("version", .int(1)),
            ("source", .string(p.source)),
            ("accounts", .array(p.accounts.sorted().map(OrderedJSON.string))),
            ("regions", .array(p.regions.sorted().map(OrderedJSON.string))),
            ("principals", .object([
                ("included", .int(p.principalsIncluded)),
                ("leftOut", .int(leftOut.count)),
                ("leftOutByReason", .object(p.leftOutCounts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("leftOutPrincipals", .array(leftOut.map { .object([("arn", .string($0.arn)), ("reason", .string($0.reason))]) })),
            ])),
            ("calls", .object(p.calls.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("notes", .array(p.notes.map(OrderedJSON.string))),
            ("gaps", .array(gaps.sorted(by: <).map { gap in
                .object([("code", .string(gap.code)), ("file", .string(gap.location.file)), ("line", .int(gap.location.line)),
                         ("column", .int(gap.location.column)), ("subject", .string(gap.subject)), ("message", .string(gap.message))])
            })),
        ])
        return json.rendered(.pretty) + "\n"
    }

    /// Reads a report written by `text`. Anything it cannot read, and any gap code this ecrguard does
    /// not know, is an error at its position: an unreadable report must fail the audit, never pass it.
    public static func decode(_ text: String, file: String) throws(ManifestErrors) -> ImportReport {
        let root: JSONNode
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw ManifestErrors([ManifestError("the import report is not JSON: \(error.message)",
                                                at: ManifestLocation(file: file, line: error.position.line, column: error.position.column))])
        }
        var reader = ReportReader(file: file)
        let report = reader.report(root)
        guard reader.errors.isEmpty, let report else { throw ManifestErrors(reader.errors) }
        return report
    }
}

/// Reads the JSON tree of an import report, collecting errors with positions.
private struct ReportReader {
    let file: String
    var errors: [ManifestError] = []

    mutating func error(_ message: String, at node: JSONNode) {
        errors.append(ManifestError(message, at: ManifestLocation(file: file, line: node.span.start.line, column: node.span.start.column)))
    }

    mutating func string(_ node: JSONNode?, _ what: String, in parent: JSONNode) -> String? {
        guard let node else { error("the import report is missing \(what)", at: parent); return nil }
        guard let text = node.stringValue else { error("\(what) must be a string, found \(node.typeDescription)", at: node); return nil }
        return text
    }

    mutating func int(_ node: JSONNode?, _ what: String, in parent: JSONNode) -> Int? {
        guard let node else { error("the import report is missing \(what)", at: parent); return nil }
        guard case .number(let text) = node.kind, let value = Int(text) else { error("\(what) must be a whole number", at: node); return nil }
        return value
    }

    mutating func strings(_ node: JSONNode?, _ what: String) -> [String] {
        guard let node else { return [] }
        guard let elements = node.elements else { error("\(what) must be a list", at: node); return [] }
        return elements.compactMap { element in
            guard let text = element.stringValue else { error("each of \(what) must be a string", at: element); return nil }
            return text
        }
    }

    mutating func report(_ root: JSONNode) -> ImportReport? {
        guard root.members != nil else { error("the import report must be a JSON object", at: root); return nil }
        guard string(root["format"], "'format'", in: root) == ImportReport.format else {
            if errors.isEmpty { error("not an ecrguard import report ('format' is not '\(ImportReport.format)')", at: root["format"] ?? root) }
            return nil
        }
        if let version = int(root["version"], "'version'", in: root), version != 1 {
            error("unsupported import report version \(version); this ecrguard reads version 1", at: root["version"]!)
        }
        var provenance = ImportProvenance(source: string(root["source"], "'source'", in: root) ?? "")
        provenance.accounts = strings(root["accounts"], "'accounts'")
        provenance.regions = strings(root["regions"], "'regions'")
        provenance.notes = strings(root["notes"], "'notes'")
        if let principals = root["principals"] {
            provenance.principalsIncluded = int(principals["included"], "'principals.included'", in: principals) ?? 0
            for item in principals["leftOutPrincipals"]?.elements ?? [] {
                if let arn = string(item["arn"], "'arn' of a left-out principal", in: item),
                   let reason = string(item["reason"], "'reason' of a left-out principal", in: item) {
                    provenance.principalsLeftOut.append(LeftOutPrincipal(arn: arn, reason: reason))
                }
            }
        }
        for member in root["calls"]?.members ?? [] {
            provenance.calls[member.key] = int(member.value, "the count of call '\(member.key)'", in: member.value)
        }
        guard let gapsNode = root["gaps"] else { error("the import report is missing 'gaps'", at: root); return nil }
        guard let items = gapsNode.elements else { error("'gaps' must be a list", at: gapsNode); return nil }
        var gaps: [ImportGap] = []
        for item in items {
            let code = string(item["code"], "'code' of a gap", in: item)
            if let code, ImportDescriptors.descriptor(for: code) == nil {
                error("unknown gap code '\(code)' (this ecrguard knows \(ImportDescriptors.all.map(\.code).joined(separator: ", ")))", at: item["code"]!)
            }
            let gapFile = string(item["file"], "'file' of a gap", in: item)
            let line = int(item["line"], "'line' of a gap", in: item)
            let column = int(item["column"], "'column' of a gap", in: item)
            let subject = string(item["subject"], "'subject' of a gap", in: item)
            let message = string(item["message"], "'message' of a gap", in: item)
            if let code, let gapFile, let line, let column, let subject, let message {
                gaps.append(ImportGap(code: code, location: ManifestLocation(file: gapFile, line: line, column: column), subject: subject, message: message))
            }
        }
        return ImportReport(gaps: gaps, provenance: provenance)
    }
}
