import Foundation
import XCTest
@testable import PolicyCore

/// The action catalog compiled into the binary (`Catalog/Generated/EmbeddedCatalog.swift`): every
/// service decodes, lookups find services by prefix, and only the services asked for are decoded.
final class EmbeddedCatalogTests: XCTestCase {
    func testEveryEmbeddedServiceDecodes() throws {
        var actions = 0
        for entry in EmbeddedCatalog.services {
            let service = try EmbeddedCatalog.decode(entry)
            XCTAssertFalse(service.actions.isEmpty, entry.prefix)
            actions += service.actions.count
        }
        XCTAssertEqual(EmbeddedCatalog.services.count, 445)
        XCTAssertEqual(actions, 20_455)
        XCTAssertEqual(ActionCatalog.shared.actionCount, actions)
    }

    func testPrefixesAreUniqueLowerCaseAndSorted() {
        let prefixes = EmbeddedCatalog.services.map(\.prefix)
        XCTAssertEqual(prefixes, prefixes.map { $0.lowercased() })
        XCTAssertEqual(prefixes, prefixes.sorted())
        XCTAssertEqual(Set(prefixes).count, prefixes.count)
    }

    func testOnlyTheServicesAskedForAreDecoded() throws {
        let catalog = ActionCatalog(services: ServiceTable(embedded: EmbeddedCatalog.services), globalConditionKeys: [],
                                    crossServiceConditionKeys: [], source: "test", generated: "test")
        XCTAssertEqual(catalog.services.decodedCount, 0)
        XCTAssertEqual(catalog.action("ecr:PutImage")?.accessLevel, .write)
        XCTAssertNil(catalog.action("ecr:PutImagee"))
        XCTAssertEqual(catalog.actionsByFullName["ecr:BatchGetImage"]?.name, "BatchGetImage")
        XCTAssertTrue(catalog.isKnownService("ECR"))
        XCTAssertFalse(catalog.isKnownService("ecrr"))
        XCTAssertEqual(catalog.services.decodedCount, 1, "a lookup in ecr decodes ecr alone")
        XCTAssertEqual(catalog.action("s3:GetObject")?.accessLevel, .read)
        XCTAssertEqual(catalog.services.decodedCount, 2)
        XCTAssertEqual(catalog.actions(matching: "*").count, catalog.actionCount)
        XCTAssertEqual(catalog.services.decodedCount, EmbeddedCatalog.services.count)
    }

    func testTheSharedCatalogIsTheEmbeddedOne() {
        XCTAssertEqual(ActionCatalog.shared.source, EmbeddedCatalog.source)
        XCTAssertEqual(ActionCatalog.shared.generated, EmbeddedCatalog.generated)
        XCTAssertEqual(ActionCatalog.shared.services.count, EmbeddedCatalog.services.count)
    }

    func testAServiceEntryIsStrictJSON() {
        for bad in [#"{"actions":{"A":"R"}} x"#, #"{"actions":{"A":"R"}"#, #"[]"#, #"{"name":"x"}"#, #"{"actions":{"A":"Q"}}"#] {
            XCTAssertThrowsError(try Data(bad.utf8).withUnsafeBytes { raw in
                var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), limits: JSONLimits(maxDepth: 64, maxBytes: Int.max))
                return try scanner.decodeServiceEntry(prefix: "ecr")
            }, bad)
        }
    }
}
