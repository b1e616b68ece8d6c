import AWSClient
import Foundation

/// Collects an audit of several accounts (`audit --accounts ... | --organization`): in each account it assumes
/// `arn:<partition>:iam::<account>:role/<roleName>` from the caller's credentials, lists the regions to audit (the
/// ones given, or with `all` the account's enabled regions), and collects each account-region as `AuditCollector`
/// does, at most `concurrency` AWS calls in flight across all of them. When the caller can read the organization
/// (its management account or a delegated administrator), the SCPs and RCPs on each account's path are read with
/// the caller's own credentials and recorded in each of the account's snapshots. An account that fails (its role
/// cannot be assumed, its regions cannot be listed) is returned as unaudited with the reason; the others go on.
public struct AccountAudit: Sendable {
    /// One collected account-region.
    public struct Collected: Sendable {
        public var account: String
        public var region: String
        public var snapshot: Snapshot
    }

    public let caller: AWSConfiguration
    public let roleName: String
    public let externalID: String?
    /// Regions to audit; empty means the caller's region, `["all"]` the account's enabled regions.
    public let regions: [String]
    public let clusters: [String]
    public let concurrency: Int
    /// Seconds allowed for each account-region's collection (and each account's role assumption); nil: no limit.
    public let timeout: TimeInterval?

    public init(caller: AWSConfiguration, roleName: String, externalID: String?, regions: [String], clusters: [String],
                concurrency: Int, timeout: TimeInterval? = nil) {
        self.timeout = timeout
        self.caller = caller
        self.roleName = roleName
        self.externalID = externalID
        self.regions = regions
        self.clusters = clusters
        self.concurrency = concurrency
    }

    /// The organization's ACTIVE accounts (`organizations list-accounts`, every page), sorted.
    public func organizationAccounts() async throws -> [String] {
        var accounts: [String] = []
        let client = AWSClient(configuration: caller)
        for try await page in client.paginate(.organizations, OperationCatalog.listAccounts.name) {
            for account in page["Accounts"]?.arrayValue ?? [] where account["Status"]?.stringValue == "ACTIVE" {
                if let id = account["Id"]?.stringValue { accounts.append(id) }
            }
        }
        return Array(Set(accounts)).sorted()
    }

    /// The role ARN assumed in `account`.
    public func roleARN(in account: String) -> String {
        "arn:\(Self.partition(of: caller.region)):iam::\(account):role/\(roleName)"
    }

    /// Every account-region collected, sorted by account then region, and the ones that could not be.
    /// `progress` is told the number of calls made so far.
    public func collect(_ accounts: [String], progress: @escaping @Sendable (Int) -> Void = { _ in })
        async -> (collected: [Collected], unaudited: [UnauditedAccount]) {
        let slots = CallSlots(concurrency)
        let counter = CallCounter(progress)
        let readsOrganization = await organizationIsReadable()
        var collected: [Collected] = []
        var unaudited: [UnauditedAccount] = []
        // At most `concurrency` accounts at once; each collects its regions at once, sharing the call slots.
        await withTaskGroup(of: ([Collected], [UnauditedAccount]).self) { group in
            var pending = accounts[...]
            func startNext() {
                guard let account = pending.popFirst() else { return }
                group.addTask {
                    await self.collect(account, slots: slots, counter: counter, readsOrganization: readsOrganization)
                }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            for await (done, failed) in group {
                collected += done
                unaudited += failed
                startNext()
            }
        }
        collected.sort { ($0.account, $0.region) < ($1.account, $1.region) }
        return (collected, unaudited.sorted())
    }

    private func collect(_ account: String, slots: CallSlots, counter: CallCounter, readsOrganization: Bool) async
        -> ([Collected], [UnauditedAccount]) {
        let role = roleARN(in: account)
        var caller = self.caller
        caller.deadline = timeout.map { Date().addingTimeInterval($0) }
        let assumed = caller.assumingRole(role, externalID: externalID, sessionName: "ecs-medic-audit")
        do {
            _ = try await AWSClient(configuration: assumed).credentials()
        } catch {
            return ([], [UnauditedAccount(account: account, region: nil, reason: Self.reason(error),
                                          permission: "sts:AssumeRole on \(role)")])
        }
        let regions: [String]
        do {
            regions = try await self.regions(of: assumed)
        } catch {
            return ([], [UnauditedAccount(account: account, region: nil, reason: Self.reason(error),
                                          permission: OperationCatalog.describeRegions.permission)])
        }
        let organization = readsOrganization ? await organizationCalls(for: account, caller: caller, slots: slots, counter: counter) : []
        return await withTaskGroup(of: (Collected?, UnauditedAccount?).self) { group in
            for region in regions {
                group.addTask {
                    var configuration = assumed
                    configuration.region = region
                    configuration.deadline = self.timeout.map { Date().addingTimeInterval($0) }
                    do {
                        let (snapshot, _) = try await AuditCollector(client: AWSClient(configuration: configuration), slots: slots) { _ in
                            counter.add()
                        }.collect(clusters: self.clusters)
                        var recorded = snapshot
                        recorded.account = recorded.account ?? account
                        recorded.calls = AuditCollector.stableOrder(snapshot.calls + organization)
                        return (Collected(account: account, region: region, snapshot: recorded), nil)
                    } catch {
                        return (nil, UnauditedAccount(account: account, region: region, reason: Self.reason(error), permission: nil))
                    }
                }
            }
            var collected: [Collected] = []
            var unaudited: [UnauditedAccount] = []
            for await (done, failed) in group {
                if let done { collected.append(done) }
                if let failed { unaudited.append(failed) }
            }
            return (collected, unaudited)
        }
    }

    /// The regions to audit in an account whose role is assumed in `assumed`.
    private func regions(of assumed: AWSConfiguration) async throws -> [String] {
        if regions.isEmpty { return [caller.region] }
        guard regions.contains("all") else { return Array(Set(regions)).sorted() }
        let answer = try await AWSClient(configuration: assumed).send(.ec2, OperationCatalog.describeRegions.name,
                                                                       ["AllRegions": true])
        let enabled = (answer["Regions"]?.arrayValue ?? []).filter {
            ["opt-in-not-required", "opted-in"].contains($0["OptInStatus"]?.stringValue ?? "")
        }.compactMap { $0["RegionName"]?.stringValue }
        return Array(Set(enabled + regions.filter { $0 != "all" })).sorted()
    }

    /// Whether the caller may read its organization: `organizations describe-organization` answers.
    private func organizationIsReadable() async -> Bool {
        (try? await AWSClient(configuration: caller).send(.organizations, OperationCatalog.describeOrganization.name)) != nil
    }

    /// The Organizations calls that give `account`'s path and the SCPs and RCPs on it (`OrganizationPolicies`),
    /// made with the caller's credentials; a failed call is recorded as such.
    private func organizationCalls(for account: String, caller: AWSConfiguration, slots: CallSlots, counter: CallCounter) async
        -> [SnapshotCall] {
        let recorder = CallRecorder(client: AWSClient(configuration: caller), slots: slots) { _ in counter.add() }
        do {
            try await recorder.call(OperationCatalog.describeOrganization)
            var targets = [account]
            var child = account
            while targets.count < 10 {
                guard let parent = try await recorder.call(OperationCatalog.listParents, ["ChildId": .string(child)])?
                    .first?["Parents"]?.arrayValue?.first, let id = parent["Id"]?.stringValue else { break }
                targets.append(id)
                if parent["Type"]?.stringValue == "ROOT" { break }
                child = id
            }
            var policies: Set<String> = []
            for target in targets {
                for filter in ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] {
                    let pages = try await recorder.call(OperationCatalog.listPoliciesForTarget,
                                                        ["TargetId": .string(target), "Filter": .string(filter)]) ?? []
                    for summary in pages.flatMap({ $0["Policies"]?.arrayValue ?? [] }) {
                        if let id = summary["Id"]?.stringValue { policies.insert(id) }
                    }
                }
            }
            for id in policies.sorted() {
                try await recorder.call(OperationCatalog.describePolicy, ["PolicyId": .string(id)])
            }
        } catch {
            // A credential failure of the caller: nothing more is recorded; the path reads as not collected.
        }
        return await recorder.calls
    }

    /// `AccessDenied: User ... is not authorized to perform: sts:AssumeRole ...`.
    public static func reason(_ error: Error) -> String {
        if let error = error as? AWSError { return "\(error.code): \(error.message)" }
        if let error = error as? InputError { return error.description }
        return "\(error)"
    }

    /// The partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`.
    static func partition(of region: String) -> String {
        region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
    }
}

/// Counts the calls of every account-region for one progress display.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private let progress: @Sendable (Int) -> Void

    init(_ progress: @escaping @Sendable (Int) -> Void) {
        self.progress = progress
    }

    func add() {
        lock.lock()
        count += 1
        let now = count
        lock.unlock()
        progress(now)
    }
}
