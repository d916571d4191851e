// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ecrguard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ecrguard", targets: ["ecrguard"]),
        .executable(name: "docker-credential-ecrguard", targets: ["docker-credential-ecrguard"]),
        .library(name: "PolicyCore", targets: ["PolicyCore"]),
        .library(name: "PolicyChecks", targets: ["PolicyChecks"]),
        .library(name: "ECRClient", targets: ["ECRClient"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "JMESPath", targets: ["JMESPath"]),
        .library(name: "Registry", targets: ["Registry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C libraries, each behind a small shim header (see docs/c-interop.md).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Pure core: JSON with positions, policy model, matching, evaluation. Foundation only, no I/O.
        .target(name: "PolicyCore"),
        // Validation rules and access analysis built on the evaluator. No I/O.
        .target(name: "PolicyChecks", dependencies: ["PolicyCore", .product(name: "Yams", package: "Yams")]),
        // Registry manifest (policies/), access matrix, expectations, replication analysis. No I/O.
        .target(name: "RegistryAudit", dependencies: ["PolicyChecks", "PolicyCore", .product(name: "Yams", package: "Yams")]),
        // What an import (live account, GAAD file, Terraform plan, CloudFormation template) found, in
        // manifest terms; the deterministic policies/ writer, import reports, layering. No I/O.
        .target(name: "RegistryImport", dependencies: ["RegistryAudit", "PolicyChecks", "PolicyCore"]),
        // Terraform plan and state JSON (`terraform show -json`) read into the registry manifest. No I/O.
        .target(name: "TerraformImport", dependencies: ["RegistryImport", "RegistryAudit", "PolicyCore"]),
        // CloudFormation templates (JSON and YAML) with their intrinsic functions, read into the manifest model. No I/O.
        .target(name: "CloudFormationImport", dependencies: ["RegistryImport", "RegistryAudit", "PolicyCore", .product(name: "Yams", package: "Yams")]),
        // Credentials, SigV4, libcurl transport, the JSON 1.1 and Query/XML runtimes and the clients generated
        // from the botocore models (scripts/codegen.py: ECR, Organizations, IAM, STS).
        .target(name: "ECRClient", dependencies: ["CCurl", "COpenSSL", "CLibXML2", "JMESPath", "PolicyCore"]),
        // Registry HTTP API v2 over libcurl: image push, pull and copy with streamed, verified blobs.
        .target(name: "Registry", dependencies: ["ECRClient"]),
        // Report model and writers (HTML, JUnit, SARIF, JSON); XML through libxml2.
        .target(name: "Reports", dependencies: ["CLibXML2", "PolicyCore"]),
        // JMESPath (the AWS CLI's --query) over a JSON value type. Foundation only, no I/O.
        .target(name: "JMESPath"),
        // The command-line interface: files, terminal, exit codes.
        .target(name: "ECRGuardCLI", dependencies: [
            "PolicyCore", "PolicyChecks", "RegistryAudit", "RegistryImport", "TerraformImport", "CloudFormationImport", "ECRClient", "Registry", "Reports", "JMESPath",
            .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Yams", package: "Yams"),
        ]),
        // Release builds link the Swift runtime and Foundation statically, as `swift build --static-swift-stdlib`
        // does but for this executable only: every `ecrguard ecr` call is a new process, and binding symbols
        // across 20 shared Swift libraries was the largest part of its start (docs/benchmarks.md). Compiling
        // main.swift with -static-stdlib imports the toolchain's static modules, whose link entries name every
        // static library they need; linking with it puts them in one group. --no-export-dynamic undoes the
        // toolchain's -export-dynamic (28,000 of ecrguard's own symbols in the dynamic table, searched at every
        // start), as a -static-executable link has it. lld with -z pack-relative-relocs stores the ~100,000 relative
        // relocations of a position-independent binary as a 20 KB bitmap (DT_RELR, glibc 2.36) instead of 2.4 MB
        // of RELA entries read at every start; the binary stays position-independent (ASLR). Debug builds (tests)
        // stay dynamic.
        .executableTarget(name: "ecrguard", dependencies: ["ECRGuardCLI"],
                          swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(configuration: .release))]),
        // The Docker credential helper for ECR (credHelpers: "ecrguard").
        .executableTarget(name: "docker-credential-ecrguard", dependencies: ["Registry", "ECRClient"]),

        // Benchmarks (release builds; numbers printed, never asserted by tests).
        .executableTarget(name: "parse-benchmark", dependencies: ["PolicyCore"], path: "Benchmarks/ParseBenchmark"),
        .executableTarget(name: "eval-benchmark", dependencies: ["PolicyCore"], path: "Benchmarks/EvalBenchmark"),
        .executableTarget(name: "check-benchmark", dependencies: ["PolicyChecks", "PolicyCore"], path: "Benchmarks/CheckBenchmark"),
        .executableTarget(name: "audit-benchmark", dependencies: ["RegistryAudit", "Reports", "PolicyChecks", "PolicyCore"], path: "Benchmarks/AuditBenchmark"),
        .executableTarget(name: "report-benchmark", dependencies: ["Reports", "PolicyCore"], path: "Benchmarks/ReportBenchmark"),
        .executableTarget(name: "jmespath-benchmark", dependencies: ["JMESPath"], path: "Benchmarks/JMESPathBenchmark"),
        .executableTarget(name: "terraform-benchmark", dependencies: ["TerraformImport", "RegistryImport", "RegistryAudit", "PolicyChecks", "PolicyCore"], path: "Benchmarks/TerraformBenchmark"),
        .executableTarget(name: "ecr-benchmark", dependencies: ["ECRClient"], path: "Benchmarks/ECRBenchmark"),

        // Helpers shared by the test targets (marked policy fixtures, running a built executable).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PolicyCoreTests", dependencies: ["PolicyCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PolicyChecksTests", dependencies: ["PolicyChecks", "PolicyCore", "TestSupport"]),
        .testTarget(name: "RegistryAuditTests", dependencies: ["RegistryAudit", "TestSupport"]),
        .testTarget(name: "RegistryImportTests", dependencies: ["RegistryImport", "RegistryAudit", "PolicyCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TerraformImportTests", dependencies: ["TerraformImport", "RegistryImport", "RegistryAudit", "PolicyCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CloudFormationImportTests", dependencies: ["CloudFormationImport", "RegistryImport", "RegistryAudit", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ECRClientTests", dependencies: ["ECRClient", "Registry", "CCurl", "COpenSSL", "TestSupport"], exclude: ["Servers"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "CLibXML2", "TestSupport"]),
        .testTarget(name: "JMESPathTests", dependencies: ["JMESPath", "TestSupport"], exclude: ["Fixtures", "generate_corpus.py"]),
        .testTarget(name: "ECRGuardCLITests", dependencies: ["ECRGuardCLI", "JMESPath", "Reports", "TestSupport"], exclude: ["Oracles"]),
    ],
    swiftLanguageModes: [.v6]
)

// Release builds of ecrguard's own modules reach generic type metadata through the compiler's direct
// accessors instead of mangled type names. A mangled name is decoded at run time the first time it is
// used, and checking its generic requirements scans every protocol conformance record in the binary
// (about 9,700 with Foundation linked statically): a dozen such scans were 4-5 million instructions of
// one `ecrguard ecr` call, a fifth of what it does (docs/benchmarks.md). The direct accessors pass the
// conformances the compiler already knows.
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
    ]
}
