import CCurl
import Foundation

/// Sends HTTP requests with libcurl: one easy handle per request, performed on a background thread so that
/// callers can await it; TLS verification stays on.
struct CurlTransport: Sendable {
    let settings: TransportSettings

    /// `curl_global_init` must run once, before any other libcurl call, and is not thread-safe: a static
    /// `let` gives exactly that.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// The version string of the linked libcurl, e.g. `libcurl/8.5.0 OpenSSL/3.0.13`.
    static var version: String { String(cString: curl_version()) }

    /// Sends `request`; `timeout` (seconds) shortens the settings' total timeout, e.g. to what is left of a deadline.
    /// With `maxBodyBytes`, a longer body stops the transfer and fails with `ResponseTooLarge`.
    func send(_ request: HTTPRequest, timeout: Double? = nil, maxBodyBytes: Int? = nil) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try perform(request, timeout: timeout, maxBodyBytes: maxBodyBytes) })
            }
        }
    }

    private func perform(_ request: HTTPRequest, timeout: Double?, maxBodyBytes: Int?) throws -> HTTPResponse {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw AWSError(kind: .network, code: "CurlInit", message: "libcurl could not be initialised")
        }
        defer { curl_easy_cleanup(handle) }
        let buffer = ResponseBuffer(limit: maxBodyBytes)
        let context = Unmanaged.passUnretained(buffer).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // libcurl would otherwise add these on its own.
        for suppressed in ["Expect:", "Accept:"] where request.header(String(suppressed.dropLast())) == nil {
            headerList = curl_slist_append(headerList, suppressed)
        }
        if request.header("Content-Type") == nil {
            headerList = curl_slist_append(headerList, "Content-Type:")
        }

        ecs_medic_curl_setopt_string(handle, CURLOPT_URL, request.url)
        ecs_medic_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ecs_medic_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        ecs_medic_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        ecs_medic_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        let totalTimeout = max(0.001, min(settings.totalTimeout, timeout ?? settings.totalTimeout))
        ecs_medic_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS,
                                   Int(min(settings.connectTimeout, totalTimeout) * 1000))
        ecs_medic_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        let proxy = request.scheme == "https" ? settings.httpsProxy : settings.httpProxy
        ecs_medic_curl_setopt_string(handle, CURLOPT_PROXY, proxy ?? "")
        if let noProxy = settings.noProxy {
            ecs_medic_curl_setopt_string(handle, CURLOPT_NOPROXY, noProxy)
        }
        if let caBundle = settings.caBundle {
            ecs_medic_curl_setopt_string(handle, CURLOPT_CAINFO, caBundle)
        }
        ecs_medic_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        ecs_medic_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
            if let limit = buffer.limit, buffer.body.count + size * count > limit {
                buffer.exceeded = true
                return 0
            }
            buffer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }
        ecs_medic_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        ecs_medic_curl_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            buffer.headerLines.append(line)
            return size * count
        }
        ecs_medic_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)

        switch request.method {
        case "GET":
            ecs_medic_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        default:
            ecs_medic_curl_setopt_long(handle, CURLOPT_POST, 1)
            if request.method != "POST" {
                ecs_medic_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            }
            ecs_medic_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            if request.body.isEmpty {
                ecs_medic_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                request.body.withUnsafeBytes { bytes in
                    _ = ecs_medic_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS,
                                                      UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
        }

        if let limit = maxBodyBytes {
            // Refused before the transfer when the server announces a longer body.
            ecs_medic_curl_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit))
        }
        let code = curl_easy_perform(handle)
        if buffer.exceeded || code == CURLE_FILESIZE_EXCEEDED {
            throw AWSError(kind: .service, code: "ResponseTooLarge",
                           message: "\(request.scheme)://\(request.hostHeader): the body is longer than \(maxBodyBytes ?? 0) bytes")
        }
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            throw AWSError(kind: .network, code: code == CURLE_OPERATION_TIMEDOUT ? "Timeout" : "ConnectionError",
                           message: "\(request.scheme)://\(request.hostHeader): \(reason)")
        }
        var status = 0
        ecs_medic_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: buffer.headers, body: buffer.body)
    }
}

/// Collects what libcurl's callbacks deliver during one `curl_easy_perform`; only that thread touches it.
private final class ResponseBuffer {
    /// The most body bytes accepted (nil: any).
    let limit: Int?
    var exceeded = false
    var body = Data()

    init(limit: Int?) {
        self.limit = limit
    }
    var headerLines: [String] = []

    /// Headers of the last response received (a proxy's `CONNECT` answer comes first), names lower-cased.
    var headers: [String: String] {
        var result: [String: String] = [:]
        for line in headerLines {
            if line.hasPrefix("HTTP/") {
                result = [:]
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            result[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return result
    }
}
