import Foundation
import TestSupport

/// The repository root.
let repositoryRoot = TestRequirements.repositoryRoot
