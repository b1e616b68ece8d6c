@testable import AWSClient
import Foundation
import FuzzDriver

/// Fuzzes the response decoders of some services: the first two input bytes pick a service and an operation, the
/// rest is the response body, decoded as a success and as an error.
public enum ResponseFuzzer {
    public static func run(_ serviceIDs: [AWSServiceID]) -> Never {
        let services: [(AWSServiceID, ServiceModel, [ServiceModel.Operation])] = serviceIDs.compactMap { service in
            guard let model = try? ServiceModel.named(service) else { return nil }
            return (service, model, model.operations.keys.sorted().compactMap { model.operations[$0] })
        }
        FuzzDriver.run { input in
            guard input.count >= 2, !services.isEmpty else { return }
            let (service, model, operations) = services[Int(input[0]) % services.count]
            guard !operations.isEmpty else { return }
            let operation = operations[Int(input[1]) % operations.count]
            let body = Data(input.dropFirst(2))
            let parser = ResponseParser(service: service, model: model)
            _ = try? parser.output(operation, HTTPResponse(status: 200, headers: [:], body: body))
            _ = parser.error(HTTPResponse(status: 400, headers: [:], body: body))
        }
    }
}
