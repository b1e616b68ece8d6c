@testable import ECSMedic
import Foundation
import Testing

/// The cluster query language over the documented expression forms (ECS developer guide, "Create expressions to
/// define container instances for Amazon ECS tasks"), evaluated on two container instances.
@Suite struct ClusterQueryTests {
    static func instance(_ id: String, type: String, zone: String, running: Int = 0, connected: Bool = true,
                         registeredAt: String = "2026-12-01T09:12:44.518000+00:00", agent: String = "1.89.2",
                         extra: [String: String?] = [:]) -> ContainerInstance {
        var attributes = [ContainerInstance.Attribute(name: "ecs.instance-type", value: type),
                          ContainerInstance.Attribute(name: "ecs.availability-zone", value: zone),
                          ContainerInstance.Attribute(name: "ecs.cpu-architecture", value: "x86_64"),
                          ContainerInstance.Attribute(name: "ecs.capability.secrets.asm.environment-variables", value: nil)]
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { attributes.append(.init(name: name, value: value)) }
        var instance = ContainerInstance(containerInstanceArn: "arn:aws:ecs:ap-northeast-2:111122223333:container-instance/demo/\(id)",
                                         ec2InstanceId: id)
        instance.attributes = attributes
        instance.runningTasksCount = running
        instance.agentConnected = connected
        instance.registeredAt = registeredAt
        instance.versionInfo = .init(agentVersion: agent)
        return instance
    }

    static let small = instance("i-0a1b2c3d4e5f60718", type: "t2.small", zone: "ap-northeast-2a", running: 1)
    static let gpu = instance("i-0f9e8d7c6b5a49382", type: "g2.2xlarge", zone: "ap-northeast-2c", connected: false,
                              registeredAt: "2018-06-18T22:28:28+00:00", agent: "1.14.5", extra: ["stack": "prod"])

    static func holds(_ expression: String) throws -> [Bool?] {
        let query = try ClusterQueryParser.parse(expression)
        return [query.evaluate(small), query.evaluate(gpu)]
    }

    @Test func attributeEqualityAndItsWordForm() throws {
        #expect(try Self.holds("attribute:ecs.instance-type == t2.small") == [true, false])
        #expect(try Self.holds("attribute:ecs.instance-type equals t2.small") == [true, false])
        #expect(try Self.holds("attribute:ecs.instance-type != t2.small") == [false, true])
        #expect(try Self.holds("attribute:ecs.instance-type not_equals t2.small") == [false, true])
    }

    @Test func listsWithBareAndQuotedValues() throws {
        #expect(try Self.holds("attribute:ecs.availability-zone in [ap-northeast-2a, ap-northeast-2b]") == [true, false])
        #expect(try Self.holds("attribute:ecs.availability-zone not_in [ap-northeast-2a, ap-northeast-2b]") == [false, true])
        #expect(try Self.holds("attribute:ecs.availability-zone !in [ap-northeast-2a]") == [false, true])
        #expect(try Self.holds("ec2InstanceId in ['i-0a1b2c3d4e5f60718', 'i-wxyx7890']") == [true, false])
    }

    @Test func regularExpressionsMatchTheWholeValue() throws {
        #expect(try Self.holds("attribute:ecs.instance-type =~ g2.*") == [false, true])
        #expect(try Self.holds("attribute:ecs.instance-type matches t2.*") == [true, false])
        #expect(try Self.holds("attribute:ecs.instance-type !~ t2.*") == [false, true])
        #expect(try Self.holds("attribute:ecs.instance-type =~ small") == [false, false], "a part of the value is not a match")
        #expect(try Self.holds("not(attribute:ecs.instance-type =~ t2.*)") == [false, true], "the closing parenthesis ends the pattern")
    }

    @Test func existsAndAnAttributeWithoutAValue() throws {
        #expect(try Self.holds("attribute:stack exists") == [false, true])
        #expect(try Self.holds("attribute:stack !exists") == [true, false])
        #expect(try Self.holds("attribute:stack not_exists") == [true, false])
        #expect(try Self.holds("attribute:ecs.capability.secrets.asm.environment-variables exists") == [true, true])
        #expect(try Self.holds("attribute:stack == prod") == [false, true], "an absent attribute equals nothing")
        #expect(try Self.holds("attribute:stack != prod") == [true, false])
    }

    @Test func compoundExpressionsWithPrecedence() throws {
        #expect(try Self.holds("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != ap-northeast-2a") == [false, true])
        #expect(try Self.holds("attribute:ecs.instance-type =~ t2.* && attribute:ecs.availability-zone in [ap-northeast-2a]") == [true, false])
        #expect(try Self.holds("ec2InstanceId in ['i-0f9e8d7c6b5a49382'] or attribute:ecs.instance-type =~ t2.*") == [true, true])
        // and binds tighter than or: false or (true and false) is false for the small instance.
        #expect(try Self.holds("attribute:stack exists || attribute:ecs.instance-type == t2.small and agentConnected == false") == [false, true])
        #expect(try Self.holds("(attribute:stack exists || attribute:ecs.instance-type == t2.small) and agentConnected == true") == [true, false])
        #expect(try Self.holds("!(agentConnected == true)") == [false, true])
    }

    @Test func numbersVersionsAndDates() throws {
        #expect(try Self.holds("runningTasksCount == 1") == [true, false])
        #expect(try Self.holds("runningTasksCount > 0") == [true, false])
        #expect(try Self.holds("runningTasksCount less_than_equal 0") == [false, true])
        #expect(try Self.holds("agentVersion < 1.20.0") == [false, true])
        #expect(try Self.holds("agentVersion >= 1.89.2") == [true, false])
        #expect(try Self.holds("registeredAt < 2018-06-19") == [false, true])
        #expect(try Self.holds("registeredAt == 2018-06-18T22:28:28Z") == [false, true])
        #expect(try Self.holds("registeredAt >= 2018-06-18T22:28:28+00:00") == [true, true])
        #expect(try Self.holds("registeredAt greater_than 2026-12-01T09:00:00") == [true, false])
    }

    @Test func taskGroupIsUnknownWithoutTheTasksEachInstanceRuns() throws {
        let query = try ClusterQueryParser.parse("task:group == service:production")
        #expect(query == .comparison(.taskGroup, .equals, .value("service:production")))
        #expect(try Self.holds("task:group == service:production") == [nil, nil])
        #expect(try Self.holds("not(task:group == database)") == [nil, nil])
        // Three-valued logic: a false side decides an and, a true side an or.
        #expect(try Self.holds("task:group == database and attribute:stack exists") == [false, nil])
        #expect(try Self.holds("task:group == database or attribute:stack exists") == [nil, true])
    }

    @Test func theParsedTreeNamesItsSubjects() throws {
        let query = try ClusterQueryParser.parse("attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone in [a, b]")
        #expect(query == .and(.comparison(.attribute("ecs.instance-type"), .matches, .value("t2.*")),
                              .comparison(.attribute("ecs.availability-zone"), .in, .list(["a", "b"]))))
        #expect(query.subjects == [.attribute("ecs.instance-type"), .attribute("ecs.availability-zone")])
        #expect(ClusterQuery.value(of: .attribute("ecs.instance-type"), in: Self.small) == "t2.small")
        #expect(ClusterQuery.value(of: .attribute("stack"), in: Self.small) == "absent")
    }

    @Test(arguments: [
        ("", 1, "the expression is empty"),
        ("attribute:ecs.instance-type t2.small", 29, "unknown operator \"t2.small\""),
        ("instanceType == t2.small", 1, "unknown subject \"instanceType\""),
        ("attribute:ecs.instance-type == ", 32, "equals needs a value"),
        ("attribute:ecs.availability-zone in us-east-1a", 36, "in takes a list [a, b, ...]"),
        ("attribute:ecs.availability-zone in [a, b", 41, "expected \",\" or \"]\" in the list"),
        ("(attribute:stack exists", 24, "the parenthesis opened at 1 is not closed"),
        ("attribute:stack exists attribute:x exists", 24, "unexpected \"attribute:x\" after a complete expression"),
        ("ec2InstanceId in ['i-0a1, 'i-0b2']", 33, "the quote ' is not closed"),
        ("attribute:ecs.instance-type =~ t2.[", 32, "t2.[ is not a regular expression this evaluator reads"),
    ] as [(String, Int, String)])
    func whatCannotBeReadNamesTheColumn(expression: String, column: Int, problem: String) throws {
        let error = try #require(throws: ClusterQueryError.self) { try ClusterQueryParser.parse(expression) }
        #expect(error.position == column, "\(error)")
        #expect(error.problem.hasPrefix(problem), "\(error)")
    }
}
