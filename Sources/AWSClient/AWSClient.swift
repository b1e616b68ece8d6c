import CCurl
import CLibXML2

/// The version of libcurl this client is linked against.
public func linkedCurlVersion() -> String {
    String(cString: curl_version())
}
