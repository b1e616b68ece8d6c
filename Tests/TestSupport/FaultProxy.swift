import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP proxy on 127.0.0.1 in front of an AWS endpoint (moto_server) that answers a share of the requests with
/// a fault instead of the endpoint's answer. Which requests fail, and how, depends only on the seed and on the
/// request itself (its target, path and canonicalised body, and how many times the same request came before), not
/// on the order in which concurrent requests arrive: the same run with the same seed meets the same faults.
public final class FaultProxy: @unchecked Sendable {
    /// One way a response goes wrong.
    public enum Fault: String, CaseIterable, Sendable, Comparable {
        /// The protocol's throttling error: JSON `ThrottlingException` (400), EC2 `RequestLimitExceeded` (503),
        /// query `Throttling` (400).
        case throttling
        /// HTTP 429 with a plain-text body.
        case tooManyRequests
        /// HTTP 500 with a plain-text body.
        case internalError
        /// HTTP 503 with a plain-text body.
        case serviceUnavailable
        /// The connection is reset without an answer.
        case connectionReset
        /// No answer for `stallSeconds`, then the connection closes.
        case stall
        /// The endpoint's status and headers, then half of its body, then the connection closes.
        case truncatedBody
        /// HTTP 200, the protocol's content type and a body cut off mid-document (its length announced honestly).
        case malformedBody
        /// HTTP 200 with an HTML page (well-formed, as XML too) instead of the service's answer.
        case wrongContentType

        public static func < (lhs: Fault, rhs: Fault) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let upstreamPort: Int
    private let seed: UInt64
    private let rate: Double
    private let faults: [Fault]
    private let stallSeconds: Double
    private let faultsPerRequest: Int
    private let listener: Int32
    private let lock = NSLock()
    private var occurrences: [String: Int] = [:]
    private var counts: [Fault: Int] = [:]
    private var requestTotal = 0
    private var abandoned: [Double] = []
    private var stopped = false

    /// Faults injected so far, by kind.
    public var injected: [Fault: Int] {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    /// Seconds after which the client gave up on each stalled request (closed the connection), in order.
    public var abandonedStalls: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return abandoned
    }

    /// Requests received so far, faulted or forwarded.
    public var requestCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return requestTotal
    }

    /// Listens on a free loopback port and forwards to `upstream` (`http://127.0.0.1:PORT`), answering a request
    /// with one of `faults` with probability `rate`; the same request is faulted at most `faultsPerRequest`
    /// times (its first arrivals), so that a test can ask for "fails once, then succeeds".
    public init(upstream: String, seed: UInt64, rate: Double, faults: [Fault] = Fault.allCases,
                stallSeconds: Double = 30, faultsPerRequest: Int = .max) throws {
        guard let components = URLComponents(string: upstream), let upstreamPort = components.port,
              components.host == "127.0.0.1" || components.host == "localhost" else {
            throw TestSupportError("FaultProxy forwards to http://127.0.0.1:PORT only, not \(upstream)")
        }
        self.upstreamPort = upstreamPort
        self.seed = seed
        self.rate = rate
        self.faults = faults.isEmpty ? Fault.allCases : faults
        self.stallSeconds = stallSeconds
        self.faultsPerRequest = faultsPerRequest
        (listener, port) = try LoopbackPort.listener(backlog: 64)
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting connections and ends the stalls in progress.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit {
        stop()
    }

    /// The fault for the `occurrence`-th arrival (from 0) of the request `key`, or nil to forward it: a pure
    /// function of the seed, so tests can predict it.
    public func fault(forKey key: String, occurrence: Int) -> Fault? {
        guard occurrence < faultsPerRequest else { return nil }
        var hash = Self.fnv1a(Data("\(seed)\u{0}\(key)\u{0}\(occurrence)".utf8))
        hash = Self.splitMix(hash)
        guard Double(hash >> 11) / Double(UInt64(1) << 53) < rate else { return nil }
        return faults[Int(Self.splitMix(hash) % UInt64(faults.count))]
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread { [self] in
                serve(connection)
                close(connection)
            }.start()
        }
    }

    private func serve(_ connection: Int32) {
        guard let request = HTTPMessage.read(from: connection, isRequest: true) else { return }
        let key = Self.key(of: request)
        lock.lock()
        let occurrence = occurrences[key, default: 0]
        occurrences[key] = occurrence + 1
        requestTotal += 1
        let fault = fault(forKey: key, occurrence: occurrence)
        if let fault { counts[fault, default: 0] += 1 }
        lock.unlock()
        let wire = Self.wireProtocol(of: request)
        switch fault {
        case nil:
            guard let response = forward(request) else { return reset(connection) }
            send(connection, response.serialized(bodyLimit: nil))
        case .throttling:
            send(connection, Self.throttlingError(wire, action: request.action).serialized(bodyLimit: nil))
        case .tooManyRequests:
            send(connection, HTTPMessage(status: 429, text: "Too Many Requests").serialized(bodyLimit: nil))
        case .internalError:
            send(connection, HTTPMessage(status: 500, text: "Internal Server Error").serialized(bodyLimit: nil))
        case .serviceUnavailable:
            send(connection, HTTPMessage(status: 503, text: "Service Unavailable").serialized(bodyLimit: nil))
        case .connectionReset:
            reset(connection)
        case .stall:
            let started = Date()
            var byte: UInt8 = 0
            while Date().timeIntervalSince(started) < stallSeconds && !isStopped {
                if recv(connection, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0 {
                    lock.lock()
                    abandoned.append(Date().timeIntervalSince(started))
                    lock.unlock()
                    return
                }
                usleep(20_000)
            }
        case .truncatedBody:
            guard let response = forward(request) else { return reset(connection) }
            send(connection, response.serialized(bodyLimit: response.body.count / 2))
            reset(connection)
        case .malformedBody:
            send(connection, Self.malformed(wire, action: request.action).serialized(bodyLimit: nil))
        case .wrongContentType:
            var page = HTTPMessage(status: 200, text: "<html><head><title>Welcome</title></head><body><p>Sign in to continue.</p></body></html>")
            page.headers["Content-Type"] = "text/html; charset=utf-8"
            send(connection, page.serialized(bodyLimit: nil))
        }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The endpoint's answer to `request`, or nil when it could not be reached.
    private func forward(_ request: HTTPMessage) -> HTTPMessage? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard upstream >= 0 else { return nil }
        defer { close(upstream) }
        var address = LoopbackPort.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0, send(upstream, request.serialized(bodyLimit: nil)) else { return nil }
        return HTTPMessage.read(from: upstream, isRequest: false)
    }

    @discardableResult
    private func send(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer {
                Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Closes with a TCP reset rather than an orderly shutdown.
    private func reset(_ connection: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(connection, Int32(SHUT_RD))
    }

    // MARK: requests and fault bodies

    enum WireProtocol { case json, ec2, query }

    static func wireProtocol(of request: HTTPMessage) -> WireProtocol {
        if request.header("x-amz-target") != nil { return .json }
        let scope = request.header("authorization")?.components(separatedBy: "/") ?? []
        return scope.count > 3 && scope[3] == "ec2" ? .ec2 : .query
    }

    /// What identifies a request across runs: target, method, path and the body with its parameters sorted
    /// (JSON keys sorted, form pairs sorted), so that encoding order does not matter.
    static func key(of request: HTTPMessage) -> String {
        let body: String
        if let object = try? JSONSerialization.jsonObject(with: request.body),
           let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            body = String(decoding: sorted, as: UTF8.self)
        } else {
            body = String(decoding: request.body, as: UTF8.self).split(separator: "&").sorted().joined(separator: "&")
        }
        return [request.header("x-amz-target") ?? "", request.startLine, body].joined(separator: "\u{0}")
    }

    static func throttlingError(_ wire: WireProtocol, action: String?) -> HTTPMessage {
        switch wire {
        case .json:
            var message = HTTPMessage(status: 400, text: #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)
            message.headers["Content-Type"] = "application/x-amz-json-1.1"
            return message
        case .ec2:
            var message = HTTPMessage(status: 503, text: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>5ad2c4a0-fault-proxy</RequestID></Response>
                """)
            message.headers["Content-Type"] = "text/xml;charset=UTF-8"
            return message
        case .query:
            var message = HTTPMessage(status: 400, text: """
                <ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>5ad2c4a0-fault-proxy</RequestId></ErrorResponse>
                """)
            message.headers["Content-Type"] = "text/xml"
            return message
        }
    }

    static func malformed(_ wire: WireProtocol, action: String?) -> HTTPMessage {
        switch wire {
        case .json:
            var message = HTTPMessage(status: 200, text: #"{"taskArns": ["arn:aws:ecs:us-east-1:1"#)
            message.headers["Content-Type"] = "application/x-amz-json-1.1"
            return message
        case .ec2, .query:
            let root = "\(action ?? "Unknown")Response"
            var message = HTTPMessage(status: 200, text: "<?xml version=\"1.0\"?>\n<\(root)><requestId>5ad2c4a0</requestId><item><name>")
            message.headers["Content-Type"] = "text/xml"
            return message
        }
    }

    static func fnv1a(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// One HTTP/1.1 request or response as the proxy reads and writes it: start line, headers in order, body
/// (chunked bodies decoded).
struct HTTPMessage {
    var startLine: String
    var headers: [String: String]
    var body: Data

    init(startLine: String, headers: [String: String], body: Data) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    init(status: Int, text: String) {
        self.init(startLine: "HTTP/1.1 \(status) Fault", headers: ["Content-Type": "text/plain"], body: Data(text.utf8))
    }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name }?.value
    }

    /// The `Action` of a query or EC2 form body.
    var action: String? {
        String(decoding: body, as: UTF8.self).split(separator: "&")
            .first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) }
    }

    /// The message as sent on a connection that closes after it; `bodyLimit` sends only that many body bytes
    /// while announcing the whole length.
    func serialized(bodyLimit: Int?) -> [UInt8] {
        var text = startLine + "\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key })
        where !["connection", "content-length", "transfer-encoding", "keep-alive"].contains(name.lowercased()) {
            text += "\(name): \(value)\r\n"
        }
        text += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(text.utf8) + Array(body.prefix(bodyLimit ?? body.count))
    }

    /// Reads one message from `connection`: headers, then a `Content-Length` body, a chunked body, or (a response
    /// without either) everything until the peer closes.
    static func read(from connection: Int32, isRequest: Bool) -> HTTPMessage? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return false }
            data.append(contentsOf: buffer[0..<count])
            return true
        }
        var headerEnd = data.range(of: Data("\r\n\r\n".utf8))
        while headerEnd == nil {
            guard fill() else { return nil }
            headerEnd = data.range(of: Data("\r\n\r\n".utf8))
        }
        guard let headerEnd else { return nil }
        var lines = String(decoding: data[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let startLine = lines.removeFirst()
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var message = HTTPMessage(startLine: startLine, headers: headers, body: Data())
        let bodyStart = headerEnd.upperBound
        if let length = message.header("content-length").flatMap(Int.init) {
            while data.count - bodyStart < length {
                guard fill() else { break }
            }
            message.body = Data(data[bodyStart...].prefix(length))
        } else if message.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            while data.range(of: Data("\r\n0\r\n".utf8), in: max(bodyStart, data.startIndex)..<data.endIndex) == nil
                && !data[bodyStart...].starts(with: Data("0\r\n".utf8)) {
                guard fill() else { break }
            }
            message.body = dechunk(Data(data[bodyStart...]))
        } else if !isRequest {
            while fill() {}
            message.body = Data(data[bodyStart...])
        }
        return message
    }

    private static func dechunk(_ data: Data) -> Data {
        var body = Data()
        var index = data.startIndex
        while let lineEnd = data.range(of: Data("\r\n".utf8), in: index..<data.endIndex) {
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0,
                  lineEnd.upperBound + size <= data.endIndex else { break }
            body.append(data[lineEnd.upperBound..<lineEnd.upperBound + size])
            index = lineEnd.upperBound + size + 2
            guard index <= data.endIndex else { break }
        }
        return body
    }
}
