import Foundation
import PolicyCore

/// Where the repository the inputs live in starts: SARIF URIs and finding fingerprints name files
/// relative to it, so GitHub code scanning places results on the right file whichever directory
/// ecrguard ran in.
enum RepositoryRoot {
    /// `explicit` (`--repository-root`) when given, else the nearest directory at or above `near`
    /// (a path the command reads) that holds `.git` (a directory, or the file of a worktree), else nil.
    static func find(explicit: String?, near: String) -> String? {
        let cwd = FileManager.default.currentDirectoryPath
        if let explicit { return RepositoryPath.absolute(explicit, currentDirectory: cwd) }
        var isDirectory: ObjCBool = false
        let start = RepositoryPath.absolute(near, currentDirectory: cwd)
        let directory = FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory) && isDirectory.boolValue
            ? start : (start as NSString).deletingLastPathComponent
        return RepositoryPath.root(containing: directory) { FileManager.default.fileExists(atPath: $0 + "/.git") }
    }
}
