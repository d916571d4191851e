// libFuzzer entry point for the policy parser and model (compiled together with the PolicyCore
// sources by Fuzz/run.sh; not part of the SwiftPM package).
//
// Every input is parsed as JSON and, when it is an object, built into a policy model and validated
// for every policy kind. The fuzzer looks for crashes, hangs, leaks and memory errors; findings are
// the expected outcome for bad input, never a failure. It also checks that the model reader (which
// reads the bytes directly) and the tree parser accept exactly the same texts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let structure = PolicyParser.parse(buffer: bytes, kind: .repository, file: "fuzz.json", validate: false)
    switch JSONParser.parse(buffer: bytes, limits: .default) {
    case .success(let root):
        precondition((structure.document != nil) == (root.members != nil), "the model reader and the tree parser disagree on the top-level value")
    case .failure(let error):
        precondition(structure.document == nil && structure.findings.count == 1 && structure.findings[0].span.start == error.position,
                     "the model reader accepted text the tree parser rejects")
    }
    for kind in PolicyKind.allCases {
        let result = PolicyParser.parse(bytes: bytes, kind: kind, file: "fuzz.json")
        // Every finding must point inside the input.
        for finding in result.findings {
            precondition(finding.span.start.offset >= 0 && finding.span.start.offset <= size, "finding outside the input")
            precondition(finding.span.start.line >= 1 && finding.span.start.column >= 1, "position not from 1")
        }
        if result.document == nil && result.root != nil {
            precondition(result.root?.members == nil, "an object must give a document")
        }
    }
    return 0
}
