import ECSMedic
import Testing

@Test func versionIsSemantic() {
    #expect(ECSMedicVersion.current.split(separator: ".").count == 3)
}
