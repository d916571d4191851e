import PolicyCore
import XCTest

/// docs/import-role.json, the policy users attach to the role an import uses.
final class ImportRoleTests: XCTestCase {
    /// Every action it allows is one the action catalog knows, at the List or Read access level: the
    /// import role can read the account and change nothing.
    func testImportRoleIsReadOnly() throws {
        let text = try String(contentsOf: Bundled.root.appendingPathComponent("docs/import-role.json"), encoding: .utf8)
        let document = try XCTUnwrap(PolicyParser.parse(text, kind: .identity, file: "docs/import-role.json").document)
        let actions = document.statements.flatMap { statement -> [String] in
            XCTAssertEqual(statement.effect.value, .allow)
            XCTAssertEqual(statement.action?.isNegated, false)
            return statement.action?.patterns.map(\.value) ?? []
        }
        XCTAssertEqual(actions.count, 22)
        for action in actions {
            let definition = ActionCatalog.shared.action(action)
            XCTAssertNotNil(definition, "\(action) is not a known action")
            XCTAssertTrue(definition.map { [.list, .read].contains($0.accessLevel) } ?? false, "\(action): \(definition?.accessLevel.rawValue ?? "?")")
        }
        XCTAssertTrue(actions.contains("iam:GetAccountAuthorizationDetails"))
    }
}
