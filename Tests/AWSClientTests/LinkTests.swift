import AWSClient
import Testing

@Test func linksAgainstLibcurl() {
    #expect(linkedCurlVersion().hasPrefix("libcurl/"))
}
