import Foundation

/// How `junit.xml` is checked against the JUnit schemas: valid against `junit-10.xsd` (Jenkins'
/// xUnit plugin) once the `file` attributes of test cases are taken out, and valid with them against
/// `junit-10-testcase-file.xsd`, that schema extended by exactly that attribute (which GitLab reads).
public enum JUnitSchemas {
    public static let original = "schemas/junit-10.xsd"
    public static let extended = "schemas/junit-10-testcase-file.xsd"

    /// The document without the `file` attribute of its `testcase` elements.
    public static func withoutTestCaseFiles(_ xml: Data) -> Data {
        let text = String(decoding: xml, as: UTF8.self)
        let stripped = text.replacingOccurrences(of: #"(<testcase\b[^>]*?) file="[^"]*""#, with: "$1", options: .regularExpression)
        return Data(stripped.utf8)
    }
}
