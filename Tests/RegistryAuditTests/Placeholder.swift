import RegistryAudit
import XCTest
