import PolicyChecks
import XCTest
