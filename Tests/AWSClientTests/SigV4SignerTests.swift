@testable import AWSClient
import Foundation
import Testing

/// The signer against signatures botocore computed for the same requests
/// (`scripts/make-sigv4-vectors.py` → `Resources/sigv4-vectors.json`).
struct SigV4SignerTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let json: JSONValue
        var testDescription: String { json["name"]?.stringValue ?? "?" }
    }

    static let vectors: [Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appending(path: "Resources/sigv4-vectors.json")
        guard let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(JSONValue.self, from: data) else { return [] }
        return (file["vectors"]?.arrayValue ?? []).map(Vector.init)
    }()

    @Test func vectorsAreLoaded() {
        #expect(Self.vectors.count >= 9)
    }

    @Test(arguments: vectors)
    func matchesBotocore(_ vector: Vector) throws {
        let json = vector.json
        let request = try #require(json["request"])
        var headers: [String: String] = [:]
        for (name, value) in request["headers"]?.objectValue ?? [:] { headers[name] = value.stringValue }
        var http = try HTTPRequest(method: try #require(request["method"]?.stringValue),
                                   url: try #require(request["url"]?.stringValue), headers: headers,
                                   body: Data((request["body"]?.stringValue ?? "").utf8))
        let credentials = AWSCredentials(accessKeyID: try #require(json["accessKeyId"]?.stringValue),
                                         secretAccessKey: try #require(json["secretAccessKey"]?.stringValue),
                                         sessionToken: json["sessionToken"]?.stringValue, source: .provided)
        let signer = SigV4Signer(credentials: credentials, region: try #require(json["region"]?.stringValue),
                                 service: try #require(json["service"]?.stringValue))
        let date = Date(timeIntervalSince1970: try #require(Timestamp.epochSeconds(json["time"]?.stringValue ?? "")))
        let expected = try #require(json["expected"])
        let result: SigV4Signer.Signature
        if json["mode"]?.stringValue == "query" {
            result = signer.presign(&http, date: date, expires: Int(json["expires"]?.numberValue ?? 0))
            #expect(http.url == expected["url"]?.stringValue)
        } else {
            result = signer.signHeaders(&http, date: date)
            #expect(http.headers["Authorization"] == expected["authorization"]?.stringValue)
            for (name, value) in expected["headers"]?.objectValue ?? [:] {
                #expect(http.headers[name] == value.stringValue, "header \(name)")
            }
        }
        #expect(result.canonicalRequest == expected["canonicalRequest"]?.stringValue)
        #expect(result.stringToSign == expected["stringToSign"]?.stringValue)
        #expect(result.signature == expected["signature"]?.stringValue)
    }

    /// The example of the AWS General Reference ("Examples of how to derive a signing key for Signature Version
    /// 4"): secret `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`, 20120215, us-east-1, iam.
    @Test func signingKeyMatchesTheDocumentedExample() {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE",
                                                             secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                             source: .provided),
                                 region: "us-east-1", service: "iam")
        let key = signer.signingKey(day: "20120215").withUnsafeBytes { SigV4Signer.hex(Array($0)) }
        #expect(key == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}
