import Foundation

/// Writes a file the user named (`--output`, `--record`): atomically, so that a reader never sees half a file,
/// unless the path is not a regular file. An atomic write renames a new file over the path, which would replace
/// `/dev/null`, a FIFO or a terminal with a plain file (and a symbolic link with a copy): those are written in place.
public enum OutputFile {
    public static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let type = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.type] as? FileAttributeType
        if let type, type != .typeRegular {
            let handle = try FileHandle(forWritingTo: target)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
        } else {
            try data.write(to: target, options: .atomic)
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
