import Foundation
import ECRClient
import JMESPath
import PolicyCore

/// An ECR answer as the AWS CLI's formatters receive it: one response, or the pages of a paginated
/// operation (`describe-repositories`, `describe-images`, `list-images`) with the member that holds
/// the items.
enum ECRAnswer {
    case single(JMESValue)
    case pages([JMESValue], resultKey: String)
    /// A model-driven operation's pages (`ModelCommand`).
    case paginated(PagedAnswer)

    /// The pages joined as botocore's `build_full_result` joins them: the `resultKey` arrays of all
    /// pages in one array (the member is left out when no page has it); `nextToken` and other
    /// members are dropped (these operations have no others).
    var merged: JMESValue {
        switch self {
        case .single(let value): return value
        case .paginated(let answer): return answer.merged
        case .pages(let pages, let resultKey):
            var items: [JMESValue]?
            for page in pages {
                guard case .object(let object) = page, let value = object[resultKey], value != .null else { continue }
                items = (items ?? []) + (value.arrayValue ?? [value])
            }
            guard let items else { return .object(JMESObject()) }
            return .object(JMESObject([(resultKey, .array(items))]))
        }
    }
}

private extension JMESValue {
    var arrayValue: [JMESValue]? { if case .array(let a) = self { a } else { nil } }
}

/// Prints answers as the AWS CLI does: `--query` first, then the `--output` layout. json, table and
/// yaml see the joined pages; text and yaml-stream see one page at a time, so a query applies to each
/// page, as in the AWS CLI (text pages hold only the result member).
struct ResponsePrinter {
    var format: OutputFormat
    var query: JMESPath.Expression?
    /// Columns for `--output table` (80 when standard output is not a terminal).
    var terminalWidth: Int

    /// Renders `answer` and writes it to standard output (nothing is written when rendering fails).
    func print(_ answer: ECRAnswer, operation: String) throws {
        FileHandle.standardOutput.write(Data(utf8Of: try render(answer, operation: operation)))
    }

    func render(_ answer: ECRAnswer, operation: String) throws -> String {
        switch (format, answer) {
        case (.text, .pages(let pages, let resultKey)):
            return try pages.map { page in
                var object = JMESObject()
                if case .object(let members) = page { object = JMESObject([(resultKey, members[resultKey] ?? .null)]) }
                return try TextFormatter().format(search(.object(object)))
            }.joinedText(separator: "")
        case (.text, .paginated(let answer)):
            return try answer.textPages.map { try TextFormatter().format(search($0)) }.joinedText(separator: "")
        case (.yamlStream, .paginated(let answer)):
            return try answer.textPages.map { try YAMLFormatter().streamItem(search($0)) }.joinedText(separator: "")
        case (.text, .single(let value)):
            return try TextFormatter().format(search(value))
        case (.yamlStream, .pages(let pages, _)):
            return try pages.map { try YAMLFormatter().streamItem(search($0)) }.joinedText(separator: "")
        case (.yamlStream, .single(let value)):
            let result = try search(value)
            if case .object(let object) = result, object.isEmpty { return "" }
            return try YAMLFormatter().streamItem(result)
        case (.json, _):
            let result = try search(answer.merged)
            if case .object(let object) = result, object.isEmpty { return "" }
            return PythonText.indentedJSON(result) + "\n"
        case (.table, _):
            return try TableFormatter(title: operation, terminalWidth: terminalWidth).format(search(answer.merged))
        case (.yaml, _):
            return try YAMLFormatter().document(search(answer.merged))
        }
    }

    private func search(_ value: JMESValue) throws -> JMESValue {
        guard let query else { return value }
        do { return try query.search(value) } catch {
            throw CLIFailure.runtime("--query: \(error)")
        }
    }

    /// The terminal's width when standard output is one, else 80 (what the AWS CLI assumes).
    static func standardOutputWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 else { return 80 }
        return Int(size.ws_col)
    }
}
