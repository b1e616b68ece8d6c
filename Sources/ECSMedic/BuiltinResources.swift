/// The data files built into ecs-medic: the built-in rules and the shipped data sets.
public enum BuiltinResources {
    /// The files whose path (relative to the package root) starts with `folder/`, sorted by path.
    public static func files(under folder: String) -> [(path: String, text: String)] {
        EmbeddedResources.files
            .filter { $0.key.hasPrefix(folder + "/") }
            .sorted { $0.key < $1.key }
            .map { (path: $0.key, text: $0.value) }
    }
}
