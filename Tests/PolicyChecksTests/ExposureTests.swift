@testable import PolicyChecks
import PolicyCore
import TestSupport
import XCTest

/// `Exposure` answers from bit sets when every granted action is one of the first 64 repository
/// actions, and from sets of names otherwise (an action outside that table: an account-level action,
/// an unknown one). Both paths must read the same capabilities and leftover actions.
final class ExposureTests: XCTestCase {
    /// An action no capability uses and no bit stands for: it moves `Exposure` to the name path.
    static let bitless = "ecr:NotARepositoryAction"

    func testTheNamePathAgreesWithTheBitPath() {
        let actions = Array(AccessProbe.repositoryActions.prefix(64))
        XCTAssertGreaterThan(actions.count, 20)
        var generator = SplitMix64(seed: 0x5EED)  // seeded: a failure can be replayed
        var subsets: [[String]] = [actions, []]
        // Every capability's actions exactly, and each with one action missing.
        for capability in Capability.allCases {
            let own = actions.filter { action in capability.steps.contains { $0.action.lowercased() == action.lowercased() } }
            subsets.append(own)
            if !own.isEmpty { subsets.append(Array(own.dropFirst())) }
        }
        for _ in 0..<300 { subsets.append(actions.filter { _ in generator.next() % 3 == 0 }) }
        var capabilitiesSeen = Set<Capability>()
        for subset in subsets {
            let bits = Exposure(actions: subset)
            let names = Exposure(actions: subset + [Self.bitless])
            XCTAssertEqual(names.capabilities, bits.capabilities, "\(subset)")
            XCTAssertEqual(names.otherActions, bits.otherActions + [Self.bitless], "\(subset)")
            capabilitiesSeen.formUnion(bits.capabilities)
        }
        // The subsets reach every capability whose required actions are repository actions.
        let reachable = Capability.allCases.filter { capability in
            let required = capability.steps.filter { $0.required && $0.onRepository }
            return !required.isEmpty && required.allSatisfy { step in actions.contains { $0.lowercased() == step.action.lowercased() } }
        }
        XCTAssertEqual(capabilitiesSeen, Set(reachable))
    }

    func testActionsAreReadWithoutRegardToCase() {
        // Pull's required repository actions, spelt in another case than the catalog's.
        let pull = Capability.pull.steps.filter { $0.required && $0.onRepository }.map { $0.action.uppercased() }
        XCTAssertFalse(pull.isEmpty)
        let exposure = Exposure(actions: pull)
        XCTAssertEqual(exposure.capabilities, [.pull])
        XCTAssertEqual(exposure.otherActions, [])
        XCTAssertEqual(exposure.severity, .high)
    }
}
