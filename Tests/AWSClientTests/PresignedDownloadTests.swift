import AWSClient
import Foundation
import Testing
import TestSupport

/// `AWSClient.download`: an unsigned GET of a presigned URL (ECR's configuration blobs), bounded in size.
struct PresignedDownloadTests {
    func client() throws -> AWSClient {
        let environment = ["HOME": FileManager.default.temporaryDirectory.path, "AWS_ACCESS_KEY_ID": "AKIDDOWNLOAD",
                           "AWS_SECRET_ACCESS_KEY": "s"]
        return AWSClient(configuration: try AWSConfiguration.resolve(profile: nil, region: "ap-northeast-2", roleARN: nil,
                                                                     environment: environment, timeout: 5))
    }

    static let configuration = #"{"architecture":"arm64","os":"linux","variant":"v8","rootfs":{"type":"layers","diff_ids":[]}}"#

    @Test func theDocumentIsFetchedWithoutASignature() async throws {
        let server = try LoopbackHTTPServer { _ in .init(body: Self.configuration) }
        defer { server.stop() }
        let url = "\(server.url)/sha256:b5b2?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc"
        let body = try await client().download(url, maxBytes: 64 * 1024)
        #expect(String(decoding: body, as: UTF8.self) == Self.configuration)
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path.hasPrefix("/sha256:b5b2?X-Amz-Algorithm="), "\(request.path)")
        #expect(request.headers.keys.map { $0.lowercased() }.filter { $0 == "authorization" || $0.hasPrefix("x-amz-") } == [],
                "the presigned URL carries its own signature")
    }

    @Test func aLongerBodyFailsWithoutBeingKept() async throws {
        let server = try LoopbackHTTPServer { _ in .init(body: String(repeating: "x", count: 70_000)) }
        defer { server.stop() }
        await #expect(throws: AWSError.self) { try await client().download("\(server.url)/layer", maxBytes: 64 * 1024) }
        do {
            _ = try await client().download("\(server.url)/layer", maxBytes: 64 * 1024)
        } catch let error as AWSError {
            #expect(error.code == "ResponseTooLarge")
        }
    }

    @Test func aRefusedURLFailsWithItsStatus() async throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 403, body: "<Error><Code>AccessDenied</Code></Error>") }
        defer { server.stop() }
        do {
            _ = try await client().download("\(server.url)/expired", maxBytes: 1024)
            Issue.record("a 403 answer was returned as a document")
        } catch let error as AWSError {
            #expect(error.code == "HTTP403")
            #expect(error.httpStatus == 403)
        }
    }
}
