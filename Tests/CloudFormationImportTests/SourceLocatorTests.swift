@testable import CloudFormationImport
import PolicyCore
import RegistryAudit
import XCTest

/// Findings on the rendered manifest and on template-written policies point back at the template.
final class SourceLocatorTests: XCTestCase {
    func testFindingsPointAtTheTemplate() throws {
        let template = """
        Resources:
          Repo:
            Type: AWS::ECR::Repository
            Properties:
              RepositoryName: app
              RepositoryPolicyText:
                Version: 2012-10-17
                Statement:
                  - Effect: Allow
                    Principal: "*"
                    Action: ecr:*
        """
        let imported = try CloudFormationReader.readWithSources(templates: [.init(file: "t.yaml", text: template)],
                                                     options: CloudFormationOptions(account: "123456789012", region: "us-east-1"))
        // The manifest as a writer would render it (the entries' lines differ from the template's).
        let rendered = try ManifestDecoder.decode("""
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - name: app
                policy: repositories/123456789012/us-east-1/app.json
                scanOnPush: false
        """, file: "out/ecrguard.yaml")
        let policies = imported.policies.reduce(into: [String: TemplatePolicy]()) { $0["out/" + $1.key] = $1.value }
        let locator = SourceLocator(original: imported.manifest, rendered: rendered, renderedFile: "out/ecrguard.yaml", policies: policies)

        func finding(_ file: String, line: Int, path: String = "") -> Finding {
            Finding(code: "X", severity: .high, category: .securityWarning, file: file,
                    span: SourceSpan(at: SourcePosition(line: line, column: 9, offset: 0)), path: path, message: "m")
        }
        func at(_ f: Finding) -> String { "\(f.file):\(f.span.start.line):\(f.span.start.column)" }
        XCTAssertEqual(at(locator.locate(finding("out/ecrguard.yaml", line: 6))), "t.yaml:2:3", "the repository entry is the resource")
        XCTAssertEqual(at(locator.locate(finding("out/ecrguard.yaml", line: 8))), "t.yaml:7:9", "a field after the policy line: the policy property")
        XCTAssertEqual(at(locator.locate(finding("out/ecrguard.yaml", line: 3))), "t.yaml:2:3", "the registry is where its first resource is")
        XCTAssertEqual(at(locator.locate(finding("out/repositories/123456789012/us-east-1/app.json", line: 5, path: "Statement[0].Principal"))), "t.yaml:10:24")
        XCTAssertEqual(at(locator.locate(finding("out/repositories/123456789012/us-east-1/app.json", line: 2, path: "Version"))), "t.yaml:7:18")
        XCTAssertEqual(at(locator.locate(finding("elsewhere.json", line: 4))), "elsewhere.json:4:9", "other files are left alone")
    }
}
