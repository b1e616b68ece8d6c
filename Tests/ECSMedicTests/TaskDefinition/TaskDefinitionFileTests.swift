import ECSMedic
import Foundation
import Testing

@Suite struct TaskDefinitionFileTests {
    @Test func linesOfMembersAndArrayElements() {
        let text = """
        {
          "family": "demo",
          "containerDefinitions": [
            {"name": "a", "image": "x"},
            {
              "name": "b",
              "secrets": [
                {"name": "S", "valueFrom": "arn:aws:ssm:eu-west-1:111122223333:parameter/p"},
                {"name": "T",
                 "valueFrom": "q\\"uoted"}
              ]
            }
          ]
        }
        """
        let index = JSONLineIndex(text)
        #expect(index.line(of: "family") == 2)
        #expect(index.line(of: "containerDefinitions[0].image") == 4)
        #expect(index.line(of: "containerDefinitions[1]") == 5)
        #expect(index.line(of: "containerDefinitions[1].secrets[0].valueFrom") == 8)
        #expect(index.line(of: "containerDefinitions[1].secrets[1].valueFrom") == 10)
        #expect(index.line(of: "containerDefinitions[1].logConfiguration") == 5, "a missing member falls back to its parent")
        #expect(index.line(of: "cpu") == 1)
    }

    @Test func malformedTextIndexesWhatItCanWithoutTrapping() {
        #expect(JSONLineIndex("{\"a\": [1, 2,\n").line(of: "a") == 1)
        #expect(JSONLineIndex("").line(of: "a") == 1)
        #expect(JSONLineIndex("\"unterminated").lines.count == 1)
    }

    @Test func describeTaskDefinitionOutputIsReadToo() throws {
        let path = FixtureLibrary.path("seed-healthy") + "/ecs-describe-task-definition.json"
        let file = try TaskDefinitionFile(path: path)
        #expect(file.definition.family == "demo-app")
        #expect(file.line(of: "containerDefinitions[0].image") == 7)
    }

    @Test func aFileThatIsNotATaskDefinitionIsAnInputError() throws {
        let path = FixtureLibrary.path("seed-healthy") + "/ec2-describe-vpcs.json"
        #expect(throws: InputError("\(path): not a task definition: missing \"containerDefinitions\"")) {
            try TaskDefinitionFile(path: path)
        }
    }

    @Test(arguments: [
        ("111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2", "team/app", ECRImageReference.Version.tag("1.2")),
        ("111122223333.dkr.ecr.eu-west-1.amazonaws.com/app", "app", .tag("latest")),
        ("111122223333.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:abc", "app", .digest("sha256:abc")),
    ])
    func ecrImageReferences(image: String, repository: String, version: ECRImageReference.Version) throws {
        let reference = try #require(ECRImageReference(image))
        #expect(reference.repository == repository)
        #expect(reference.version == version)
    }

    @Test func nonECRImagesAreNotReferences() {
        #expect(ECRImageReference("public.ecr.aws/nginx/nginx:1.27") == nil)
        #expect(ECRImageReference("nginx:latest") == nil)
    }
}
