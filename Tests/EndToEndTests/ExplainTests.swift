import Foundation
import Testing

/// `ecs-medic explain` run as a user runs it: arguments, standard input, formats, exit codes and hostile input.
@Suite struct ExplainTests {
    static let ssmTimeout = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."

    private func json(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func jsonNamesCategoryAndExtractedFacts() throws {
        let result = try BinaryRunner.run(["explain", "--format", "json", Self.ssmTimeout])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let object = try json(result.stdout)
        #expect(object["category"] as? String == "secrets-unreachable")
        #expect(object["service"] as? String == "ssm")
        #expect(object["errorCode"] as? String == "RequestCanceled")
        #expect(object["retries"] as? Int == 5)
        #expect((object["rules"] as? [String])?.contains("ssm-unreachable") == true)
        #expect(object["resource"] == nil)
    }

    @Test func jsonIsByteForByteStable() throws {
        let first = try BinaryRunner.run(["explain", "--format", "json", Self.ssmTimeout])
        let second = try BinaryRunner.run(["explain", "--format", "json", Self.ssmTimeout])
        #expect(first.stdout == second.stdout)
    }

    @Test func textStartsWithCategoryAndShowsFacts() throws {
        let result = try BinaryRunner.run(["explain", "CannotPullContainerError: Error response from daemon: toomanyrequests: You have reached your pull rate limit."])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("registry-rate-limited: "))
        #expect(result.stdout.contains("  error code: toomanyrequests\n"))
        #expect(result.stdout.contains("Likely causes:"))
    }

    @Test func readsStandardInputForDash() throws {
        let result = try BinaryRunner.run(["explain", "-", "--format", "json"],
                                          stdin: "OutOfMemoryError: Container killed due to memory usage\n")
        #expect(result.status == 0)
        #expect(try json(result.stdout)["category"] as? String == "out-of-memory")
    }

    @Test func unknownIsAnAnswer() throws {
        let result = try BinaryRunner.run(["explain", "--format", "json", "service web has reached a steady state."])
        #expect(result.status == 0)
        #expect(try json(result.stdout)["category"] as? String == "unknown")
    }

    @Test(arguments: [["explain", ""], ["explain", "   \t "]])
    func emptyArgumentIsBadInput(arguments: [String]) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("ecs-medic: explain: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func emptyStandardInputIsBadInput() throws {
        let result = try BinaryRunner.run(["explain", "-"], stdin: "\n\n")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("ecs-medic: explain: standard input is empty"))
    }

    @Test func unknownFormatIsBadUsage() throws {
        let result = try BinaryRunner.run(["explain", "--format", "yaml", "Task stopped by user"])
        #expect(result.status == 2)
    }

    @Test func binaryGarbageIsUnknownNotACrash() throws {
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        var state: UInt32 = 2_463_534_242
        for index in bytes.indices {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        let result = try Self.run(["explain", "-", "--format", "json"], stdin: Data(bytes))
        #expect(result.status == 0)
        #expect(try json(result.stdout)["category"] as? String == "unknown")
    }

    @Test func tenMegabyteLineIsAnswered() throws {
        var line = Data("CannotPullContainerError: context canceled ".utf8)
        line.append(Data(repeating: UInt8(ascii: "z"), count: 10 * 1024 * 1024))
        line.append(UInt8(ascii: "\n"))
        let result = try Self.run(["explain", "-", "--format", "json"], stdin: line)
        #expect(result.status == 0)
        #expect(try json(result.stdout)["category"] as? String == "ecr-unreachable")
    }

    /// Runs the binary with raw bytes on standard input (BinaryRunner takes text), writing them while it reads.
    private static func run(_ arguments: [String], stdin: Data) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let out = (try output.fileHandleForReading.readToEnd() ?? Data())
        let err = (try error.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
