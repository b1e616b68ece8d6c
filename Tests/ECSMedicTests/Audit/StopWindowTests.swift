@testable import ECSMedic
import Testing

/// `audit --since`: durations before now and ISO 8601 times.
@Suite struct StopWindowTests {
    static let now = 1_796_292_000.0

    @Test(arguments: [("30m", 1800.0), ("2h", 7200), ("1d", 86_400), ("90s", 90), ("PT1H30M", 5400), ("P1D", 86_400),
                      ("PT45S", 45)])
    func aDurationCountsBackFromNow(_ text: String, _ seconds: Double) throws {
        #expect(try #require(StopWindow(text, now: Self.now)).start == Self.now - seconds)
    }

    @Test func anISOTimeIsTheStart() {
        #expect(StopWindow("2026-12-03T09:00:00Z", now: Self.now)?.start == 1_796_288_400)
    }

    @Test(arguments: ["", "1x", "-2h", "0m", "P", "PT", "PT1X", "yesterday", "2h30"])
    func anythingElseIsNoWindow(_ text: String) {
        #expect(StopWindow(text, now: Self.now) == nil)
    }

    @Test func aStopAtTheStartCountsOneBeforeDoesNot() throws {
        let window = try #require(StopWindow("1h", now: Self.now))
        #expect(window.contains(Self.now - 3600))
        #expect(!window.contains(Self.now - 3601))
        #expect(StopWindow.standard(now: Self.now) == window)
    }
}
