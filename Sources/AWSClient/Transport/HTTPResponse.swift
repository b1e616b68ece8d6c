import Foundation

/// One HTTP response: status, headers with lower-cased names, and the body.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
}
