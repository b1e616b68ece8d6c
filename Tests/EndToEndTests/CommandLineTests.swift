import Testing

@Suite struct CommandLineTests {
    @Test func versionPrintsTheVersion() throws {
        let result = try BinaryRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test func unknownFlagIsBadUsage() throws {
        let result = try BinaryRunner.run(["--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-flag"))
    }
}
