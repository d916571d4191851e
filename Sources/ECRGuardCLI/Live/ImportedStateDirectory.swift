import Foundation
import RegistryAudit
import RegistryImport

/// Writes an imported state as a policies/ directory: `ecrguard.yaml`, every policy file and
/// `import-report.json`. Files a previous import wrote and this one does not are removed, so the
/// directory is exactly the import; a directory holding anything else is never touched.
enum ImportedStateDirectory {
    struct Refused: Error, CustomStringConvertible { var description: String }

    /// The folders an import writes policy files into.
    static let folders = ["repositories", "registries", "identity", "scp", "rcp"]

    static func write(_ state: ImportedState, to directory: String) throws {
        let root = URL(fileURLWithPath: directory)
        let manager = FileManager.default
        var files = ManifestWriter.files(for: state)
        files[ImportReport.fileName] = ImportReport(state).text
        let manifest = root.appendingPathComponent(RegistryLoader.manifestName)
        if let existing = try? String(contentsOf: manifest, encoding: .utf8), !existing.hasPrefix("# Written by `ecrguard import`") {
            throw Refused(description: "\(manifest.path) was not written by 'ecrguard import'; choose another --out")
        }
        for folder in folders {
            guard let walker = manager.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "json" {
                let relative = String(url.path.dropFirst(root.path.count + 1))
                if files[relative] == nil { try manager.removeItem(at: url) }
            }
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = Data(text.utf8)
            if manager.contents(atPath: url.path) != data { try data.write(to: url) }
        }
    }
}
