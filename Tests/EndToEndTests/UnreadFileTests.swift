import Foundation
import Testing

/// A snapshot folder with a file whose name matches no operation, as a user who misspelt a label meets it: the
/// file is named on stderr with the name ecs-medic expected, and listed in the JSON report.
@Suite struct UnreadFileTests {
    static let misspelt = "ec2-describe-vpc-attribute-enable-dns-support.json"

    /// A copy of the seed fixture with one misspelt file added.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-unread-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BinaryRunner.packageRoot.appending(path: DiagnoseTests.seed), to: folder)
        try Data(#"{"VpcId": "vpc-063d06efffe55a239", "EnableDnsSupport": {"Value": true}}"#.utf8)
            .write(to: folder.appending(path: misspelt))
        return folder
    }

    @Test func aMisspeltFileIsNamedOnStderrWithTheExpectedName() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try BinaryRunner.run(["diagnose", "--snapshot", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr == "ecs-medic: \(Self.misspelt): not read: no such operation (expected ec2-describe-vpc-attribute--enable-dns-support.json)\n")
    }

    @Test func theJSONReportListsTheFileAndTheCleanFolderListsNone() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try BinaryRunner.run(["diagnose", "--snapshot", folder.path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let unread = try #require(report["unreadFiles"] as? [[String: String]])
        #expect(unread == [["file": Self.misspelt, "expected": "ec2-describe-vpc-attribute--enable-dns-support.json"]])

        let clean = try BinaryRunner.run(["diagnose", "--snapshot", DiagnoseTests.seed, "--format", "json"])
        let cleanReport = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        #expect(cleanReport["unreadFiles"] == nil)
        #expect(clean.stderr.isEmpty)
    }
}
