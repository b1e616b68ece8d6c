import AWSClient
@testable import ECSMedic
import Testing

/// Service names resolved through Route 53 private hosted zones associated with the task's VPC, each on a seed
/// fixture with its zones added in memory (the answers `list-hosted-zones-by-vpc` and `list-resource-record-sets`
/// give), and its near miss.
@Suite struct PrivateHostedZoneTests {
    static let vpc = "vpc-063d06efffe55a239"
    static let host = "secretsmanager.ap-northeast-2.amazonaws.com"
    static let sharedEndpoint = "vpce-0a9b8c7d6e5f40312"

    static func zone(_ name: String, id: String = "Z04719322C5V1SZ0QJPZL") -> PrivateHostedZone {
        PrivateHostedZone(hostedZoneId: id, name: name + ".")
    }

    /// The alias record a hub account writes for a shared endpoint: the zone apex → the endpoint's regional name.
    static func alias(_ name: String, to endpointDNS: String) -> ResourceRecordSet {
        ResourceRecordSet(name: name + ".", type: "A",
                          aliasTarget: .init(dnsName: endpointDNS + ".", hostedZoneId: "Z27LBVC2MBKN0L"), resourceRecords: nil)
    }

    static func withZone(_ facts: Facts, _ zone: PrivateHostedZone, records: [ResourceRecordSet]?) -> Facts {
        var facts = facts
        facts.privateHostedZones[vpc] = [zone]
        if let records { facts.resourceRecordSets[zone.id] = records }
        return facts
    }

    static func secretsManager(_ facts: Facts) throws -> PathVerdict {
        try ReachabilityPrecisionTests.verdict(try ReachabilityPrecisionTests.diagnose(facts), "secretsmanager")
    }

    @Test func anEndpointSharedFromAnotherVPCIsUnverifiable() throws {
        let seed = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        let shared = Self.withZone(seed, Self.zone(Self.host), records: [
            Self.alias(Self.host, to: "\(Self.sharedEndpoint)-k3x9q2vd.secretsmanager.ap-northeast-2.vpce.amazonaws.com"),
        ])
        let verdict = try Self.secretsManager(shared)
        #expect(verdict.outcome == .unknown)
        #expect(verdict.decidingHop?.kind == .unverifiable)
        #expect(verdict.decidingHop?.resource == Self.sharedEndpoint)
        // Near miss: the zones were listed and none is named for the service: no endpoint, no NAT: blocked.
        var listed = seed
        listed.privateHostedZones[Self.vpc] = []
        #expect(try Self.secretsManager(listed).outcome == .blocked)
    }

    @Test func theVPCsOwnEndpointWithPrivateDNSOffServesThroughAZone() throws {
        let seed = try FixtureLibrary.facts("seed-private-dns-off")
        #expect(try Self.secretsManager(seed).decidingHop?.kind == .endpointDNS)
        let endpoint = try #require(seed.vpcEndpoints?.first { $0.serviceName?.hasSuffix(".secretsmanager") == true })
        let zoned = Self.withZone(seed, Self.zone(Self.host), records: [
            Self.alias(Self.host, to: "\(endpoint.vpcEndpointId)-7hq2mzpw.secretsmanager.ap-northeast-2.vpce.amazonaws.com"),
        ])
        let verdict = try Self.secretsManager(zoned)
        #expect(verdict.outcome == .reachable)
        #expect(verdict.hops.contains { $0.kind == .endpointDNS && $0.resource == "Z04719322C5V1SZ0QJPZL" && $0.passes == true })
        // Near miss: the same zone whose record points at a name that is not an endpoint's.
        let elsewhere = Self.withZone(seed, Self.zone(Self.host), records: [
            ResourceRecordSet(name: Self.host, type: "CNAME", aliasTarget: nil, resourceRecords: [.init(value: "proxy.corp.example.")]),
        ])
        #expect(try Self.secretsManager(elsewhere).decidingHop?.kind == .unverifiable)
    }

    @Test func aParentZoneWithoutTheServicesRecordHidesTheName() throws {
        // A zone for the whole regional domain answers every name under it: without a record, NXDOMAIN.
        let seed = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        let parent = Self.zone("ap-northeast-2.amazonaws.com")
        let ecrOnly = [Self.alias("api.ecr.ap-northeast-2.amazonaws.com", to: "vpce-0123456789abcdef0-aaaa.api.ecr.ap-northeast-2.vpce.amazonaws.com")]
        let verdict = try Self.secretsManager(Self.withZone(seed, parent, records: ecrOnly))
        #expect(verdict.outcome == .blocked)
        #expect(verdict.decidingHop?.kind == .endpointDNS)
        #expect(verdict.decidingHop?.detail.contains("has no record for \(Self.host)") == true)
        // Near miss: a wildcard record in the same zone covers the name.
        let wildcard = ecrOnly + [Self.alias("\\052.ap-northeast-2.amazonaws.com", to: "\(Self.sharedEndpoint)-zz.vpce.amazonaws.com")]
        let covered = try Self.secretsManager(Self.withZone(seed, parent, records: wildcard))
        #expect(covered.decidingHop?.resource == Self.sharedEndpoint)
        #expect(covered.outcome == .unknown)
        // Near miss: with its own endpoint's private DNS (a zone for the service's name itself), the more specific
        // zone answers and the parent zone is never asked.
        let healthy = try FixtureLibrary.facts("seed-healthy")
        #expect(try Self.secretsManager(Self.withZone(healthy, parent, records: ecrOnly)).outcome == .reachable)
    }

    @Test func missingZoneFactsMakeTheDNSPartUnknownNeverBlocked() throws {
        let seed = try FixtureLibrary.facts("seed-no-secretsmanager-endpoint")
        // The zones could not be listed, but the VPC has no Secrets Manager endpoint and the subnets no route beyond
        // the VPC: whatever a zone answers, the task cannot reach it. The block stands, with a note.
        var denied = seed
        denied.privateHostedZonesFailed = [Self.vpc]
        let closed = try Self.secretsManager(denied)
        #expect(closed.outcome == .blocked)
        #expect(closed.hops.contains { $0.isNote && $0.detail.contains("could not be listed") })
        // Near miss: a transit gateway route to private space beyond the VPC; a zone may send the name to a hub
        // VPC's endpoint there, so the verdict is unknown and names the permission.
        let verdict = try Self.secretsManager(denied.addingTransitGatewayRoute("10.100.0.0/16", "tgw-0a1b2c3d4e5f60718"))
        #expect(verdict.outcome == .unknown)
        #expect(verdict.unverified.contains { $0.permission == "route53:ListHostedZonesByVPC" })
        // A zone named for the service whose records could not be read: unknown as well.
        let unread = Self.withZone(seed, Self.zone(Self.host), records: nil)
        let unreadVerdict = try Self.secretsManager(unread)
        #expect(unreadVerdict.outcome == .unknown)
        #expect(unreadVerdict.unverified.contains { $0.permission == "route53:ListResourceRecordSets" })
        // Near miss: the listing worked and found nothing: blocked.
        var listed = seed
        listed.privateHostedZones[Self.vpc] = []
        #expect(try Self.secretsManager(listed).outcome == .blocked)
    }

    @Test func theDecoderReadsTheCLIAnswersByTheirLabels() throws {
        let snapshot = Snapshot(calls: [
            SnapshotCall(service: "route53", operation: "list-hosted-zones-by-vpc",
                         request: ["VPCId": .string(Self.vpc), "VPCRegion": "ap-northeast-2"],
                         response: ["HostedZoneSummaries": [["HostedZoneId": "Z04719322C5V1SZ0QJPZL", "Name": "secretsmanager.ap-northeast-2.amazonaws.com.",
                                                             "Owner": ["OwningAccount": "444455556666"]]],
                                    "MaxItems": "100"],
                         origin: "route53-list-hosted-zones-by-vpc.json"),
            SnapshotCall(service: "route53", operation: "list-resource-record-sets",
                         request: ["HostedZoneId": "/hostedzone/Z04719322C5V1SZ0QJPZL"],
                         response: ["ResourceRecordSets": [
                             ["Name": "secretsmanager.ap-northeast-2.amazonaws.com.", "Type": "A",
                              "AliasTarget": ["HostedZoneId": "Z27LBVC2MBKN0L", "EvaluateTargetHealth": false,
                                              "DNSName": "vpce-0a9b8c7d6e5f40312-k3x9q2vd.secretsmanager.ap-northeast-2.vpce.amazonaws.com."]],
                             ["Name": "secretsmanager.ap-northeast-2.amazonaws.com.", "Type": "NS", "TTL": 172800,
                              "ResourceRecords": [["Value": "ns-1536.awsdns-00.co.uk."]]],
                         ]],
                         origin: "route53-list-resource-record-sets.json"),
            SnapshotCall(service: "route53", operation: "ListHostedZonesByVPC", request: ["VPCId": "vpc-0other"], response: nil,
                         error: .init(code: "AccessDenied"), origin: "route53-list-hosted-zones-by-vpc--vpc-0other.json"),
        ])
        let facts = try FactsDecoder().facts(from: snapshot)
        #expect(facts.privateHostedZones[Self.vpc]?.map(\.domain) == [Self.host])
        let records = try #require(facts.resourceRecordSets["Z04719322C5V1SZ0QJPZL"])
        #expect(records.count == 2)
        #expect(records.first?.target == "vpce-0a9b8c7d6e5f40312-k3x9q2vd.secretsmanager.ap-northeast-2.vpce.amazonaws.com")
        #expect(records.first.flatMap { ReachabilityEngine.endpointId(inDNSName: $0.target ?? "") } == Self.sharedEndpoint)
        #expect(facts.privateHostedZonesFailed == ["vpc-0other"])
        #expect(facts.privateHostedZones["vpc-0other"] == nil)
    }
}
