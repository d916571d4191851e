import Foundation
import RegistryAudit
@testable import TerraformImport
import XCTest

/// The fixture's text (Tests/TerraformImportTests/Fixtures).
func fixture(_ name: String) throws -> String {
    let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
}

/// The 1-based line of the first line containing `needle` (for positions in fixtures).
func line(of needle: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
}

extension TerraformReader {
    func registry(_ account: String, _ region: String) -> RegistryManifest? {
        registries[Placement(account: account, region: region)]
    }

    func gap(subject: String) -> TerraformGap? { gaps.first { $0.subject == subject } }
}
