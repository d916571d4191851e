import PolicyCore

/// Every policy file of a registry input, parsed and compiled once, with what the parser found.
/// The checks read the same parse and compiled policy (`parsedFile(_:)`), so a text is never parsed
/// or compiled a second time and the checks and the access matrix judge the same policy.
struct PolicyLibrary: Sendable {
    private(set) var compiled: [PolicyKey: CompiledPolicy] = [:]
    private(set) var documents: [PolicyKey: PolicyDocument] = [:]
    /// Policies of the same kind and `PolicyDocument.decisionForm` share a number: they decide every
    /// request alike, also when their texts differ in Sids, formatting or statement order.
    private(set) var decisionFormIDs: [PolicyKey: Int] = [:]
    /// Each file's parser findings and text number.
    private(set) var parses: [PolicyKey: FileParse] = [:]
    /// Policies that are not a JSON object at all: the audit cannot go on with them (exit 2).
    private(set) var unreadable: [ManifestError] = []
    /// Each parsed file's JSON tree (files with the same text and kind share one), which the checks
    /// read for paths and excerpts; held until `dropTrees()`, as the trees are most of a parse's memory.
    private var trees: [PolicyKey: JSONNode] = [:]

    /// How many threads the library may use (also to free the trees).
    private let workers: Int

    /// By bytes (`ExactText`): canonically equivalent texts are different policies with different positions.
    private struct TextKey: Hashable { var text: ExactText; var kind: PolicyKind }
    private struct FormKey: Hashable { var form: ExactText; var kind: PolicyKind }

    struct FileParse: Sendable {
        /// The parser's findings on the file.
        var findings: [Finding]
        /// Files with the same text and kind have the same number (the library parsed that text once).
        var textNumber: Int
    }

    /// `workers`: how many threads parse and compile the files (1: one after another on the calling
    /// thread); the library is the same whatever the number.
    init(_ input: RegistryInput, workers: Int = 1) {
        self.workers = workers
        let files = input.sortedPolicies
        // The shared vocabulary pays for itself only over many policies (a large registry).
        let interns = files.count >= CommonStrings.worthwhileDocuments
        // Files with the same text and kind parse alike: each text is parsed once, for the first file
        // with it, and the findings are re-pointed for the others.
        var parseNumbers: [TextKey: Int] = [:]
        parseNumbers.reserveCapacity(files.count)
        var parsedFiles: [Int] = []   // by parse number: the index of the first file with the text
        var parseOf: [Int] = []       // by file index: its parse number
        for (index, file) in files.enumerated() {
            let textKey = TextKey(text: ExactText(file.text), kind: file.kind)
            if let number = parseNumbers[textKey] {
                parseOf.append(number)
            } else {
                parseNumbers[textKey] = parsedFiles.count
                parseOf.append(parsedFiles.count)
                parsedFiles.append(index)
            }
        }
        let textParses = ParallelWork.map(parsedFiles, workers: workers) { index in
            PolicyParser.parse(files[index].text, kind: files[index].kind, file: files[index].path, internsPolicyWords: interns)
        }
        let prepared = ParallelWork.map(Array(files.indices), workers: workers) { [parseOf, parsedFiles] index in
            Self.prepare(files[index], parse: textParses[parseOf[index]], isOwnParse: parsedFiles[parseOf[index]] == index)
        }
        // Sized once: growing a table rehashes every key so far (whole texts and forms).
        var forms: [FormKey: Int] = [:]
        forms.reserveCapacity(parsedFiles.count)
        parses.reserveCapacity(files.count)
        trees.reserveCapacity(files.count)
        compiled.reserveCapacity(files.count)
        documents.reserveCapacity(files.count)
        decisionFormIDs.reserveCapacity(files.count)
        for (index, (file, prepared)) in zip(files, prepared).enumerated() {
            let key = PolicyKey(path: file.path, kind: file.kind)
            let result = prepared.result
            parses[key] = FileParse(findings: result.findings, textNumber: parseOf[index])
            trees[key] = result.root
            guard let document = result.document, let form = prepared.decisionForm else {
                let first = result.findings.first { $0.category == .error }
                let position = first?.span.start ?? .start
                unreadable.append(ManifestError("\(file.kind.rawValue) policy is not a JSON policy document: \(first?.message ?? "unreadable")",
                                                at: ManifestLocation(file: file.path, line: position.line, column: position.column)))
                continue
            }
            compiled[key] = prepared.compiled
            documents[key] = document
            let formKey = FormKey(form: ExactText(form), kind: file.kind)
            if let id = forms[formKey] {
                decisionFormIDs[key] = id
            } else {
                decisionFormIDs[key] = forms.count
                forms[formKey] = forms.count
            }
        }
    }

    /// One file's share of the library, made on any thread: its parse (re-pointed at it when the
    /// parse was of another file with the same text), compiled policy and decision form.
    private struct PreparedFile: Sendable {
        var result: PolicyParseResult
        var compiled: CompiledPolicy?
        var decisionForm: String?
    }

    private static func prepare(_ file: PolicyFile, parse: PolicyParseResult, isOwnParse: Bool) -> PreparedFile {
        let result = isOwnParse ? parse : PolicyParseResult(document: parse.document, findings: parse.findings.map { var f = $0; f.file = file.path; return f },
                                                            root: parse.root)
        guard let document = result.document else { return PreparedFile(result: result, compiled: nil, decisionForm: nil) }
        return PreparedFile(result: result, compiled: CompiledPolicy(document, name: file.path, kind: file.kind), decisionForm: document.decisionForm)
    }

    /// `file` as this library parsed and compiled it: exactly what `PolicyParser.parse` of its text
    /// gives (document, findings for this file, JSON tree while held) and the policy the matrix evaluates.
    func parsedFile(_ file: PolicyFile) -> ParsedPolicyFile {
        parsedFileAndText(file).parsed
    }

    /// `parsedFile(_:)` and the file's text number (`FileParse.textNumber`; nil when it is not an input file of this library).
    func parsedFileAndText(_ file: PolicyFile) -> (parsed: ParsedPolicyFile, textNumber: Int?) {
        let key = PolicyKey(path: file.path, kind: file.kind)
        guard let parse = parses[key] else {
            // Not an input file of this library: parse it as the library would have.
            let parsed = PolicyParser.parse(file.text, kind: file.kind, file: file.path)
            return (ParsedPolicyFile(file: file, parsed: parsed,
                                     compiled: parsed.document.map { CompiledPolicy($0, name: file.path, kind: file.kind) }), nil)
        }
        return (ParsedPolicyFile(file: file, parsed: PolicyParseResult(document: documents[key], findings: parse.findings, root: trees[key]),
                                 compiled: compiled[key]), parse.textNumber)
    }

    /// Lets the JSON trees go once the checks have read them (the matrix needs only the compiled
    /// policies). With several workers they are freed on another thread while the audit goes on.
    mutating func dropTrees() {
        var dropped: [PolicyKey: JSONNode] = [:]
        swap(&dropped, &trees)
        ParallelWork.release(consume dropped, workers: workers)
    }

    /// The library without its JSON trees, for what outlives the checks (the registry model); the
    /// trees stay with this library until `dropTrees()`.
    func withoutTrees() -> PolicyLibrary {
        var copy = self
        copy.trees = [:]
        return copy
    }

    func key(_ reference: PolicyReference?, kind: PolicyKind, in input: RegistryInput) -> PolicyKey? {
        reference.map { PolicyKey(path: input.path(of: $0), kind: kind) }
    }

    func policy(_ reference: PolicyReference?, kind: PolicyKind, in input: RegistryInput) -> CompiledPolicy? {
        guard let reference else { return nil }
        return compiled[PolicyKey(path: input.path(of: reference), kind: kind)]
    }
}
