import AWSClient
import Foundation

/// One AWS read operation ecs-medic makes, declared once (see `OperationCatalog`): its service and name, and from
/// them the IAM permission, the AWS CLI command and the folder-form file name (design.md §7), what the folder
/// label names when the response does not say what it describes, and who collects it.
public struct AWSOperation: Sendable, Hashable, CustomStringConvertible {
    /// Who makes the call.
    public enum Collection: Sendable, Hashable {
        /// A live run, and the `snapshot commands` script.
        case liveAndScript
        /// Only a live run: listing what to diagnose when no service is named (the script names its service), and
        /// what an audit of several accounts asks besides each account's facts (accounts, regions, Organizations).
        case liveOnly
        /// Only the `snapshot commands` script: a live run has the answer from another call.
        case scriptOnly
    }

    public let service: AWSServiceID
    /// The API operation name, `DescribeRouteTables`.
    public let name: String
    public let collection: Collection
    /// What the label of a folder-form file names (a request member such as `RoleName`), when the response
    /// does not say what it describes; nil when the response does.
    public let label: String?
    /// The response member the decoder reads.
    public let reads: String
    /// For an operation that answers a presigned URL to a small document: what is fetched and recorded instead.
    public let download: Download?

    /// A presigned URL in member `urlMember` of the answer, fetched with an unsigned GET of at most `maxBytes`; the
    /// call is recorded with the document's top-level `members` (the URL, a bearer credential until it expires,
    /// and the rest of the document are not kept).
    public struct Download: Sendable, Hashable {
        public let urlMember: String
        public let maxBytes: Int
        public let members: [String]
    }

    init(_ service: AWSServiceID, _ name: String, reads: String, label: String? = nil, collection: Collection = .liveAndScript,
         download: Download? = nil) {
        self.service = service
        self.name = name
        self.reads = reads
        self.label = label
        self.collection = collection
        self.download = download
    }

    /// The IAM action that allows the call (`ec2:DescribeVpcs`, `elasticfilesystem:DescribeMountTargets`).
    public var permission: String { "\(service.iamPrefix):\(name)" }

    /// The AWS CLI's name for the operation: `DescribeDBClusters` → `describe-db-clusters`.
    public var cliName: String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result += "-"
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// `aws <this> ...`: `ec2 describe-route-tables`.
    public var cliCommand: String { "\(service.rawValue) \(cliName)" }

    /// The folder-form file name without label and extension: `ec2-describe-route-tables`.
    public var fileBase: String { "\(service.rawValue)-\(cliName)" }

    /// The folder-form file name, with `label` encoded (`FolderLabel`).
    public func fileName(label: String? = nil) -> String {
        fileBase + (label.map { "--" + FolderLabel.encode($0) } ?? "") + ".json"
    }

    public var description: String { "\(service.rawValue):\(name)" }
}

/// The label of a folder-form file name (`iam-get-role--<label>.json`): the subject's name with `%`, `/`, `:`,
/// `#`, `\`, space and control characters written as `%XX` (upper-case hex of each UTF-8 byte), so that a
/// secret named `prod/db` is `secretsmanager-describe-secret--prod%2Fdb.json`. Decoding reverses it; a label
/// without `%` reads as written.
public enum FolderLabel {
    static let escaped: Set<Character> = ["%", "/", ":", "#", "\\", " "]

    public static func encode(_ subject: String) -> String {
        var result = ""
        for character in subject {
            if escaped.contains(character) || character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                for byte in String(character).utf8 { result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            } else {
                result.append(character)
            }
        }
        return result
    }

    public static func decode(_ label: String) -> String {
        label.contains("%") ? label.removingPercentEncoding ?? label : label
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
