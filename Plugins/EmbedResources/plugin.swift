import Foundation
import PackagePlugin

/// Embeds the package's data files into the target that uses them (ECSMedic: `rules/*.yaml`, `data/*.json`;
/// AWSClient: `aws-models/*.json`), so the built binary is self-contained and cannot lose them.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folderNames = target.name == "AWSClient" ? ["aws-models"] : ["rules", "data"]
        let folders = folderNames.map { root.appending(path: $0) }
        let inputs = try folders.flatMap { folder -> [URL] in
            guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { ["yaml", "json"].contains($0.pathExtension) }
        }.sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) data files",
                executable: try context.tool(named: "EmbedFiles").url,
                arguments: [output.path, root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
