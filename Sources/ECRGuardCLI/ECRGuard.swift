import ArgumentParser
import Foundation

public let ecrguardVersion = "0.1.0"

/// The root command. `run()` of every subcommand is a thin call into the libraries; this file owns
/// how failures become exit codes (DESIGN.md section 2):
/// 0 pass, 1 findings at or above the threshold, 2 unreadable input or runtime error, 64 usage error.
public struct ECRGuard: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ecrguard",
        abstract: "Who can push, pull and replicate images in Amazon ECR: audit, simulate, apply vetted policies.",
        version: ecrguardVersion,
        subcommands: [
            AuditCommand.self,
            CheckCommand.self,
            SimulateCommand.self,
            WhoCanCommand.self,
            DiffCommand.self,
            ECRCommand.self,
            PlanCommand.self,
            ApplyCommand.self,
            ImportCommand.self,
            PushCommand.self,
            PullCommand.self,
            CopyCommand.self,
            PreflightCommand.self,
        ]
    )

    public init() {}

    /// Entry point used by the `ecrguard` executable.
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        var arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        // As ArgumentParser prints it, without building the command tree first: `ecrguard --version`
        // is the bare process start that `ecrguard ecr` calls are measured against.
        if arguments == ["--version"] {
            FileHandle.standardOutput.write(Data((ecrguardVersion + "\n").utf8))
            Foundation.exit(0)
        }
        var modelOperation: (name: String, arguments: [String])?
        switch ECRRouting.route(arguments) {
        case .unknown(let unknown):
            FileHandle.standardError.write(Data(("ecrguard: error: \(unknown)\n").utf8))
            Foundation.exit(64)
        case .handWritten(let reordered):
            arguments = reordered
            // The one hand-written command among the most common calls, without ArgumentParser when
            // its arguments are global options `ECRCallSettings` reads exactly as ArgumentParser would.
            if reordered.count >= 2, reordered[1] == GetLoginPasswordCommand.configuration.commandName,
               let settings = ECRCallSettings.read(commandLine: Array(reordered.dropFirst(2))) {
                runAndExit(skippingTeardown: true) { try GetLoginPasswordCommand.run(settings) }
            }
        case .model(let name, let rest):
            modelOperation = (name, rest)
        case .unchanged:
            break
        }
        if modelOperation == nil, let unknown = UnknownCommand.find(in: arguments) {
            FileHandle.standardError.write(Data(("ecrguard: error: \(unknown)\n").utf8))
            Foundation.exit(64)
        }
        if let modelOperation {
            runAndExit(skippingTeardown: true) { try ModelCommand.run(modelOperation.name, modelOperation.arguments) }
        }
        if arguments.first == CheckCommand.configuration.commandName, let check = CheckCommand.plain(Array(arguments.dropFirst())) {
            runAndExit { try check.run() }
        }
        runAndExit {
            var command = try parseAsRoot(arguments)
            try command.run()
        }
    }

    /// Runs `body` and exits: 0, or the exit code of what it threw (DESIGN.md section 2).
    /// `skippingTeardown`: for the `ecr` calls, whose output is written by then (`FileHandle` writes
    /// are unbuffered; stdio is flushed here), the process ends without running the exit handlers:
    /// OpenSSL's and libcurl's clean-up of memory the kernel frees anyway cost more than printing the answer.
    private static func runAndExit(skippingTeardown: Bool = false, _ body: () throws -> Void) -> Never {
        func leave(_ code: Int32) -> Never {
            guard skippingTeardown else { Foundation.exit(code) }
            fflush(nil)
            _exit(code)
        }
        do {
            try body()
            leave(0)
        } catch let failure as CLIFailure {
            if !failure.message.isEmpty {
                FileHandle.standardError.write(Data(("ecrguard: " + failure.message + "\n").utf8))
            }
            leave(failure.exitCode)
        } catch let exitCode as ExitCode {
            leave(exitCode.rawValue)
        } catch {
            // Argument parsing errors (usage: 64), --help and --version (0) are ArgumentParser's.
            let code = exitCode(for: error)
            if code.rawValue == 1 {
                // Any other error is a runtime failure: exit 2, never the gate's 1.
                FileHandle.standardError.write(Data(("ecrguard: error: \(error)\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// A failure that ends the command with a documented exit code and a message on stderr.
public struct CLIFailure: Error, CustomStringConvertible {
    public var exitCode: Int32
    public var message: String

    public init(exitCode: Int32, message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    /// The gate failed: findings at or above the threshold (exit 1). The report was already printed.
    public static let gateFailed = CLIFailure(exitCode: 1, message: "")
    /// Input could not be read or parsed, or a runtime error occurred (exit 2).
    public static func runtime(_ message: String) -> CLIFailure { CLIFailure(exitCode: 2, message: message) }
    /// The command line was wrong in a way only known after reading input (exit 64).
    public static func usage(_ message: String) -> CLIFailure { CLIFailure(exitCode: 64, message: message) }

    public var description: String { message }
}
