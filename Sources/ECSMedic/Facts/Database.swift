/// An Aurora cluster as `aws rds describe-db-clusters` prints it.
public struct DBCluster: Sendable, Decodable, Equatable {
    public var dbClusterIdentifier: String
    public var dbClusterArn: String?
    public var endpoint: String?
    public var readerEndpoint: String?
    public var port: Int?
    public var engine: String?
    public var vpcSecurityGroups: [VpcSecurityGroupMembership]?
    public var masterUserSecret: MasterUserSecret?
    public var dbSubnetGroup: String?
}

/// An RDS instance as `aws rds describe-db-instances` prints it.
public struct DBInstance: Sendable, Decodable, Equatable {
    public var dbInstanceIdentifier: String
    public var dbClusterIdentifier: String?
    public var endpoint: Endpoint?
    public var engine: String?
    public var vpcSecurityGroups: [VpcSecurityGroupMembership]?
    public var masterUserSecret: MasterUserSecret?
    public var dbSubnetGroup: SubnetGroup?

    public struct Endpoint: Sendable, Decodable, Equatable {
        public var address: String?
        public var port: Int?
    }

    public struct SubnetGroup: Sendable, Decodable, Equatable {
        public var vpcId: String?
        public var subnets: [SubnetReference]?
    }

    public struct SubnetReference: Sendable, Decodable, Equatable {
        public var subnetIdentifier: String?
    }
}

public struct VpcSecurityGroupMembership: Sendable, Decodable, Equatable {
    public var vpcSecurityGroupId: String
    public var status: String?
}

/// The secret RDS manages for a cluster's or instance's master user (`ManageMasterUserPassword`).
public struct MasterUserSecret: Sendable, Decodable, Equatable {
    public var secretArn: String?
    public var kmsKeyId: String?
}
