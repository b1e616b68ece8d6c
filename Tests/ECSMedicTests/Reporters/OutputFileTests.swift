@testable import ECSMedic
import Foundation
import Testing

/// `--output` and `--record` paths: regular files are replaced atomically, anything else is written in place.
@Suite struct OutputFileTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A FIFO (like /dev/null or a terminal, not a regular file) gets the bytes and stays a FIFO: an atomic write
    /// would have renamed a plain file over it.
    @Test func aFIFOIsWrittenInPlace() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appending(path: "report.pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        try OutputFile.write("{\"results\": []}\n", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "{\"results\": []}\n")
        var status = stat()
        try #require(lstat(fifo, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFIFO)
    }

    /// A symbolic link keeps pointing at its file, which gets the new text.
    @Test func aLinkedFileIsReplacedBehindTheLink() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "report.json"), link = folder.appending(path: "latest.json")
        try "old\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        try OutputFile.write("new\n", to: link.path)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == file.path)
    }

    @Test func aNewFileIsCreated() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "out.sarif").path
        try OutputFile.write("sarif\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "sarif\n")
    }
}
