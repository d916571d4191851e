// Reads a generated DescribeRepositories answer and times compiling and searching typical AWS CLI
// --query expressions over it. Usage: swift run -c release jmespath-benchmark [REPOSITORIES=1000] [ROUNDS=200]
import Foundation
import JMESPath

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let repositoryCount = arguments.first ?? 1_000
let rounds = arguments.dropFirst().first ?? 200

var body = #"{"repositories":["#
for i in 0..<repositoryCount {
    if i > 0 { body += "," }
    let name = (i % 3 == 0 ? "empire/" : "team-\(i % 17)/") + "service-\(i)"
    body += """
    {"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/\(name)","registryId":"123456789012",\
    "repositoryName":"\(name)","repositoryUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/\(name)",\
    "createdAt":\(1_700_000_000.0 + Double(i) * 37.5),"imageTagMutability":"\(i % 2 == 0 ? "IMMUTABLE" : "MUTABLE")",\
    "imageScanningConfiguration":{"scanOnPush":\(i % 5 == 0)},"encryptionConfiguration":{"encryptionType":"AES256"}}
    """
}
body += "]}"
let data = Data(body.utf8)

let queries = [
    "repositories[?starts_with(repositoryName, 'emp')].repositoryUri",
    "repositories[].{Name: repositoryName, Mutability: imageTagMutability, Scan: imageScanningConfiguration.scanOnPush}",
    "sort_by(repositories, &createdAt)[-5:].repositoryName",
    "length(repositories[?imageTagMutability=='MUTABLE' && !imageScanningConfiguration.scanOnPush])",
]

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var document = JMESValue.null
let readTime = try seconds { for _ in 0..<rounds { document = try JMESValue(json: data) } } / Double(rounds)
print("read \(data.count) bytes (\(repositoryCount) repositories): \(String(format: "%.3f", readTime * 1000)) ms")
for query in queries {
    var result = JMESValue.null
    let time = try seconds {
        for _ in 0..<rounds { result = try JMESPath.Expression(compiling: query).search(document) }
    } / Double(rounds)
    let size = JSONWriter().text(result).utf8.count
    print("compile+search \(String(format: "%.3f", time * 1000)) ms  (\(size) bytes out)  \(query)")
}
