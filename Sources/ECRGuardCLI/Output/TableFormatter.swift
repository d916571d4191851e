import JMESPath

/// The AWS CLI's `--output table` layout (awscli `formatter.py` TableFormatter and `table.py`,
/// described here, not copied). The answer becomes sections: a title row (the operation name, then
/// each nested key), a header row of an object's scalar keys (sorted) and its values, one row per
/// object of a list, nested lists and objects as sections indented by one `|` per level. Columns are
/// scaled to the widest section; when that is wider than the terminal (80 columns when standard output
/// is not a terminal), single-row sections turn into key/value rows. Never colored.
struct TableFormatter {
    var title: String
    var terminalWidth: Int

    typealias LayoutError = TextFormatter.LayoutError

    /// The table, or "" when the value is empty, null, false or zero (the AWS CLI prints nothing then).
    func format(_ value: JMESValue) throws -> String {
        var builder = TableBuilder()
        guard try builder.build(title: title, value, indentLevel: 0) else { return "" }
        return builder.render(terminalWidth: terminalWidth)
    }
}

/// One block of the table: an optional title, optional column headers, rows of cells.
private struct TableSection {
    /// nil for the sections a list of lists opens without a name (Python's `None`).
    var title: String?
    var headers: [String] = []
    var rows: [[String]] = []
    var indentLevel = 0
    var columnCount: Int?
    var maxWidths: [Int] = []

    init(title: String?, indentLevel: Int = 0) {
        self.title = title
        self.indentLevel = indentLevel
    }

    /// The title's width as the AWS CLI measures it (`str(None)` is four columns).
    var titleWidth: Int { displayWidth(title ?? "None") }

    mutating func addHeader(_ headers: [String]) {
        updateMaxWidths(headers)
        if columnCount == nil { columnCount = headers.count }
        self.headers = headers
    }

    mutating func addRow(_ row: [String]) throws {
        if columnCount == nil { columnCount = row.count }
        guard row.count == columnCount else {
            throw TableFormatter.LayoutError(description: "--output table: row should have \(columnCount ?? 0) elements, instead it has \(row.count); use --query to select a regular shape")
        }
        rows.append(row)
        updateMaxWidths(row)
    }

    private mutating func updateMaxWidths(_ row: [String]) {
        if maxWidths.isEmpty {
            maxWidths = row.map(displayWidth)
        } else {
            for (i, cell) in row.enumerated() where i < maxWidths.count { maxWidths[i] = max(maxWidths[i], displayWidth(cell)) }
        }
    }

    /// Column widths with `padding`, scaled (Python's round-half-even) to add up to `maxWidth`.
    func columnWidths(padding: Int, maxWidth: Int?) -> [Int] {
        let unscaled = maxWidths.map { $0 + padding }
        guard let maxWidth, !unscaled.isEmpty else { return unscaled }
        let scale = Double(maxWidth) / Double(unscaled.reduce(0, +))
        var scaled = unscaled.map { Int((scale * Double($0)).rounded(.toNearestOrEven)) }
        var offBy = scaled.reduce(0, +) - maxWidth
        while offBy != 0 {
            let order = offBy < 0 ? Array(scaled.indices.reversed()) : Array(scaled.indices)
            for i in order {
                if offBy > 0 { scaled[i] -= 1; offBy -= 1 } else { scaled[i] += 1; offBy += 1 }
                if offBy == 0 { break }
            }
        }
        return scaled
    }

    func totalWidth(padding: Int, outerPadding: Int) -> Int {
        let border = 2
        let columns = columnWidths(padding: 0, maxWidth: nil).reduce(0) { $0 + $1 + padding }
        return max(titleWidth + border + 2 * outerPadding, columns + border + 2 * outerPadding)
    }
}

private struct TableBuilder {
    var sections: [TableSection] = []

    private mutating func newSection(_ title: String?, indentLevel: Int) {
        sections.append(TableSection(title: title, indentLevel: indentLevel))
    }

    private mutating func addRow(_ row: [String]) throws {
        guard !sections.isEmpty else { throw TableFormatter.LayoutError(description: "--output table: nothing to add a row to") }
        try sections[sections.count - 1].addRow(row)
    }

    private mutating func addHeader(_ headers: [String]) {
        if !sections.isEmpty { sections[sections.count - 1].addHeader(headers) }
    }

    /// Adds `value` under `title` (nil: into the current section); false when there is nothing to show.
    mutating func build(title: String?, _ value: JMESValue, indentLevel: Int) throws -> Bool {
        guard PythonText.isTruthy(value) else { return false }
        if let title { newSection(title, indentLevel: indentLevel) }
        switch value {
        case .array(let elements):
            if case .object = elements[0] {
                try addList(elements, indentLevel: indentLevel, title: title)
            } else {
                for element in elements {
                    switch element {
                    case .array(let inner) where inner.allSatisfy(PythonText.isScalar): try addRow(inner.map(PythonText.str))
                    case .object(let object): try addRow(object.keys)   // Python iterates a dict's keys
                    case .array: _ = try build(title: nil, element, indentLevel: 0)
                    default: try addRow([PythonText.str(element)])
                    }
                }
            }
        case .object(let object):
            try addObject(object, indentLevel: indentLevel)
        default:
            break
        }
        return true
    }

    private static func groupKeys(_ object: JMESObject) -> (scalars: [String], nested: [String]) {
        var scalars: [String] = [], nested: [String] = []
        for entry in object {
            if PythonText.isScalar(entry.value) { scalars.append(entry.key) } else { nested.append(entry.key) }
        }
        return (scalars.sorted(by: codePointOrder), nested.sorted(by: codePointOrder))
    }

    private mutating func addObject(_ object: JMESObject, indentLevel: Int) throws {
        let (headers, nested) = Self.groupKeys(object)
        if headers.count == 1 {
            try addRow([headers[0], PythonText.str(object[headers[0]]!)])
        } else if !headers.isEmpty {
            addHeader(headers)
            try addRow(headers.map { PythonText.str(object[$0]!) })
        }
        for key in nested { _ = try build(title: key, object[key]!, indentLevel: indentLevel + 1) }
    }

    private mutating func addList(_ elements: [JMESValue], indentLevel: Int, title: String?) throws {
        var objects: [JMESObject] = []
        var headerSet: Set<String> = [], nestedSet: Set<String> = []
        for element in elements {
            guard case .object(let object) = element else {
                throw TableFormatter.LayoutError(description: "--output table cannot show a list that mixes objects with other values; use --query to select one kind")
            }
            objects.append(object)
            let (scalars, nested) = Self.groupKeys(object)
            headerSet.formUnion(scalars)
            nestedSet.formUnion(nested)
        }
        let headers = headerSet.sorted(by: codePointOrder), nested = nestedSet.sorted(by: codePointOrder)
        addHeader(headers)
        for (k, object) in objects.enumerated() {
            if k > 0 && !nested.isEmpty {
                newSection(title, indentLevel: indentLevel)
                addHeader(headers)
            }
            try addRow(headers.map { object[$0].map(PythonText.str) ?? "" })
            for key in nested {
                if let value = object[key] { _ = try build(title: key, value, indentLevel: indentLevel + 1) }
            }
        }
    }

    // MARK: Rendering

    func render(terminalWidth: Int) -> String {
        var sections = self.sections
        var maxWidth = Self.maxWidth(sections)
        if maxWidth > terminalWidth {
            sections = sections.map(Self.vertical)
            maxWidth = Self.maxWidth(sections)
        }
        var out = String(repeating: "-", count: maxWidth) + "\n"
        for section in sections { Self.render(section, maxWidth: maxWidth, to: &out) }
        return out
    }

    private static func maxWidth(_ sections: [TableSection]) -> Int {
        sections.map { $0.totalWidth(padding: 4, outerPadding: $0.indentLevel) }.max() ?? 0
    }

    /// A section with one row becomes one `header | value` row per column.
    private static func vertical(_ section: TableSection) -> TableSection {
        guard section.rows.count == 1, !section.headers.isEmpty else { return section }
        var turned = TableSection(title: section.title, indentLevel: section.indentLevel)
        for (header, cell) in zip(section.headers, section.rows[0]) { try? turned.addRow([header, cell]) }
        return turned
    }

    private static func render(_ section: TableSection, maxWidth totalWidth: Int, to out: inout String) {
        let bars = String(repeating: "|", count: section.indentLevel)
        func line(_ text: String) { out += bars + text + bars + "\n" }
        let maxWidth = totalWidth - section.indentLevel * 2
        if let title = section.title, !title.isEmpty {
            line(centered(title, width: maxWidth, leftEdge: "|", rightEdge: "|"))
            if section.headers.isEmpty && section.rows.isEmpty { line("+" + String(repeating: "-", count: max(0, maxWidth - 2)) + "+") }
        }
        if !section.headers.isEmpty {
            let widths = section.columnWidths(padding: 4, maxWidth: maxWidth)
            var text = ""
            for (k, (width, header)) in zip(widths, section.headers).enumerated() {
                text += centered(header, width: width, leftEdge: k == 0 ? "|" : "", rightEdge: "|")
            }
            line(separator(widths))
            line(text)
        }
        guard !section.rows.isEmpty else { return }
        let widths = section.columnWidths(padding: 4, maxWidth: maxWidth)
        guard !widths.isEmpty else { return }
        line(separator(widths))
        for row in section.rows {
            var text = ""
            for (k, (width, cell)) in zip(widths, row).enumerated() {
                text += leftAligned(cell, width: width, leftEdge: k == 0 ? "|" : "", rightEdge: "|")
            }
            line(text)
        }
        line(separator(widths))
    }

    /// `+-----+------+`: the first column carries both corners.
    private static func separator(_ widths: [Int]) -> String {
        var text = ""
        for (k, width) in widths.enumerated() {
            text += k == 0 ? "+" + dashes(width - 2) + "+" : dashes(width - 1) + "+"
        }
        return text
    }

    private static func dashes(_ n: Int) -> String { String(repeating: "-", count: max(0, n)) }
    private static func spaces(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }

    private static func centered(_ text: String, width: Int, leftEdge: String, rightEdge: String) -> String {
        let textWidth = displayWidth(text)
        let start = floorDiv(width, 2) - floorDiv(textWidth, 2) - 1
        let soFar = displayWidth(leftEdge) + start + textWidth
        return leftEdge + spaces(start) + text + spaces(width - displayWidth(rightEdge) - soFar) + rightEdge
    }

    private static func leftAligned(_ text: String, width: Int, leftEdge: String, rightEdge: String) -> String {
        let textWidth = displayWidth(text)
        let padding = width - (textWidth + 2 + displayWidth(leftEdge) + displayWidth(rightEdge)) >= 0 ? 2 : 0
        let soFar = leftEdge.count + padding + textWidth
        return leftEdge + spaces(padding) + text + spaces(width - soFar - rightEdge.count) + rightEdge
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// Columns a text takes in the AWS CLI's table: two for East Asian wide, fullwidth and ambiguous
/// characters, one for every other code point.
func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + (isDoubleWidth($1.value) ? 2 : 1) }
}

private func isDoubleWidth(_ value: UInt32) -> Bool {
    let ranges = EastAsianWidth.doubleWidthRanges
    var low = 0, high = ranges.count - 1
    while low <= high {
        let mid = (low + high) / 2
        if value < ranges[mid].lowerBound { high = mid - 1 } else if value > ranges[mid].upperBound { low = mid + 1 } else { return true }
    }
    return false
}
