import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `moto_server` on a free loopback port, started for a test and killed when it is stopped, released, or
/// when the test process ends (moto_server ignores SIGTERM, so it gets SIGKILL; a watchdog ends it when the
/// test process is gone).
/// It must be on PATH (`scripts/test.sh` puts `.venv/bin` first); when it is not, starting fails loudly.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    /// Runs moto's server entry point with a watchdog that exits when the test process (its parent) is gone
    /// (a parent-death signal would fire when the spawning *thread* exits, which worker threads do when idle),
    /// after correcting moto where it departs from AWS (each correction says which AWS behaviour it restores).
    private static let launcher = """
        import os, sys, threading, time
        parent = os.getppid()
        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        # ECR answers GetDownloadUrlForLayer with a presigned S3 URL of a layer or configuration blob the
        # repository's images reference, and LayersNotFoundException for any other digest (ECR API reference,
        # GetDownloadUrlForLayer); moto raises NotImplementedError. The URL is not served: tests compare answers.
        import json
        from moto.core.exceptions import ServiceException
        from moto.ecr.responses import ECRResponse
        class LayersNotFoundException(ServiceException):
            code = "LayersNotFoundException"
        def get_download_url_for_layer(self):
            digest = self._get_param("layerDigest")
            repository = self.ecr_backend._get_repository(self._get_param("repositoryName"), self._get_param("registryId"))
            referenced = set()
            for image in repository.images:
                manifest = json.loads(image.image_manifest or "{}")
                referenced.update(blob.get("digest") for blob in [manifest.get("config") or {}] + (manifest.get("layers") or []))
            if digest not in referenced:
                raise LayersNotFoundException("The specified layers could not be found, or the specified layer is not valid for this repository.")
            bucket = f"https://prod-{self.region}-starport-layer-bucket.s3.{self.region}.amazonaws.com"
            return json.dumps({"downloadUrl": f"{bucket}/{repository.registry_id}/{repository.name}/{digest}"
                                              "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600",
                               "layerDigest": digest})
        ECRResponse.get_download_url_for_layer = get_download_url_for_layer
        from moto.server import main
        sys.argv = ["moto_server"] + sys.argv[1:]
        main()
        """

    /// `http://127.0.0.1:<port>`, to use as `AWS_ENDPOINT_URL`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts `moto_server -H 127.0.0.1 -p <port>` with `environment` added to ours (for example
    /// `INITIAL_NO_AUTH_ACTION_COUNT` to turn request authentication on) and waits until it accepts connections.
    public init(environment: [String: String] = [:]) throws {
        guard let executable = Self.findOnPath("moto_server") else {
            throw TestSupportError("moto_server is not on PATH: run scripts/test.sh, or "
                + "`python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt` and put .venv/bin first")
        }
        port = try LoopbackPort.free()
        process = Process()
        let python = URL(fileURLWithPath: executable).deletingLastPathComponent().appending(path: "python3").path
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: python)
            ? python : "/usr/bin/python3")
        process.arguments = ["-c", Self.launcher, "-H", "127.0.0.1", "-p", String(port)]
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !LoopbackPort.accepts(port) {
            guard process.isRunning else {
                throw TestSupportError("moto_server exited with status \(process.terminationStatus) at start")
            }
            guard Date() < deadline else {
                stop()
                throw TestSupportError("moto_server did not answer on port \(port) within 30 s")
            }
            usleep(50_000)
        }
    }

    /// Kills the server and waits for it to exit.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        stop()
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// What test support reports when its tools are missing or misbehave.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

extension MotoServer {
    /// One server shared by every test of the process (tests isolate themselves by region and names), started
    /// on first use and terminated when the process exits.
    public static func shared() throws -> MotoServer {
        try sharedServer.get()
    }

    private static let sharedServer = Result { try MotoServer() }
}
