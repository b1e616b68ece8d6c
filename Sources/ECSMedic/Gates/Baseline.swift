import Foundation

/// The findings of a previous JSON report (`--baseline FILE`): a gate then fails only on findings that are new.
/// A finding is known when the same target (cluster and service, or task definition) had the same fingerprint.
public struct Baseline: Sendable, Equatable {
    public var keys: Set<String>

    public init(keys: Set<String>) {
        self.keys = keys
    }

    public init(report: Report) {
        keys = Set(report.results.flatMap { result in result.findings.map { Self.key($0, result.target) } })
    }

    /// Reads a JSON report written by `--format json`.
    public static func load(from path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("--baseline \(path): cannot read the file")
        }
        do {
            let report = try JSONDecoder().decode(Shape.self, from: data)
            return Baseline(keys: Set(report.results.flatMap { result in
                result.findings.map { "\(Self.targetKey(result.target))#\($0.fingerprint)" }
            }))
        } catch let error as DecodingError {
            throw InputError("--baseline \(path): not an ecs-medic JSON report: \(AWSCLIJSON.describe(error, under: nil))")
        } catch {
            throw InputError("--baseline \(path): not an ecs-medic JSON report")
        }
    }

    /// Whether the finding was not in the baseline.
    public func isNew(_ finding: Finding, in result: DiagnosisResult) -> Bool {
        !keys.contains(Self.key(finding, result.target))
    }

    static func key(_ finding: Finding, _ target: DiagnosisResult.Target) -> String {
        "\(targetKey(target))#\(finding.fingerprint)"
    }

    static func targetKey(_ target: DiagnosisResult.Target) -> String {
        "\(target.account ?? "")/\(target.region ?? "")/\(target.cluster ?? "")/\(target.service ?? target.taskDefinition ?? "")"
    }

    /// The part of the report a baseline reads.
    private struct Shape: Decodable {
        struct Result: Decodable {
            struct Finding: Decodable { var fingerprint: String }
            var target: DiagnosisResult.Target
            var findings: [Finding]
        }
        var results: [Result]
    }
}
