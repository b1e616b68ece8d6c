/// AWS's global condition context keys (IAM User Guide, "AWS global condition context keys"), lower-cased; keys ending
/// in `/` take a tag key after them.
enum GlobalConditionKeys {
    private static let exact: Set<String> = [
        "aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "aws:currenttime", "aws:epochtime",
        "aws:federatedprovider", "aws:multifactorauthage", "aws:multifactorauthpresent", "aws:principalaccount",
        "aws:principalarn", "aws:principalisawsservice", "aws:principalorgid", "aws:principalorgpaths",
        "aws:principalservicename", "aws:principalservicenameslist", "aws:principaltype", "aws:referer",
        "aws:requestedregion", "aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths", "aws:securetransport",
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceidentity", "aws:sourceip", "aws:sourceorgid",
        "aws:sourceorgpaths", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcevpcarn", "aws:tagkeys", "aws:tokenissuetime",
        "aws:useragent", "aws:userid", "aws:username", "aws:viaawsservice", "aws:vpcsourceip",
        "aws:ec2instancesourcevpc", "aws:ec2instancesourceprivateipv4", "aws:vpceaccount", "aws:vpceorgid",
        "aws:vpceorgpaths", "aws:assumedroot", "aws:chatbotsourcearn",
    ]
    private static let prefixes = ["aws:principaltag/", "aws:requesttag/", "aws:resourcetag/"]

    static func contains(_ key: String) -> Bool {
        exact.contains(key) || prefixes.contains { key.hasPrefix($0) && key.count > $0.count }
    }
}
