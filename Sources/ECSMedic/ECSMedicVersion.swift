/// The version ecs-medic reports in `--version` and in its JSON reports.
public enum ECSMedicVersion {
    public static let current = "0.1.0"
}
